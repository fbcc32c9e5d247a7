"""Review library on the example assessed by the real pipeline: views, indices, access, decisions."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from review_support import REGION, ReviewDb
from sqlalchemy import select
from sqlalchemy.orm import Session

from review.errors import AccessDeniedError, DecisionInputError, NotFoundError
from review.indicator import indicator_view
from review.packs import get_pack
from review.service import decide, submission_summaries, submission_view, visible_submissions
from rules.scoring import compute_index
from store.models import Decision
from store.review_repo import ReviewStatus, get_user
from store.users import User


def _user(session: Session, name: str) -> User:
    user = get_user(session, name)
    assert user is not None
    return user


def test_submission_view_lists_every_indicator_in_framework_order(
    session: Session, review_db: ReviewDb
) -> None:
    pack = get_pack("spbe-2020")
    view = submission_view(session, review_db.submission_id, _user(session, "ani"))
    assert [r.indicator_id for r in view.rows] == [i.id for i in pack.indicators()]
    assert [d.id for d in view.domains] == [d.id for d in pack.domains]
    assert all(r.status is ReviewStatus.pending for r in view.rows)
    assert view.summary.provisional == view.summary.confirmed  # nothing decided yet


def test_submission_view_prioritised_puts_flagged_undecided_first(
    session: Session, review_db: ReviewDb
) -> None:
    ani = _user(session, "ani")
    view = submission_view(session, review_db.submission_id, ani)
    first = view.prioritised()[0]
    assert first.needs_manual or first.low_confidence
    decide(
        session, review_db.submission_id, first.indicator_id, ani, action="override", level=1, reason="dicek"
    )
    again = submission_view(session, review_db.submission_id, ani).prioritised()
    assert again[-1].indicator_id == first.indicator_id  # settled ones go last


def test_confirmed_index_uses_decided_levels(session: Session, review_db: ReviewDb) -> None:
    ani, sid = _user(session, "ani"), review_db.submission_id
    before = submission_view(session, sid, ani)
    decide(session, sid, "1", ani, action="override", level=5, reason="Perwali perubahan sudah ditetapkan")
    decide(session, sid, "12", ani, action="override", level=3, reason="aplikasi diperiksa langsung")
    after = submission_view(session, sid, ani)
    proposed = {
        r.indicator_id: r.proposed_level
        for r in before.rows
        if r.proposed_level is not None and not r.needs_manual
    }
    expected = compute_index({**proposed, "1": 5, "12": 3}, get_pack("spbe-2020"))
    assert after.summary.confirmed == expected
    assert after.summary.provisional == before.summary.provisional
    assert after.summary.confirmed.total > before.summary.confirmed.total
    assert after.summary.reviewed == 2


def test_confirm_records_current_proposal_and_level(session: Session, review_db: ReviewDb) -> None:
    ani, sid = _user(session, "ani"), review_db.submission_id
    row = next(r for r in submission_view(session, sid, ani).rows if r.indicator_id == "2")
    decision = decide(session, sid, "2", ani, action="confirm")
    assert (decision.proposal_id, decision.level, decision.user) == (
        row.proposal_id,
        row.proposed_level,
        "ani",
    )
    view = indicator_view(session, sid, "2", ani)
    assert view.row.status is ReviewStatus.confirmed and len(view.decisions) == 1


@pytest.mark.parametrize(
    ("action", "level", "reason", "message"),
    [
        ("override", 3, "  ", "alasan"),
        ("override", None, "alasan", "tingkat baru"),
        ("override", 6, "alasan", "rentang"),
        ("hapus", None, "", "tidak dikenal"),
    ],
)
def test_decide_rejects_bad_input(
    session: Session, review_db: ReviewDb, action: str, level: int | None, reason: str, message: str
) -> None:
    with pytest.raises(DecisionInputError, match=message):
        decide(
            session,
            review_db.submission_id,
            "1",
            _user(session, "ani"),
            action=action,
            level=level,
            reason=reason,
        )
    assert session.scalars(select(Decision)).all() == []


def test_decide_rejects_proposal_of_another_indicator(session: Session, review_db: ReviewDb) -> None:
    ani, sid = _user(session, "ani"), review_db.submission_id
    other = next(r for r in submission_view(session, sid, ani).rows if r.indicator_id == "2").proposal_id
    with pytest.raises(DecisionInputError, match="bukan usulan"):
        decide(session, sid, "1", ani, action="confirm", proposal_id=other)


def test_decide_viewer_and_other_region_are_denied(session: Session, review_db: ReviewDb) -> None:
    with pytest.raises(AccessDeniedError, match="hanya dapat melihat"):
        decide(session, review_db.submission_id, "1", _user(session, "vina"), action="confirm")
    with pytest.raises(AccessDeniedError, match="wilayah"):
        decide(session, review_db.submission_id, "1", _user(session, "budi"), action="confirm")
    assert session.scalars(select(Decision)).all() == []


def test_visible_submissions_by_region(session: Session, review_db: ReviewDb) -> None:
    assert {s.region for s in visible_submissions(session, _user(session, "ani"))} == {REGION}
    assert visible_submissions(session, _user(session, "budi")) == []
    assert len(submission_summaries(session, _user(session, "admin"))) == 2
    with pytest.raises(AccessDeniedError):
        submission_view(session, review_db.submission_id, _user(session, "budi"))


def test_unknown_submission_and_indicator_are_not_found(session: Session, review_db: ReviewDb) -> None:
    admin = _user(session, "admin")
    with pytest.raises(NotFoundError):
        submission_view(session, 999, admin)
    with pytest.raises(NotFoundError):
        indicator_view(session, review_db.submission_id, "999", admin)


def test_indicator_view_has_checklist_citations_and_gaps(session: Session, review_db: ReviewDb) -> None:
    view = indicator_view(session, review_db.submission_id, "1", _user(session, "vina"))
    assert view.levels and all(c.description for lv in view.levels for c in lv.criteria)
    assert any(c.met for lv in view.levels for c in lv.criteria)
    assert view.citations and all(c.page >= 1 and c.file_name for c in view.citations)
    assert view.row.proposed_level is not None
    if view.row.proposed_level < 5:
        assert view.gaps


def test_indicator_view_shows_stored_fakta_analisis_justifikasi(
    session: Session, review_db: ReviewDb
) -> None:
    view = indicator_view(session, review_db.submission_id, "1", _user(session, "vina"))
    labels = [label for label, _ in view.guidance]
    assert labels[:3] == ["Fakta", "Analisis", "Justifikasi"]
    assert "Pasal" in dict(view.guidance)["Fakta"]  # the facts cite the regulation's articles


def test_indicator_view_citation_on_ocr_page_shows_ocr_confidence(
    session: Session, review_db: ReviewDb
) -> None:
    from sqlalchemy import update

    from store.models import Page

    view = indicator_view(session, review_db.submission_id, "1", _user(session, "vina"))
    cited = view.citations[0]
    assert "OCR" not in cited.label  # text-layer page: nothing to warn about
    session.execute(update(Page).where(Page.document_id == cited.document_id, Page.number == cited.page)
                    .values(method="ocr", ocr_confidence=87.4))
    view = indicator_view(session, review_db.submission_id, "1", _user(session, "vina"))
    assert "(teks OCR, keyakinan 87%)" in view.citations[0].label



@pytest.mark.parametrize(
    ("region_of", "confidence", "expected"),
    [
        pytest.param(lambda s, e: (max(s - 5, 0), e + 5), 95.2, "(teks OCR dari gambar, keyakinan 95%)",
                     id="covers-span"),
        pytest.param(lambda s, e: (s + 2, e + 20), 61.0, "(teks OCR dari gambar, keyakinan 61%)",
                     id="overlaps-span-end"),
        pytest.param(lambda s, e: (s, e), None, "(teks OCR dari gambar)", id="no-confidence"),
        pytest.param(lambda s, e: (e, e + 10), 95.2, None, id="right-after-span"),
        pytest.param(lambda s, e: (max(s - 10, 0), s), 95.2, None, id="right-before-span"),
    ],
)
def test_indicator_view_citation_in_ocr_image_region_says_so(
    session: Session,
    review_db: ReviewDb,
    region_of: Callable[[int, int], tuple[int, int]],
    confidence: float | None,
    expected: str | None,
) -> None:
    """Text OCR'd from an image (a signature) on a text-layer page: only citations touching it say so."""
    from sqlalchemy import update

    from store.models import Citation, Page

    cited = indicator_view(session, review_db.submission_id, "1", _user(session, "vina")).citations[0]
    citation = session.get_one(Citation, cited.id)
    start, end = region_of(citation.start, citation.end)
    region = {"start": start, "end": end, "box": [300.0, 60.0, 520.0, 180.0], "confidence": confidence,
              "reason": "signature"}
    session.execute(update(Page).where(Page.document_id == cited.document_id, Page.number == cited.page)
                    .values(ocr_regions=[region]))
    label = indicator_view(session, review_db.submission_id, "1", _user(session, "vina")).citations[0].label
    if expected is None:
        assert "OCR" not in label
    else:
        assert label == f"{cited.label}{' ' + expected}"  # the text-layer label plus the OCR note
