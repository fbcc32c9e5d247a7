"""Indicators 11-47 on the real dev documents (text layer via pypdfium2, metadata from the labels).

Every dev PDF with a text layer is read, not chosen files: no level may be proposed for an
implementation or service indicator the annotator did not label (umbrella regulations, policy
manuals, evaluation reports and distractors must stay silent there), and most labelled levels
must be reproduced.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml
from rule_texts import read_pdf_document

from core.models import (
    DocType,
    DocumentMetadata,
    ExtractedDocument,
    LegalStatus,
    MetaField,
)
from rules.engine import propose_for_document
from rules.schema import RulePack

pytestmark = [pytest.mark.corpus, pytest.mark.slow]
IMPLEMENTATION = {str(i) for i in range(11, 48)}


def _document(path: Path, rec: dict) -> ExtractedDocument:
    date_set = rec.get("date_set")
    meta = DocumentMetadata(
        doc_type=MetaField[DocType](value=rec["doc_type"], page=1),
        status=MetaField[LegalStatus](value=rec["status"], page=1),
        title=MetaField[str](value=rec["title"], page=1) if rec.get("title") else None,
        year=MetaField[int](value=rec["year"], page=1) if rec.get("year") else None,
        date_set=MetaField[date](value=date.fromisoformat(str(date_set)), page=1) if date_set else None,
    )
    return read_pdf_document(path, meta)


def test_corpus_dev_labels_indicators_11_to_47(
    corpus_dir: Path, spbe_pack: RulePack, labels_file: Callable[[str], Path]
) -> None:
    records = yaml.safe_load(labels_file("dev.yaml").read_text(encoding="utf-8"))["records"]
    unlabelled, agree, labelled = [], 0, 0
    for rec in records:
        path = corpus_dir / rec["file"]
        if rec["text_layer"] not in ("text", "ocr-layer") or path.suffix != ".pdf" or not path.is_file():
            continue
        levels = {p.indicator_id: p.level for p in propose_for_document(_document(path, rec), spbe_pack)}
        wanted = {str(k): v["level"] for k, v in (rec.get("indicators") or {}).items()}
        for indicator in sorted(IMPLEMENTATION, key=int):
            if indicator in wanted:
                labelled += 1
                agree += levels[indicator] == wanted[indicator]
            elif levels[indicator] > 0:
                unlabelled.append((rec["file"], indicator, levels[indicator]))
    assert not unlabelled
    assert labelled >= 6 and agree / labelled >= 0.8
