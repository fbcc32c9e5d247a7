"""finalize folds the evidence while it stores the documents (``pipeline.score_ahead``).

Jobs run in this process (``BUKTI_WORKERS=0``) so that the test sees the fold start; the
database is real, so a fold whose reads queued for the write lock of the transaction storing
documents (SQLite's ``BEGIN IMMEDIATE``) would wait here until the busy timeout and fail.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import pipeline.finalize as finalize
import pipeline.score_fold as score_fold
from pipeline.finalize import finalize_run
from pipeline.incremental import plan_files
from pipeline.models import AssessOptions
from pipeline.run import process_all, run_context
from pipeline.work import DocumentWork
from rules.fold import EvidenceFold
from store import Run, get_engine, session_scope

WAIT_SECONDS = 60  # a guard against hanging, not a timing: the fold starts within milliseconds


def _fold_spy(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """An event set when a fold job starts (in this process: no workers)."""
    started = threading.Event()
    real = score_fold.fold_job

    def fold(*args: Any) -> EvidenceFold:
        started.set()
        return real(*args)

    monkeypatch.setattr(score_fold, "fold_job", fold)
    return started


def test_fold_reads_match_results_while_documents_are_stored(example_folder: Path, database_url: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUKTI_WORKERS", "0")
    options = AssessOptions(database_url=database_url, region="Kota Sukamaju", year=2024)
    works = process_all(plan_files(example_folder), run_context(options))
    folding = _fold_spy(monkeypatch)
    real_store = finalize._store_document
    waited: list[bool] = []

    def store(session: Session, run: Run, work: DocumentWork) -> None:
        # inside the transaction that stores documents: the fold must get on without it
        waited.append(folding.is_set() or (not waited and folding.wait(WAIT_SECONDS)))
        real_store(session, run, work)

    monkeypatch.setattr(finalize, "_store_document", store)
    result = finalize_run(example_folder, works, options, time.perf_counter())

    assert waited and waited[0], "the fold did not start while the first document was being stored"
    assert result.work.rescored and result.proposals
    engine = get_engine(database_url)
    try:
        with session_scope(engine) as session:
            assert session.scalars(select(Run.status)).all() in (["completed"], ["partial"])
    finally:
        engine.dispose()


def test_unchanged_evidence_starts_no_fold(example_folder: Path, sqlite_url: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUKTI_WORKERS", "0")
    options = AssessOptions(database_url=sqlite_url, region="Kota Sukamaju", year=2024)
    works = process_all(plan_files(example_folder), run_context(options))
    first = finalize_run(example_folder, works, options, time.perf_counter())
    folding = _fold_spy(monkeypatch)
    again = finalize_run(example_folder, works, options, time.perf_counter())
    assert not folding.is_set()
    assert not again.work.rescored
    assert sorted((p.indicator_id, p.level, p.confidence) for p in again.proposals) == sorted(
        (p.indicator_id, p.level, p.confidence) for p in first.proposals)  # the stored ones
