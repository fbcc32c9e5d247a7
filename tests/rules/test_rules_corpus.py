"""Rules on real documents of the shared corpus (text via pypdfium2, metadata set by hand).

Metadata is given by hand because document identification is separate work; the dev-set
check reads it from the labels file so it covers every text-layer PDF, not chosen files.
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

pytestmark = pytest.mark.corpus
POLICY = [str(i) for i in range(1, 11)]


def _load(path: Path, meta: DocumentMetadata) -> ExtractedDocument:
    return read_pdf_document(path, meta)


def _meta(
    doc_type: str, status: str, title: str | None = None, year: int | None = None, **extra
) -> DocumentMetadata:
    date_set = extra.get("date_set")
    return DocumentMetadata(
        doc_type=MetaField[DocType](value=doc_type, page=1),
        status=MetaField[LegalStatus](value=status, page=1),
        title=MetaField[str](value=title, page=1) if title else None,
        year=MetaField[int](value=year, page=1) if year else None,
        number=MetaField[str](value=str(extra["number"]), page=1) if extra.get("number") else None,
        date_set=MetaField[date](value=date.fromisoformat(str(date_set)), page=1) if date_set else None,
    )


def test_corpus_batubara_enacted_perbup_levels_with_page_citations(
    corpus_file: Callable[[str], Path], spbe_pack: RulePack
) -> None:
    meta = _meta(
        "peraturan_bupati",
        "enacted",
        "Sistem Pemerintahan Berbasis Elektronik dalam Penyelenggaraan Pemerintahan Daerah",
        2021,
    )
    doc = _load(corpus_file("tugas-akhir-spbe/BatuBara.pdf"), meta)
    proposals = {p.indicator_id: p for p in propose_for_document(doc, spbe_pack)}
    for indicator in POLICY:
        proposal = proposals[indicator]
        assert proposal.level >= 2, (indicator, proposal.rationale)
        assert proposal.level <= 3  # a policy text alone has no review record
        assert proposal.passages
        for passage in proposal.passages:
            assert 1 <= passage.page <= len(doc.pages)
            cited = " ".join(doc.pages[passage.page - 1].text[passage.start : passage.end].split()).lower()
            assert passage.matched.split(" … ")[0].lower() in cited


def test_corpus_lamongan_draft_never_above_level_1(
    corpus_file: Callable[[str], Path], spbe_pack: RulePack
) -> None:
    meta = _meta("peraturan_bupati", "draft", "Sistem Pemerintahan Berbasis Elektronik", 2021)
    doc = _load(corpus_file("tugas-akhir-spbe/lamongan-dokumen-lama.pdf"), meta)
    proposals = propose_for_document(doc, spbe_pack)
    assert all(p.level <= 1 for p in proposals)
    assert sum(p.level == 1 for p in proposals if p.indicator_id in POLICY) >= 8


@pytest.mark.slow
def test_corpus_dev_labels_policy_indicators(
    corpus_dir: Path, spbe_pack: RulePack, labels_file: Callable[[str], Path]
) -> None:
    """Over all dev text-layer PDFs: no level proposed where the annotator saw no evidence for
    indicators 1-10, and most labelled levels reproduced (per document, metadata from labels)."""
    records = yaml.safe_load(labels_file("dev.yaml").read_text(encoding="utf-8"))["records"]
    false_positive, agree, labelled = [], 0, 0
    for rec in records:
        path = corpus_dir / rec["file"]
        if rec["text_layer"] not in ("text", "ocr-layer") or path.suffix != ".pdf" or not path.is_file():
            continue
        meta = _meta(
            rec["doc_type"],
            rec["status"],
            rec.get("title"),
            rec.get("year"),
            number=rec.get("number"),
            date_set=rec.get("date_set"),
        )
        proposals = {p.indicator_id: p.level for p in propose_for_document(_load(path, meta), spbe_pack)}
        wanted = {str(k): v["level"] for k, v in (rec.get("indicators") or {}).items()}
        for indicator in POLICY:
            if indicator in wanted:
                labelled += 1
                agree += proposals[indicator] == wanted[indicator]
            elif proposals[indicator] > 0:
                false_positive.append((rec["file"], indicator, proposals[indicator]))
    assert not false_positive
    assert labelled >= 20 and agree / labelled >= 0.85
