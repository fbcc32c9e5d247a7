"""The documents screen: what bukti read from each file of a submission, and whether it counts.

Type, number, year, title and legal status are shown from the document's columns (the copies
the store keeps for filtering, and what :func:`rules.doc_classes.non_evidence_class` judges);
the page and confidence of each value, and the other identity fields, come from the stored
``DocumentMetadata`` dump. That dump is only displayed here, so it is read leniently: a field
missing or malformed shows as "-" rather than failing the page. A document of another government
(``review.foreign``) carries its reason and state, and assessors accept it (or revoke that) here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import DocumentStatus, Issue, TextMethod
from review.foreign import foreign_documents
from review.packs import get_pack
from review.service import load_submission
from review.settings import CHECK_METADATA_BELOW
from review.views import DocumentRow, DocumentsView, ForeignView, IssueView, MetaValue
from rules.doc_classes import non_evidence_class
from rules.labels import LEGAL_STATUS_LABELS
from rules.rationale import type_label
from rules.schema import RulePack
from store.models import Document, Page
from store.repository import documents_for
from store.users import User

_STATUSES = frozenset({"enacted", "draft"})  # not_applicable: the column stays empty
# Why a document the pipeline did not read cannot be evidence, whatever its metadata says.
_UNREAD_REASONS: dict[str, str] = {
    DocumentStatus.failure: "berkas gagal dibaca (lihat masalah)",
    DocumentStatus.skipped: "berkas dilewati (lihat masalah)",
}
_RETIRED_REASON = "berkas tidak lagi ada di folder, penilaian terbaru tidak membacanya"


class _PageStats(NamedTuple):
    stored: int
    ocr: int
    ocr_mean: float | None  # 0-100, over the OCR pages with a confidence
    empty: int


_NO_PAGES = _PageStats(0, 0, None, 0)


def documents_view(session: Session, submission_id: int, user: User | None) -> DocumentsView:
    """Every document of the submission, current ones first, each judged under its framework's pack."""
    submission = load_submission(session, submission_id, user)
    pack = get_pack(submission.framework)
    stats = _page_stats(session, submission.id)
    foreign = foreign_documents(session, submission, pack)
    rows = [
        _row(d, stats.get(d.id, _NO_PAGES), pack, foreign.get(d.id))
        for d in documents_for(session, submission.id, include_retired=True)
    ]
    return DocumentsView(
        submission_id=submission.id,
        region=submission.region,
        year=submission.year,
        framework=submission.framework,
        pack_version=pack.version,
        current=tuple(r for r in rows if r.retired_at is None),
        retired=tuple(r for r in rows if r.retired_at is not None),
    )


def _page_stats(session: Session, submission_id: int) -> dict[int, _PageStats]:
    """How the pages of each document were read (page text itself is not loaded)."""
    rows = session.execute(
        select(Page.document_id, Page.method, Page.ocr_confidence)
        .join(Document, Document.id == Page.document_id)
        .where(Document.submission_id == submission_id)
    )
    grouped: dict[int, list[tuple[str, float | None]]] = defaultdict(list)
    for document_id, method, confidence in rows:
        grouped[document_id].append((method, confidence))
    return {document_id: _stats(pages) for document_id, pages in grouped.items()}


def _stats(pages: list[tuple[str, float | None]]) -> _PageStats:
    ocr = [confidence for method, confidence in pages if method == TextMethod.ocr]
    known = [c for c in ocr if c is not None]
    empty = sum(1 for method, _ in pages if method == TextMethod.none)
    return _PageStats(len(pages), len(ocr), sum(known) / len(known) if known else None, empty)


def _row(document: Document, pages: _PageStats, pack: RulePack, foreign: ForeignView | None) -> DocumentRow:
    stored = document.doc_metadata or {}
    shown = document.legal_status in _STATUSES
    status = LEGAL_STATUS_LABELS.get(document.legal_status or "") if shown else None
    return DocumentRow(
        id=document.id,
        file_name=document.name,
        format=document.format,
        extraction=document.status,
        doc_type=_meta(stored, "doc_type", type_label(document.doc_type) if document.doc_type else None),
        number=_meta(stored, "number", document.number),
        year=_meta(stored, "year", str(document.year) if document.year is not None else None),
        title=_meta(stored, "title", document.title),
        status=_meta(stored, "status", status),
        date_set=_meta(stored, "date_set", _date(_stored_value(stored, "date_set"))),
        signer=_meta(stored, "signer", _stored_value(stored, "signer")),
        issuer=_meta(stored, "issuer", _stored_value(stored, "issuer")),
        region=_meta(stored, "region", _stored_value(stored, "region")),
        pages=pages.stored,
        ocr_pages=pages.ocr,
        ocr_confidence=pages.ocr_mean,
        empty_pages=pages.empty,
        issues=tuple(_issue(raw) for raw in document.issues or []),
        not_evidence=_not_evidence(document, pack, foreign),
        retired_at=document.retired_at,
        foreign=foreign,
    )


def _not_evidence(document: Document, pack: RulePack, foreign: ForeignView | None) -> str | None:
    """Why this document is not read as evidence (None: it is)."""
    if document.retired_at is not None:
        return _RETIRED_REASON
    if document.status in _UNREAD_REASONS:
        return _UNREAD_REASONS[document.status]
    if foreign is not None:
        return None if foreign.accepted else foreign.reason
    issuer = _stored_value(document.doc_metadata or {}, "issuer")
    name = non_evidence_class(document.doc_type, document.legal_status, document.title, pack, issuer)
    return pack.document_classes[name].description if name is not None else None


def _meta(stored: Mapping[str, Any], key: str, text: str | None) -> MetaValue | None:
    """``text`` with the page and confidence stored for field ``key`` (None when there is no value)."""
    if not text:
        return None
    raw = stored.get(key)
    field = raw if isinstance(raw, dict) else {}
    page = field.get("page")
    confidence = field.get("confidence")
    sure = float(confidence) if isinstance(confidence, int | float) else None
    return MetaValue(
        text=text,
        page=page if isinstance(page, int) else None,
        confidence=sure,
        uncertain=sure is not None and sure < CHECK_METADATA_BELOW,
    )


def _stored_value(stored: Mapping[str, Any], key: str) -> str | None:
    raw = stored.get(key)
    value = raw.get("value") if isinstance(raw, dict) else None
    return str(value) if value not in (None, "") else None


def _date(value: str | None) -> str | None:
    """An ISO date as Indonesian screens write it (12-03-2024); anything else unchanged."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).strftime("%d-%m-%Y")
    except ValueError:
        return value


def _issue(raw: Any) -> IssueView:
    issue = Issue.model_validate(raw)
    return IssueView(message=issue.message, severity=issue.severity.value, page=issue.page)
