"""The indicator screen: level checklist, cited passages, gap guidance, decision history, the
documents of another government the proposal would have cited but does not count, the place of
the indicator in its framework (previous/next), and the page of the selected citation."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import OcrRegion, WithheldDocument
from review.citation_text import citation_reason, criterion_kinds, found_text, weakness_note
from review.errors import NotFoundError
from review.foreign import foreign_documents
from review.packs import get_pack
from review.pages import RenderLimits, citation_spans, page_source
from review.service import build_summary, decision_history, indicator_rows, load_submission
from review.views import (
    CitationView,
    CriterionView,
    ForeignView,
    IndicatorRow,
    IndicatorView,
    LevelCriteria,
    Navigation,
    PagePreview,
    WithheldView,
)
from store.models import Document, Page, ProposalRow
from store.review_repo import IndicatorState, ReviewStatus, review_states
from store.users import User


def indicator_view(
    session: Session, submission_id: int, indicator_id: str, user: User | None, selected: int | None = None
) -> IndicatorView:
    """Everything the assessor needs to decide one indicator; ``selected`` is the citation whose
    page is shown (a citation of another proposal is ignored: the strongest is shown instead)."""
    submission = load_submission(session, submission_id, user)
    pack = get_pack(submission.framework)
    try:
        spec = pack.indicator(indicator_id)
    except KeyError as e:
        raise NotFoundError(f"indikator {indicator_id} tidak ada dalam {pack.name}") from e
    states = review_states(session, submission.id)
    state = states.get(indicator_id) or IndicatorState(indicator_id, None, None)
    proposal = state.proposal
    level_names = {n: pack.level_name(indicator_id, n) for n in range(0, 6)}
    foreign = {f.sha256: f for f in foreign_documents(session, submission, pack).values()}
    kinds = criterion_kinds(pack, indicator_id)
    rows = indicator_rows(pack, states)
    citations = _citations(session, proposal, foreign, kinds)
    return IndicatorView(
        submission=build_summary(session, submission, states),
        row=rows[indicator_id],
        level_names=level_names,
        levels=_levels(proposal, level_names, kinds),
        citations=citations,
        gaps=tuple(proposal.next_level_missing) if proposal is not None else (),
        rationale=proposal.rationale if proposal is not None else "",
        manual_reason=spec.manual_reason if spec.manual else None,
        decisions=tuple(decision_history(session, submission.id, indicator_id)),
        guidance=_guidance(proposal),
        withheld=_withheld(session, submission.id, proposal, foreign),
        navigation=_navigation(rows, indicator_id),
        selected=next((c for c in citations if c.id == selected), citations[0] if citations else None),
    )


_OPEN = (ReviewStatus.pending, ReviewStatus.stale)


def _navigation(rows: dict[str, IndicatorRow], indicator_id: str) -> Navigation:
    """Previous and next in framework order, and the next indicator still to review (wrapping)."""
    ids = list(rows)
    at = ids.index(indicator_id)
    later = ids[at + 1 :] + ids[:at]
    return Navigation(
        position=at + 1,
        total=len(ids),
        previous=ids[at - 1] if at > 0 else None,
        next=ids[at + 1] if at + 1 < len(ids) else None,
        next_open=next((i for i in later if rows[i].status in _OPEN), None),
    )


def page_preview(
    session: Session, submission_id: int, citation: CitationView | None, limits: RenderLimits | None = None
) -> PagePreview | None:
    """The cited page beside the decision: whether its image can be shown (else why), and its text."""
    if citation is None:
        return None
    try:
        source = page_source(session, submission_id, citation.document_id, citation.page, limits)
    except NotFoundError:
        return None  # the page is no longer stored: the citation card still links to it
    spans = citation_spans(session, citation.document_id, citation.page, citation.id)
    return PagePreview(
        citation_id=citation.id,
        document_id=citation.document_id,
        file_name=citation.file_name,
        page=citation.page,
        image_available=source.image_available,
        note=source.note,
        text=source.text,
        spans=tuple(spans),
    )


GUIDANCE_PARTS = (("fakta", "Fakta"), ("analisis", "Analisis"), ("justifikasi", "Justifikasi"),
                  ("rekomendasi", "Rekomendasi"))


def _guidance(proposal: ProposalRow | None) -> tuple[tuple[str, str], ...]:
    stored = (proposal.guidance or {}) if proposal is not None else {}
    return tuple((label, str(stored[key])) for key, label in GUIDANCE_PARTS if stored.get(key))


def _levels(proposal: ProposalRow | None, names: dict[int, str],
            kinds: dict[str, str]) -> tuple[LevelCriteria, ...]:
    if proposal is None:
        return ()
    criteria = [_criterion(raw, kinds) for raw in proposal.criteria]
    levels = sorted({c.level for c in criteria})
    return tuple(
        LevelCriteria(level, names.get(level, ""), tuple(c for c in criteria if c.level == level))
        for level in levels
    )


def _criterion(raw: dict[str, Any], kinds: dict[str, str]) -> CriterionView:
    rule_id = str(raw.get("rule_id", ""))
    found = tuple(str(x) for x in raw.get("found", []))
    return CriterionView(
        rule_id=rule_id,
        level=int(raw.get("level", 0)),
        description=str(raw.get("description", "")),
        met=bool(raw.get("met", False)),
        found=found,
        missing=tuple(str(x) for x in raw.get("missing", [])),
        found_text=found_text(kinds.get(rule_id, "terms"), found),
    )


class _OcrReading(NamedTuple):
    confidence: float | None  # 0-100
    image: bool  # OCR'd from an image area of a text-layer page


_NOT_OCR = _OcrReading(None, False)


def _ocr_readings(session: Session, proposal: ProposalRow) -> dict[int, _OcrReading]:
    """How the text of every citation read by OCR was read, by citation id.

    A page read by OCR as a whole gives its confidence to every citation on it; on a text-layer
    page only a citation touching an OCR'd image area (e.g. a signature block) was read by OCR.
    """
    cited = {(c.document_id, c.page) for c in proposal.citations}
    if not cited:
        return {}
    rows = session.execute(
        select(Page.document_id, Page.number, Page.method, Page.ocr_confidence, Page.ocr_regions).where(
            Page.document_id.in_({doc for doc, _ in cited}), Page.number.in_({page for _, page in cited})
        )
    )
    pages = {(doc, number): (method, conf, regions) for doc, number, method, conf, regions in rows}
    readings: dict[int, _OcrReading] = {}
    for c in proposal.citations:
        method, conf, regions = pages.get((c.document_id, c.page), ("", None, None))
        region = _image_region(regions or [], c.start, c.end)
        if region is not None:
            readings[c.id] = _OcrReading(region.confidence, True)
        elif method == "ocr" and conf is not None:
            readings[c.id] = _OcrReading(float(conf), False)
    return readings


def _image_region(stored: list[dict[str, Any]], start: int, end: int) -> OcrRegion | None:
    """The OCR'd image area that the span ``start:end`` overlaps (any OCR'd character counts)."""
    regions = (OcrRegion.model_validate(raw) for raw in stored)
    return next((r for r in regions if start < r.end and end > r.start), None)


def _withheld(session: Session, submission_id: int, proposal: ProposalRow | None,
              foreign: dict[str, ForeignView]) -> tuple[WithheldView, ...]:
    """Documents of another government this proposal would have cited, with their state now."""
    if proposal is None or not proposal.withheld:
        return ()
    entries = [WithheldDocument.model_validate(raw) for raw in proposal.withheld]
    query = select(Document.sha256, Document.id).where(
        Document.submission_id == submission_id, Document.sha256.in_({e.sha256 for e in entries}))
    ids = {sha: document_id for sha, document_id in session.execute(query)}
    return tuple(
        WithheldView(file_name=e.file_name, document_id=ids.get(e.sha256), reason=e.reason,
                     level_with=e.level_with,
                     state=foreign[e.sha256].state_label if e.sha256 in foreign else e.reason)
        for e in entries
    )


def _foreign_note(view: ForeignView | None) -> str | None:
    """What a citation of a foreign document says: where it is from, and who accepted it."""
    if view is None:
        return None
    return f"dokumen dari {view.government}; {view.state_label}"


def _page_texts(session: Session, proposal: ProposalRow) -> dict[tuple[int, int], str]:
    cited = {(c.document_id, c.page) for c in proposal.citations}
    if not cited:
        return {}
    rows = session.execute(
        select(Page.document_id, Page.number, Page.text).where(
            Page.document_id.in_({doc for doc, _ in cited}), Page.number.in_({page for _, page in cited})
        )
    )
    return {(doc, number): text for doc, number, text in rows if (doc, number) in cited}


def _citations(session: Session, proposal: ProposalRow | None,
               foreign: dict[str, ForeignView], kinds: dict[str, str]) -> tuple[CitationView, ...]:
    if proposal is None:
        return ()
    ocr = _ocr_readings(session, proposal)
    texts = _page_texts(session, proposal)
    described = {str(c.get("rule_id")): str(c.get("description", "")) for c in proposal.criteria}
    levels = {str(c.get("rule_id")): int(c.get("level", 0)) for c in proposal.criteria}
    return tuple(
        CitationView(
            id=c.id,
            document_id=c.document_id,
            file_name=c.document.name,
            format=c.document.format,
            page=c.page,
            quote=c.quote,
            matched=c.matched,
            location=c.location,
            rule_id=c.rule_id,
            criterion=described.get(c.rule_id, ""),
            ocr_confidence=ocr.get(c.id, _NOT_OCR).confidence,
            ocr_image=ocr.get(c.id, _NOT_OCR).image,
            foreign=_foreign_note(foreign.get(c.document.sha256)),
            reason=citation_reason(kinds.get(c.rule_id, "terms"), levels.get(c.rule_id, 1),
                                   described.get(c.rule_id, ""), c.matched),
            weak=weakness_note(texts.get((c.document_id, c.page), ""), c.start, c.end, c.location),
        )
        for c in proposal.citations
    )
