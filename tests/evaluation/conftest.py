"""Fixtures of the accuracy-harness tests: a generated corpus with labels, the shipped pack."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from eval_support import CONTROL, DRAFT, ENACTED, LABELS, write_pdf

from rules.loader import load_rule_pack
from rules.schema import RulePack


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(corpus folder, labels file) of three generated documents; one labelled file is absent."""
    root = tmp_path_factory.mktemp("eval-corpus")
    corpus = root / "corpus"
    write_pdf(corpus / "contoh" / "perbup-5-2022.pdf", ENACTED)
    write_pdf(corpus / "contoh" / "rancangan-perbup.pdf", DRAFT)
    write_pdf(corpus / "contoh" / "pergub-9-2021.pdf", CONTROL)
    labels = root / "labels.yaml"
    labels.write_text(yaml.safe_dump(LABELS, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return corpus, labels


@pytest.fixture(scope="session")
def spbe_pack() -> RulePack:
    return load_rule_pack("spbe-2020")
