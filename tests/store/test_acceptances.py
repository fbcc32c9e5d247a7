"""Acceptances of documents from another government: validation, newest in force, append-only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from core.errors import StorageError
from core.models import ExtractedDocument, Proposal, WithheldDocument
from store import Run, current_proposals, save_document, save_proposals, session_scope, start_run, to_proposal
from store.acceptances import (
    DocumentAcceptance,
    acceptance_history,
    acceptances_in_force,
    accepted_documents,
    add_acceptance,
)

MakeDoc = Callable[..., ExtractedDocument]
NewRun = Callable[..., Run]
Stored = tuple[int, int, str]  # submission id, document id, sha256


@pytest.fixture
def stored(engine: Engine, new_run: NewRun, make_document: MakeDoc) -> Stored:
    """(submission id, document id, sha256) of a stored document."""
    doc = make_document("perbup-lain")
    with session_scope(engine) as session:
        run = new_run(session)
        row = save_document(session, run, doc)
        return run.submission_id, row.id, row.sha256


def test_add_acceptance_records_who_why_and_what_content(engine: Engine, stored: Stored) -> None:
    submission_id, document_id, sha = stored
    with session_scope(engine) as session:
        row = add_acceptance(session, submission_id, document_id, user=" ani ", reason=" kerja sama ")
        assert (row.sha256, row.user, row.reason, row.action, row.accepted) == (sha, "ani", "kerja sama",
                                                                                 "accept", True)
    with session_scope(engine) as session:
        assert set(accepted_documents(session, submission_id)) == {sha}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"user": "ani", "reason": "  "}, "memerlukan alasan"),
        ({"user": " ", "reason": "x"}, "nama pengguna"),
        ({"user": "ani", "reason": "x", "action": "hapus"}, "tidak dikenal"),
    ],
)
def test_add_acceptance_rejects_invalid_input(
    engine: Engine, stored: Stored, kwargs: dict[str, str], message: str
) -> None:
    submission_id, document_id, _ = stored
    with pytest.raises(StorageError, match=message):
        with session_scope(engine) as session:
            add_acceptance(session, submission_id, document_id, **kwargs)  # type: ignore[arg-type]


def test_add_acceptance_rejects_a_document_of_another_submission(
    engine: Engine, stored: Stored, new_run: NewRun
) -> None:
    _, document_id, _ = stored
    with session_scope(engine) as session:
        other = new_run(session, region="Kota Lain").submission_id
    with pytest.raises(StorageError, match="bukan dokumen pengajuan"):
        with session_scope(engine) as session:
            add_acceptance(session, other, document_id, user="ani", reason="x")


def test_newest_acceptance_is_in_force_and_history_stays(engine: Engine, stored: Stored) -> None:
    submission_id, document_id, sha = stored
    with session_scope(engine) as session:
        add_acceptance(session, submission_id, document_id, user="ani", reason="kerja sama")
        add_acceptance(session, submission_id, document_id, user="budi", reason="keliru", action="revoke")
    with session_scope(engine) as session:
        assert accepted_documents(session, submission_id) == {}
        assert acceptances_in_force(session, submission_id)[sha].user == "budi"
        history = acceptance_history(session, submission_id, document_id)
        assert [(a.action, a.user) for a in history] == [("accept", "ani"), ("revoke", "budi")]


def test_orm_refuses_to_update_or_delete_acceptances(engine: Engine, stored: Stored) -> None:
    submission_id, document_id, _ = stored
    with session_scope(engine) as session:
        acceptance_id = add_acceptance(session, submission_id, document_id, user="ani", reason="x").id
    with pytest.raises(StorageError, match=r"penerimaan dokumen \d+ tidak dapat diubah: .*append-only"):
        with session_scope(engine) as session:
            session.get_one(DocumentAcceptance, acceptance_id).action = "revoke"
    with pytest.raises(StorageError, match="append-only"):
        with session_scope(engine) as session:
            session.delete(session.get_one(DocumentAcceptance, acceptance_id))
    with session_scope(engine) as session:
        assert session.get_one(DocumentAcceptance, acceptance_id).action == "accept"


@pytest.mark.parametrize(
    "statement",
    ["UPDATE document_acceptances SET action = 'revoke' WHERE id = :id",
     "DELETE FROM document_acceptances WHERE id = :id"],
)
def test_database_refuses_raw_update_or_delete_of_acceptances(
    engine: Engine, stored: Stored, statement: str
) -> None:
    submission_id, document_id, _ = stored
    with session_scope(engine) as session:
        acceptance_id = add_acceptance(session, submission_id, document_id, user="ani", reason="x").id
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(text(statement), {"id": acceptance_id})
    with engine.connect() as connection:
        found = connection.execute(text("SELECT action FROM document_acceptances WHERE id = :id"),
                                   {"id": acceptance_id})
        assert found.scalar_one() == "accept"


def test_database_refuses_empty_reason_and_unknown_action(engine: Engine, stored: Stored) -> None:
    submission_id, document_id, sha = stored
    for action, reason in (("accept", ""), ("setuju", "x")):
        with pytest.raises(DBAPIError):
            with engine.begin() as connection:
                connection.execute(
                    text("INSERT INTO document_acceptances (submission_id, document_id, sha256, action, "
                         "reason, user_name) VALUES (:s, :d, :sha, :action, :reason, 'ani')"),
                    {"s": submission_id, "d": document_id, "sha": sha, "action": action, "reason": reason},
                )


# TRUNCATE exists only on PostgreSQL: the backend parameter is narrowed, not skipped.
@pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_database_refuses_truncate_of_acceptances_on_postgresql(
    engine: Engine, stored: Stored
) -> None:
    submission_id, document_id, _ = stored
    with session_scope(engine) as session:
        add_acceptance(session, submission_id, document_id, user="ani", reason="x")
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(text("TRUNCATE document_acceptances"))


def test_proposals_keep_what_they_withheld_and_runs_their_reference(
    engine: Engine, new_run: NewRun, make_document: MakeDoc, make_proposal: Callable[..., Proposal]
) -> None:
    doc = make_document("milik-sendiri")
    withheld = WithheldDocument(sha256="ab" * 32, file_name="perbup-lain.pdf", reason="Dokumen dari ...",
                                level_with=3)
    with session_scope(engine) as session:
        run = new_run(session)
        rows = {doc.source.sha256: save_document(session, run, doc)}
        proposals = [make_proposal(doc, "I01", 2),
                     make_proposal(doc, "I02", 1).model_copy(update={"withheld": [withheld]})]
        saved = save_proposals(session, run, proposals, rows)
        assert saved[0].withheld is None  # nothing withheld: stored as before migration 0006
        other = start_run(session, run.submission, root="/x", pack_version="1", pack_hash="h", options={},
                          reference_region="Kota Jambi")
        assert other.reference_region == "Kota Jambi"
        submission_id = run.submission_id
    with session_scope(engine) as session:
        current = {row.indicator_id: to_proposal(row) for row in current_proposals(session, submission_id)}
        assert current["I01"].withheld == [] and current["I02"].withheld == [withheld]


def test_add_acceptance_refuses_a_reason_over_the_limit(engine: Engine, stored: Stored) -> None:
    submission_id, document_id, _ = stored
    expected = r"alasan terlalu panjang \(1\.000\.000 karakter; maksimum 5\.000\)"
    with pytest.raises(StorageError, match=expected):
        with session_scope(engine) as session:
            add_acceptance(session, submission_id, document_id, user="ani", reason="x" * 1_000_000)
    with session_scope(engine) as session:
        assert acceptance_history(session, submission_id, document_id) == []
