"""A run killed with SIGKILL as it starts storing is recovered by the next run at once.

Real processes: the CLI runs until the pause point at the start of the final store step
(``BUKTI_TEST_PAUSE_AT=finalize``), is killed with SIGKILL there, and a second run on the same
database must take the dead holder's lease without waiting and close the orphaned run row.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from pipeline.assess import assess_folder
from pipeline.models import AssessOptions
from store.db import get_engine, session_scope
from store.models import Run

REPO = Path(__file__).resolve().parents[2]
OPTIONS = {"region": "Kota Sukamaju", "year": 2024}


def start_paused(folder: Path, url: str, home: Path, pause_at: str,
                 workers: str = "0") -> subprocess.Popen[str]:
    """``bukti assess`` in a child process; returns once it reports the pause point."""
    env = {**os.environ, "BUKTI_HOME": str(home), "BUKTI_TEST_PAUSE_AT": pause_at, "BUKTI_WORKERS": workers}
    proc = subprocess.Popen([sys.executable, "-m", "cli.main", "assess", str(folder), "--db", url, "--region",
                             OPTIONS["region"], "--year", str(OPTIONS["year"]), "--ocr", "never"],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    assert proc.stderr is not None
    for line in proc.stderr:  # ends at EOF if the child exits before pausing
        if line.startswith(f"bukti-paused:{pause_at}:"):
            return proc
    proc.wait(10)
    raise AssertionError(f"the child exited ({proc.returncode}) before pausing at {pause_at}")


def _runs(url: str) -> list[tuple[int, str, str]]:
    engine = get_engine(url)
    with session_scope(engine) as session:
        rows = [(r.id, r.status, r.summary) for r in session.scalars(select(Run).order_by(Run.id))]
    engine.dispose()
    return rows


def test_run_killed_at_finalize_is_recovered_at_once(
    example_folder: Path, database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    proc = start_paused(example_folder, database_url, tmp_path / "home", "finalize")
    try:
        proc.kill()  # SIGKILL: no finally, no atexit, the lease and the run row stay behind
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert [status for _, status, _ in _runs(database_url)] == ["running"]
    with caplog.at_level("WARNING", logger="bukti.pipeline.lock"):
        result = assess_folder(example_folder, AssessOptions(database_url=database_url, **OPTIONS))
    # taken over because its process is gone, not after waiting out the dead holder's lease
    assert any("its process is gone" in r.getMessage() for r in caplog.records), caplog.text
    (first, status, summary), (second, new_status, _) = _runs(database_url)
    assert status == "failed" and summary.startswith("interrupted:")
    assert second == result.run_id and new_status == "completed"
    assert len(result.documents) == 6 and not result.failed


@pytest.mark.parametrize("delay", [0.8, 2.0, 3.5])
def test_run_killed_during_extraction_leaves_no_duplicate_or_half_written_rows(
    example_folder: Path, sqlite_url: str, tmp_path: Path, delay: float
) -> None:
    """SIGKILL at some moment while the pool extracts; the next run stores every document once."""
    from sqlalchemy import func

    from pipeline.codec import decode_document, decode_prepared
    from store.cache import PACK_MARKERS, ExtractionCacheEntry, MatchCacheEntry
    from store.models import Document, Page

    env = {**os.environ, "BUKTI_HOME": str(tmp_path / "home"), "BUKTI_WORKERS": "2"}
    command = [sys.executable, "-m", "cli.main", "assess", str(example_folder), "--db", sqlite_url,
               "--region", OPTIONS["region"], "--year", str(OPTIONS["year"]), "--ocr", "never"]
    proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    time.sleep(delay)
    os.killpg(proc.pid, 9)  # the CLI, its fork server and workers: everything at once
    proc.wait(10)
    result = assess_folder(example_folder, AssessOptions(database_url=sqlite_url, **OPTIONS))
    assert len(result.documents) == 6 and not result.failed
    engine = get_engine(sqlite_url)
    with session_scope(engine) as session:
        per_file = session.execute(select(Document.sha256, func.count()).group_by(Document.sha256)).all()
        assert len(per_file) == 6 and all(n == 1 for _, n in per_file)
        pages = session.execute(select(Page.document_id, Page.number, func.count())
                                .group_by(Page.document_id, Page.number)).all()
        assert pages and all(n == 1 for *_, n in pages)
        for payload in session.scalars(select(ExtractionCacheEntry.payload)):
            decode_document(payload)  # a half-written entry would not decode
        results = select(MatchCacheEntry.payload).where(MatchCacheEntry.sha256.not_in(sorted(PACK_MARKERS)))
        for payload in session.scalars(results):
            decode_prepared(payload)
    engine.dispose()
