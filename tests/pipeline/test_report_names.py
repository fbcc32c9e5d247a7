"""Indicator names as the CLI tables and the Prefect artifact show them."""

from __future__ import annotations

import pytest

from pipeline.report import render_markdown, report_rows, short_name
from rules.loader import load_rule_pack
from rules.scoring import compute_index


@pytest.mark.parametrize("framework", ["spbe-2020", "pemdi-2026"])
def test_short_names_tell_every_indicator_apart(framework: str) -> None:
    names = load_rule_pack(framework).indicator_names()
    short = {short_name(n) for n in names.values()}
    assert len(short) == len(names)


def test_policy_indicators_keep_kebijakan_internal() -> None:
    names = load_rule_pack("spbe-2020").indicator_names()
    assert short_name(names["1"]).startswith("Kebijakan Internal ")
    assert short_name(names["11"]) == "Arsitektur SPBE Instansi Pusat/Pemerintah Daerah"
    assert short_name(names["3"]) != short_name(names["23"])


def test_artifact_names_differ_for_policy_and_practice() -> None:
    from core.models import Proposal

    pack = load_rule_pack("spbe-2020")
    proposals = [
        Proposal(framework=pack.name, pack_version=pack.version, pack_hash=pack.content_hash,
                 indicator_id=i, level=1, confidence=0.5, rationale="")
        for i in ("2", "12")
    ]
    rows = report_rows(proposals, pack.indicator_names())
    text = render_markdown(rows, compute_index({"2": 1, "12": 1}, pack), "Judul", "Ringkasan")
    assert "| 2 | Kebijakan Internal Peta Rencana SPBE" in text
    assert "| 12 | Peta Rencana SPBE" in text
