"""Decisions: validation, append-only in the ORM and in the database itself (raw SQL)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from core.errors import StorageError
from core.models import ExtractedDocument, Proposal
from store import (
    Decision,
    Document,
    DocumentAcceptance,
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
# Tests of one backend's SQL narrow the backend parameter of ``db_url`` instead of skipping the other.
ON_POSTGRESQL = pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)], indirect=True
)
ON_SQLITE = pytest.mark.parametrize("db_url", [pytest.param("sqlite", id="sqlite")], indirect=True)
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


@ON_POSTGRESQL  # TRUNCATE exists only there
def test_database_refuses_truncate_of_decisions_on_postgresql(engine: Engine, proposal: ProposalRow) -> None:
    with session_scope(engine) as session:
        _decide(session, proposal, action="confirm", proposal_id=proposal.id)
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(text("TRUNCATE decisions"))


# Every way a plain SQL client can rewrite a stored row in place, per dialect. Each copies the
# decision's own columns and changes the level, so only an append-only guard can refuse it.
_COLUMNS = "id, submission_id, indicator_id, proposal_id, action, level, reason, user_name, created_at"
_COPY = "SELECT id, submission_id, indicator_id, proposal_id, 'override', 1, 'rewritten', user_name, " \
        "created_at FROM decisions WHERE id = :id"
REWRITES = {
    "sqlite": [
        f"REPLACE INTO decisions ({_COLUMNS}) {_COPY}",
        f"INSERT OR REPLACE INTO decisions ({_COLUMNS}) {_COPY}",
        f"INSERT INTO decisions ({_COLUMNS}) {_COPY} ON CONFLICT (id) DO UPDATE SET level = 1",
    ],
    "postgresql": [
        f"INSERT INTO decisions ({_COLUMNS}) {_COPY} ON CONFLICT (id) DO UPDATE SET level = 1",
        "MERGE INTO decisions d USING (SELECT CAST(:id AS integer) AS id) s ON d.id = s.id "
        "WHEN MATCHED THEN UPDATE SET level = 1",
        "MERGE INTO decisions d USING (SELECT CAST(:id AS integer) AS id) s ON d.id = s.id "
        "WHEN MATCHED THEN DELETE",
    ],
}


@pytest.mark.parametrize("index", range(3))
def test_database_refuses_rewriting_a_decision_in_place(
    engine: Engine, proposal: ProposalRow, index: int
) -> None:
    """REPLACE / upsert / MERGE must not slip past the UPDATE and DELETE triggers."""
    statement = REWRITES[engine.dialect.name][index]
    with session_scope(engine) as session:
        decision_id = _decide(session, proposal, action="confirm", proposal_id=proposal.id).id
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(text(statement), {"id": decision_id})
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT level, reason FROM decisions")).all()
    assert [tuple(r) for r in rows] == [(3, "")]


@ON_SQLITE  # REPLACE and PRAGMA recursive_triggers are SQLite's
def test_sqlite_replace_is_refused_without_recursive_triggers(engine: Engine, proposal: ProposalRow) -> None:
    """A plain sqlite3 client (recursive_triggers off, as by default) cannot REPLACE a decision;
    bukti's own connections turn recursive_triggers on, so the DELETE trigger fires as well."""
    with session_scope(engine) as session:
        decision_id = _decide(session, proposal, action="confirm", proposal_id=proposal.id).id
    path = engine.url.database
    assert path is not None
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA recursive_triggers").fetchone() == (0,)
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute(REWRITES["sqlite"][0].replace(":id", str(decision_id)))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA recursive_triggers").scalar_one() == 1
        connection.exec_driver_sql("DROP TRIGGER decisions_no_overwrite")
        # with only the DELETE trigger left, recursive_triggers is what stops the REPLACE
        with pytest.raises(DBAPIError, match="append-only: DELETE"):
            connection.execute(text(REWRITES["sqlite"][0]), {"id": decision_id})
        connection.rollback()


def test_database_refuses_rewriting_a_document_acceptance(engine: Engine, proposal: ProposalRow) -> None:
    with session_scope(engine) as session:
        document_id = session.scalars(select(Document.id)).first()
        acceptance = DocumentAcceptance(submission_id=proposal.submission_id, document_id=document_id,
                                        sha256="ab" * 32, action="accept", reason="SK bersama", user="asesor")
        session.add(acceptance)
        session.flush()
        acceptance_id = acceptance.id
    columns = "id, submission_id, document_id, sha256, action, reason, user_name, created_at"
    copy = (f"INSERT INTO document_acceptances ({columns}) SELECT id, submission_id, document_id, sha256, "
            "'revoke', 'ditimpa', user_name, created_at FROM document_acceptances WHERE id = :id")
    statement = (f"{copy} ON CONFLICT (id) DO UPDATE SET action = 'revoke'" if engine.dialect.name != "sqlite"
                 else copy.replace("INSERT INTO", "REPLACE INTO"))
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(text(statement), {"id": acceptance_id})
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT action, reason FROM document_acceptances")).all()
    assert [tuple(r) for r in rows] == [("accept", "SK bersama")]


def test_add_decision_refuses_a_reason_over_the_limit(
    engine: Engine, proposal: ProposalRow, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(StorageError, match=r"alasan terlalu panjang \(5\.001 karakter; maksimum 5\.000\)"):
        with session_scope(engine) as session:
            _decide(session, proposal, action="override", level=2, reason="x" * 5001)
    monkeypatch.setenv("BUKTI_MAX_REASON_CHARS", "10")  # the limit is a setting
    with pytest.raises(StorageError, match="maksimum 10"):
        with session_scope(engine) as session:
            _decide(session, proposal, action="override", level=2, reason="x" * 11)
    with session_scope(engine) as session:
        assert _decide(session, proposal, action="override", level=2, reason=" " + "x" * 10 + " ").reason
        assert len(decisions_for(session, proposal.submission_id, "I01")) == 1
