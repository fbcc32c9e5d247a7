"""Worker processes never outlive their run: SIGKILL of the main process takes them down too,
and SIGTERM stops the run and its pool cleanly. Real process trees, real signals."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from test_crash_recovery import _runs, start_paused

from store.db import get_engine, session_scope
from store.locks import Lease

pytestmark = pytest.mark.slow


def _session_processes(sid: int) -> list[int]:
    """Live (not zombie) processes of session ``sid``: the run and everything it started."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":  # fields: state, ppid, pgrp, session, ...
            alive.append(int(entry.name))
    return alive


def _gone_within(sid: int, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := _session_processes(sid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def _cleanup(sid: int) -> None:
    for pid in _session_processes(sid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["sigkill", "sigterm"])
def test_workers_exit_when_the_main_process_is_killed(example_folder: Path, sqlite_url: str,
                                                      tmp_path: Path, sig: signal.Signals) -> None:
    proc = start_paused(example_folder, sqlite_url, tmp_path / "home", "finalize", workers="2")
    try:
        workers = [pid for pid in _session_processes(proc.pid) if pid != proc.pid]
        assert len(workers) >= 3, workers  # the fork server and two workers
        os.kill(proc.pid, sig)
        proc.wait(20)
        left = _gone_within(proc.pid, 5)
        assert not left, f"{len(left)} processes outlived the run: {left}"
        if sig == signal.SIGTERM:  # stopped cleanly: run closed, lease released
            assert proc.returncode == 128 + signal.SIGTERM
            assert [status for _, status, _ in _runs(sqlite_url)] == ["failed"]
            engine = get_engine(sqlite_url)
            with session_scope(engine) as session:
                assert session.scalar(select(func.count()).select_from(Lease)) == 0
            engine.dispose()
    finally:
        _cleanup(proc.pid)
        if proc.poll() is None:
            proc.kill()
