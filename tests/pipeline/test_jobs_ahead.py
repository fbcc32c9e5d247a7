"""process_all keeps a job queued in the pool behind each worker's current one (``THREADS_PER_WORKER``).

With one thread per worker, a worker idled while its thread stored the previous result in the
flow process. The check: with two workers, three files are in ``process_file`` at once.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import pipeline.run as run
from pipeline.incremental import plan_files
from pipeline.models import AssessOptions
from pipeline.work import DocumentWork, PlannedFile, RunContext

WAIT_SECONDS = 60  # a guard against hanging, not a timing


def test_more_files_in_flight_than_workers(example_folder: Path, sqlite_url: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.workers import shutdown

    monkeypatch.setenv("BUKTI_WORKERS", "2")
    together = threading.Barrier(3, timeout=WAIT_SECONDS)  # three files at once: more than 2 workers
    real = run.process_file
    met: list[bool] = []

    def process_file(file: PlannedFile, ctx: RunContext, lookup: object = None) -> DocumentWork:
        if len(met) < 3:
            met.append(True)
            together.wait()  # BrokenBarrierError when fewer than three threads ever get here
        return real(file, ctx, lookup)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "process_file", process_file)
    options = AssessOptions(database_url=sqlite_url, region="Kota Sukamaju", year=2024)
    files = plan_files(example_folder)
    try:
        works = run.process_all(files, run.run_context(options))
    finally:
        shutdown()
    assert len(met) == 3 and not together.broken
    assert [w.file.name for w in works] == [f.name for f in files]  # the folder's order
    assert all(w.usable for w in works if w.file.name.endswith((".pdf", ".docx")))
