"""Documents and runs: round trip, idempotent saves, page replacement, retirement, run counts."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from core.models import DocumentStatus, ExtractedDocument
from store import (
    Document,
    Page,
    RunStatus,
    documents_for,
    finish_run,
    get_or_create_submission,
    save_document,
    session_scope,
    to_extracted_document,
)
from store.models import Run, Submission

FRAMEWORK = "spbe_59_2020"
MakeDoc = Callable[..., ExtractedDocument]
NewRun = Callable[..., Run]


def _count(session: Session, model: type) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_save_document_round_trips_extracted_document(
    engine: Engine, new_run: NewRun, make_document: MakeDoc
) -> None:
    doc = make_document("a")
    with session_scope(engine) as session:
        row = save_document(session, new_run(session), doc)
        doc_id = row.id
    with session_scope(engine) as session:
        stored = session.get_one(Document, doc_id)
        assert to_extracted_document(stored) == doc
        assert (stored.doc_type, stored.number, stored.year, stored.legal_status) == (
            "peraturan_wali_kota",
            "12",
            2023,
            "enacted",
        )
        assert stored.title == "Arsitektur SPBE a"
        assert stored.page_count == 3


def test_save_document_is_idempotent(engine: Engine, new_run: NewRun, make_document: MakeDoc) -> None:
    doc = make_document("a")
    with session_scope(engine) as session:
        run = new_run(session)
        first = save_document(session, run, doc)
        second = save_document(session, run, doc)
        assert first.id == second.id
    with session_scope(engine) as session:
        assert (_count(session, Document), _count(session, Page)) == (1, 3)


def test_save_document_keeps_first_seen_and_refreshes_location(
    engine: Engine, new_run: NewRun, make_document: MakeDoc
) -> None:
    with session_scope(engine) as session:
        run1 = new_run(session)
        save_document(session, run1, make_document("a"))
        run2 = new_run(session)
        moved = make_document("a", name="renamed.pdf")
        row = save_document(session, run2, moved)
        assert (row.first_seen_run_id, row.last_seen_run_id) == (run1.id, run2.id)
        assert (row.name, row.path) == ("renamed.pdf", "/evidence/renamed.pdf")
        assert _count(session, Document) == 1


def test_save_document_replaces_pages_when_extractor_version_changes(
    engine: Engine, new_run: NewRun, make_document: MakeDoc
) -> None:
    with session_scope(engine) as session:
        run = new_run(session)
        save_document(session, run, make_document("a", pages=3))
    newer = make_document("a", pages=2, extractor_version="2.0")
    with session_scope(engine) as session:
        row = save_document(session, new_run(session), newer)
        doc_id = row.id
    with session_scope(engine) as session:
        stored = session.get_one(Document, doc_id)
        assert stored.extractor_version == "2.0"
        assert [p.number for p in stored.pages] == [1, 2]
        assert to_extracted_document(stored) == newer
        assert _count(session, Page) == 2


def test_same_file_in_two_submissions_is_two_documents(
    engine: Engine, new_run: NewRun, make_document: MakeDoc
) -> None:
    doc = make_document("shared")
    with session_scope(engine) as session:
        a = save_document(session, new_run(session, year=2023), doc)
        b = save_document(session, new_run(session, year=2024), doc)
        assert a.id != b.id and a.sha256 == b.sha256
        assert a.submission_id != b.submission_id


def test_finish_run_counts_documents_and_pages(
    engine: Engine, new_run: NewRun, make_document: MakeDoc
) -> None:
    statuses = [
        DocumentStatus.success,
        DocumentStatus.success,
        DocumentStatus.partial_success,
        DocumentStatus.failure,
        DocumentStatus.skipped,
    ]
    with session_scope(engine) as session:
        run = new_run(session)
        for n, status in enumerate(statuses):
            save_document(session, run, make_document(f"d{n}", pages=n, status=status))
        finish_run(session, run, RunStatus.partial, "5 documents: 2 ok, 1 partial, 1 failed, 1 skipped")
        run_id = run.id
    with session_scope(engine) as session:
        run = session.get_one(Run, run_id)
        counts = (run.documents_ok, run.documents_partial, run.documents_failed, run.documents_skipped)
        assert counts == (2, 1, 1, 1)
        assert run.pages == 0 + 1 + 2 + 3 + 4
        assert run.status == "partial" and run.finished_at is not None
        assert run.finished_at.tzinfo is not None and run.started_at.tzinfo is not None
        assert run.finished_at >= run.started_at.replace(microsecond=0)


def test_finish_run_retires_missing_files_and_revives_returning_ones(
    engine: Engine, new_run: NewRun, make_document: MakeDoc
) -> None:
    with session_scope(engine) as session:
        run1 = new_run(session)
        for seed in ("a", "b"):
            save_document(session, run1, make_document(seed))
        finish_run(session, run1, "completed", "")
        run2 = new_run(session)
        save_document(session, run2, make_document("a"))
        finish_run(session, run2, "completed", "")
        submission_id = run2.submission_id
    with session_scope(engine) as session:
        assert [d.name for d in documents_for(session, submission_id)] == ["perwal-a.pdf"]
        retired = {d.name: d.retired_at for d in documents_for(session, submission_id, include_retired=True)}
        assert retired["perwal-b.pdf"] is not None and retired["perwal-a.pdf"] is None
        run3 = new_run(session)
        assert save_document(session, run3, make_document("b")).retired_at is None


def test_failed_run_retires_nothing(engine: Engine, new_run: NewRun, make_document: MakeDoc) -> None:
    with session_scope(engine) as session:
        run1 = new_run(session)
        save_document(session, run1, make_document("a"))
        finish_run(session, run1, "completed", "")
        run2 = new_run(session)
        finish_run(session, run2, "failed", "crashed before reading the folder")
        assert documents_for(session, run2.submission_id)[0].retired_at is None


def test_get_or_create_submission_returns_existing(engine: Engine) -> None:
    with session_scope(engine) as session:
        first = get_or_create_submission(session, "Kota Jambi", 2024, FRAMEWORK)
        again = get_or_create_submission(session, " Kota Jambi ", 2024, FRAMEWORK)
        other = get_or_create_submission(session, "Kota Jambi", 2024, "pemdi_8_2026")
        assert first.id == again.id != other.id
        assert session.scalar(select(func.count()).select_from(Submission)) == 2


def test_save_document_leaves_pages_alone_when_extraction_unchanged(
    engine: Engine, new_run: NewRun, make_document: MakeDoc
) -> None:
    statements: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement.lower())

    with session_scope(engine) as session:
        save_document(session, new_run(session), make_document("a"))
    event.listen(engine, "before_cursor_execute", record)
    try:
        with session_scope(engine) as session:
            row = save_document(session, new_run(session), make_document("a", name="moved.pdf"))
            assert row.name == "moved.pdf"
    finally:
        event.remove(engine, "before_cursor_execute", record)
    touched_pages = [s for s in statements if s.startswith(("delete from pages", "insert into pages"))]
    assert touched_pages == []
    assert any(s.startswith("update documents") for s in statements)
