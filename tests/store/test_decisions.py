"""Decisions: validation, append-only in the ORM and in the database itself (raw SQL)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from core.errors import StorageError
from core.models import ExtractedDocument, Proposal
from store import (
    Decision,
    ProposalRow,
    Run,
    add_decision,
    decisions_for,
    latest_decisions,
    save_document,
    save_proposals,
    session_scope,
)

MakeDoc = Callable[..., ExtractedDocument]
MakeProposal = Callable[..., Proposal]
NewRun = Callable[..., Run]


@pytest.fixture
def proposal(
    engine: Engine, new_run: NewRun, make_document: MakeDoc, make_proposal: MakeProposal
) -> ProposalRow:
    """A saved level-3 proposal for indicator I01."""
    doc = make_document("a")
    with session_scope(engine) as session:
        run = new_run(session)
        rows = {doc.source.sha256: save_document(session, run, doc)}
        (row,) = save_proposals(session, run, [make_proposal(doc, "I01", 3)], rows)
    return row


def _decide(session: Session, proposal: ProposalRow, **kwargs: object) -> Decision:
    return add_decision(session, proposal.submission_id, proposal.indicator_id, user="asesor", **kwargs)  # type: ignore[arg-type]


def test_add_decision_confirm_takes_the_proposed_level(engine: Engine, proposal: ProposalRow) -> None:
    with session_scope(engine) as session:
        decision = _decide(session, proposal, action="confirm", proposal_id=proposal.id)
        assert (decision.action, decision.level, decision.user) == ("confirm", 3, "asesor")
        assert decision.created_at.tzinfo is not None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"action": "confirm"}, "memerlukan usulan yang dikonfirmasi"),
        ({"action": "confirm", "level": 4, "use_proposal": True}, "gunakan override"),
        ({"action": "override", "level": 4}, "memerlukan tingkat baru dan alasannya"),
        ({"action": "override", "reason": "bukti lain"}, "memerlukan tingkat baru dan alasannya"),
        ({"action": "override", "level": 6, "reason": "x"}, "di luar rentang"),
        ({"action": "approve", "level": 3}, "gunakan confirm atau override"),
    ],
)
def test_add_decision_rejects_invalid_decisions(
    engine: Engine, proposal: ProposalRow, kwargs: dict[str, object], message: str
) -> None:
    if kwargs.pop("use_proposal", False):
        kwargs["proposal_id"] = proposal.id
    with pytest.raises(StorageError, match=message):
        with session_scope(engine) as session:
            _decide(session, proposal, **kwargs)


def test_add_decision_rejects_proposal_of_another_indicator(engine: Engine, proposal: ProposalRow) -> None:
    with pytest.raises(StorageError, match="bukan pengajuan .* indikator I02"):
        with session_scope(engine) as session:
            add_decision(
                session, proposal.submission_id, "I02", action="confirm", user="a", proposal_id=proposal.id
            )


def test_latest_decision_is_in_force(engine: Engine, proposal: ProposalRow) -> None:
    with session_scope(engine) as session:
        _decide(session, proposal, action="confirm", proposal_id=proposal.id)
        _decide(session, proposal, action="override", level=2, reason="SK belum ditandatangani")
    with session_scope(engine) as session:
        assert [d.action for d in decisions_for(session, proposal.submission_id, "I01")] == [
            "confirm",
            "override",
        ]
        assert latest_decisions(session, proposal.submission_id)["I01"].level == 2


def test_orm_refuses_to_update_or_delete_decisions(engine: Engine, proposal: ProposalRow) -> None:
    with session_scope(engine) as session:
        decision_id = _decide(session, proposal, action="confirm", proposal_id=proposal.id).id
    # the ORM guard's own message: refused before any SQL reaches the database
    with pytest.raises(StorageError, match=r"keputusan \d+ tidak dapat diubah: .*append-only"):
        with session_scope(engine) as session:
            session.get_one(Decision, decision_id).level = 1
    with pytest.raises(StorageError, match=r"keputusan \d+ tidak dapat diubah: .*append-only"):
        with session_scope(engine) as session:
            session.delete(session.get_one(Decision, decision_id))
    with session_scope(engine) as session:
        assert session.get_one(Decision, decision_id).level == 3


@pytest.mark.parametrize(
    "statement",
    ["UPDATE decisions SET level = 1 WHERE id = :id", "DELETE FROM decisions WHERE id = :id"],
)
def test_database_refuses_raw_update_or_delete_of_decisions(
    engine: Engine, proposal: ProposalRow, statement: str
) -> None:
    with session_scope(engine) as session:
        decision_id = _decide(session, proposal, action="confirm", proposal_id=proposal.id).id
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(text(statement), {"id": decision_id})
    with pytest.raises(StorageError, match="menolak perubahan.*catat keputusan baru"):
        with session_scope(engine) as session:
            session.execute(text(statement), {"id": decision_id})
    with engine.connect() as connection:
        level = connection.execute(text("SELECT level FROM decisions WHERE id = :id"), {"id": decision_id})
        assert level.scalar_one() == 3


def test_database_refuses_truncate_of_decisions_on_postgresql(engine: Engine, proposal: ProposalRow) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL")
    with session_scope(engine) as session:
        _decide(session, proposal, action="confirm", proposal_id=proposal.id)
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(text("TRUNCATE decisions"))
