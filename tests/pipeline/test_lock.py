"""Submission leases: two real processes never interleave; a dead holder's lease expires."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from core.errors import StorageError
from pipeline.lock import LeaseTimeout, lock_name, submission_lock
from store import get_engine, upgrade_database

REPO = Path(__file__).resolve().parents[2]

# A process that takes the lease, writes "start"/"end" around a pause, and releases it.
HOLDER = """
import sys, time
from datetime import timedelta
from pipeline.lock import submission_lock
from store import get_engine
url, name, log, label, hold, ttl = sys.argv[1:7]
engine = get_engine(url)
with submission_lock(engine, name, ttl=timedelta(seconds=float(ttl)), wait_seconds=60):
    with open(log, "a") as out:
        out.write(f"{label} start\\n")
    print("held", flush=True)
    time.sleep(float(hold))
    with open(log, "a") as out:
        out.write(f"{label} end\\n")
"""


def _holder(url: str, log: Path, label: str, hold: float, ttl: float = 60) -> subprocess.Popen[str]:
    name = "submission:x:Kota A:2024"
    args = [sys.executable, "-c", HOLDER, url, name, str(log), label, str(hold), str(ttl)]
    return subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, text=True)


@pytest.fixture()
def migrated(database_url: str) -> str:
    upgrade_database(database_url)
    return database_url


def test_lock_name_normalises_region_spacing() -> None:
    assert lock_name("spbe", " Kota  Jambi ", 2024) == lock_name("spbe", "Kota Jambi", 2024)


@pytest.mark.slow
def test_submission_lock_two_processes_do_not_interleave(migrated: str, tmp_path: Path) -> None:
    log = tmp_path / "order.log"
    first, second = _holder(migrated, log, "A", 1.5), _holder(migrated, log, "B", 1.5)
    try:
        assert first.wait(60) == 0 and second.wait(60) == 0
    finally:
        for proc in (first, second):
            if proc.poll() is None:
                proc.kill()
    lines = log.read_text().split()
    pairs = [" ".join(lines[i:i + 2]) for i in range(0, len(lines), 2)]
    assert pairs in (["A start", "A end", "B start", "B end"], ["B start", "B end", "A start", "A end"])


@pytest.mark.slow
def test_submission_lock_expires_when_holder_dies(migrated: str, tmp_path: Path) -> None:
    dead = _holder(migrated, tmp_path / "dead.log", "dead", hold=60, ttl=1.0)
    try:
        assert dead.stdout is not None and dead.stdout.readline().strip() == "held"
        dead.send_signal(signal.SIGKILL)
        dead.wait(10)
    finally:
        if dead.poll() is None:
            dead.kill()
    engine = get_engine(migrated)
    # taken over once the dead holder's 1 s lease ran out, long before this wait would time out
    with submission_lock(engine, "submission:x:Kota A:2024", wait_seconds=15) as lease:
        assert lease.took_over_from is not None  # the dead process's lease, not a free one
    engine.dispose()


def test_submission_lock_threads_wait_then_time_out(migrated: str) -> None:
    engine = get_engine(migrated)
    inside = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with submission_lock(engine, "submission:t"):
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert inside.wait(10)
        with pytest.raises(LeaseTimeout, match="sedang dipegang oleh .* tunggu penilaian itu selesai"):
            with submission_lock(engine, "submission:t", wait_seconds=0.6):
                pass
    finally:
        release.set()
        thread.join(10)
    with submission_lock(engine, "submission:t", wait_seconds=1):
        pass  # free again once the first holder left
    engine.dispose()


def test_submission_lock_renew_fails_after_takeover(migrated: str) -> None:
    engine = get_engine(migrated)
    with submission_lock(engine, "submission:r", ttl=timedelta(seconds=-1)) as stale:
        with submission_lock(engine, "submission:r", wait_seconds=1):
            with pytest.raises(StorageError, match="kunci .* lepas"):
                stale.renew()
    engine.dispose()
