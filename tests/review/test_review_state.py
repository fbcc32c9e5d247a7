"""Staleness computed on read: a decision is stale exactly when the evidence or pack behind it changed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from review_support import temporary_database
from sqlalchemy.orm import Session

from core.models import ExtractedDocument, PageText, Passage, Proposal, SourceFile, TextMethod
from store.db import get_engine, session_scope, upgrade_database
from store.decisions import add_decision
from store.models import Submission
from store.repository import finish_run, get_or_create_submission, save_document, save_proposals, start_run
from store.review_repo import ChangeKind, ReviewStatus, review_state, review_states

PACK_A, PACK_B = "a" * 64, "b" * 64
DOC_1, DOC_2 = "1" * 64, "2" * 64


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def session(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Session]:
    """A migrated database on SQLite and, with BUKTI_TEST_POSTGRES_URL, on PostgreSQL."""
    with temporary_database(request.param, tmp_path) as url:
        upgrade_database(url)
        engine = get_engine(url)
        with session_scope(engine) as s:
            yield s
        engine.dispose()


def _document(sha: str) -> ExtractedDocument:
    return ExtractedDocument(
        source=SourceFile(
            path=f"/bukti/{sha[:4]}.pdf",
            name=f"dok-{sha[:4]}.pdf",
            sha256=sha,
            format="pdf",
            mime_type="application/pdf",
            size=100,
        ),
        pages=[
            PageText(number=1, text="Arsitektur SPBE ditetapkan dalam Pasal 2.", method=TextMethod.text_layer)
        ],
    )


def _run(
    session: Session,
    submission: Submission,
    *,
    docs: Sequence[str] = (DOC_1,),
    pack_hash: str = PACK_A,
    level: int = 3,
    spans: Sequence[tuple[int, int]] = ((0, 15),),
    status: str = "completed",
) -> int:
    """Store one run proposing ``level`` for indicator 1, citing every doc at ``spans``; the proposal id."""
    run = start_run(session, submission, root="/bukti", pack_version="1", pack_hash=pack_hash, options={})
    rows = {sha: save_document(session, run, _document(sha)) for sha in docs}
    passages = [
        Passage(
            sha256=sha,
            file_name=f"dok-{sha[:4]}.pdf",
            page=1,
            start=s,
            end=e,
            quote="Arsitektur SPBE",
            matched="Arsitektur SPBE",
            rule_id="spbe-2020/i01/l3/x",
        )
        for sha in docs
        for s, e in spans
    ]
    proposal = Proposal(
        framework="spbe-2020",
        pack_version="1",
        pack_hash=pack_hash,
        indicator_id="1",
        level=level,
        confidence=0.8,
        passages=passages,
        documents=list(docs),
    )
    [row] = save_proposals(session, run, [proposal], rows)
    finish_run(session, run, status, "ok")
    return row.id


@pytest.fixture()
def submission(session: Session) -> Submission:
    return get_or_create_submission(session, "Kota Uji", 2024, "spbe-2020")


def _confirm(session: Session, submission: Submission, proposal_id: int) -> None:
    add_decision(session, submission.id, "1", action="confirm", user="ani", proposal_id=proposal_id)


def test_review_state_pending_without_decision(session: Session, submission: Submission) -> None:
    _run(session, submission)
    assert review_state(session, submission.id, "1").status is ReviewStatus.pending


def test_review_state_rerun_on_same_evidence_keeps_confirmation(
    session: Session, submission: Submission
) -> None:
    _confirm(session, submission, _run(session, submission))
    newer = _run(session, submission)
    state = review_state(session, submission.id, "1")
    assert state.proposal is not None and state.proposal.id == newer
    assert state.status is ReviewStatus.confirmed and state.changes == []


def test_review_state_new_document_marks_stale_with_names(session: Session, submission: Submission) -> None:
    _confirm(session, submission, _run(session, submission))
    _run(session, submission, docs=(DOC_1, DOC_2))
    state = review_state(session, submission.id, "1")
    assert state.status is ReviewStatus.stale
    kinds = {c.kind for c in state.changes}
    assert kinds == {ChangeKind.documents, ChangeKind.citations}
    assert any("dok-2222.pdf" in c.detail and "baru" in c.detail for c in state.changes)


def test_review_state_removed_document_marks_stale(session: Session, submission: Submission) -> None:
    _confirm(session, submission, _run(session, submission, docs=(DOC_1, DOC_2)))
    _run(session, submission, docs=(DOC_1,))
    state = review_state(session, submission.id, "1")
    assert any(c.kind is ChangeKind.documents and "hilang" in c.detail for c in state.changes)


def test_review_state_moved_citation_marks_stale(session: Session, submission: Submission) -> None:
    _confirm(session, submission, _run(session, submission))
    _run(session, submission, spans=((16, 25),))
    state = review_state(session, submission.id, "1")
    assert [c.kind for c in state.changes] == [ChangeKind.citations]


def test_review_state_pack_hash_change_marks_stale(session: Session, submission: Submission) -> None:
    _confirm(session, submission, _run(session, submission))
    _run(session, submission, pack_hash=PACK_B, level=4)
    state = review_state(session, submission.id, "1")
    assert {c.kind for c in state.changes} == {ChangeKind.pack, ChangeKind.level}
    assert any("aaaaaaaa" in c.detail and "bbbbbbbb" in c.detail for c in state.changes)


def test_review_state_new_decision_on_current_proposal_clears_stale(
    session: Session, submission: Submission
) -> None:
    _confirm(session, submission, _run(session, submission))
    current = _run(session, submission, docs=(DOC_1, DOC_2))
    assert review_state(session, submission.id, "1").status is ReviewStatus.stale
    add_decision(
        session,
        submission.id,
        "1",
        action="override",
        user="ani",
        level=2,
        reason="dicek ulang",
        proposal_id=current,
    )
    assert review_state(session, submission.id, "1").status is ReviewStatus.overridden


def test_review_state_override_without_proposal_goes_stale_when_one_appears(
    session: Session, submission: Submission
) -> None:
    add_decision(
        session, submission.id, "1", action="override", user="ani", level=1, reason="tidak ada bukti"
    )
    assert review_state(session, submission.id, "1").status is ReviewStatus.overridden
    _run(session, submission)
    state = review_state(session, submission.id, "1")
    assert [c.kind for c in state.changes] == [ChangeKind.proposal]


def test_review_states_failed_run_is_ignored(session: Session, submission: Submission) -> None:
    _confirm(session, submission, _run(session, submission))
    _run(session, submission, docs=(DOC_2,), pack_hash=PACK_B, status="failed")
    assert review_states(session, submission.id)["1"].status is ReviewStatus.confirmed
