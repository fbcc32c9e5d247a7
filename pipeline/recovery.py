"""Runs left 'running' by a process that died (``kill -9``, out of memory, a lost machine).

A run is opened and closed under its submission's lease (``pipeline.finalize``), so once a new
run holds that lease, any run of the submission still marked ``running`` belongs to a holder
that is gone: it is closed as failed, with "interrupted" and the reason in its summary (the
schema's statuses stay as they are), so it never counts and nobody waits for it.
"""

from __future__ import annotations

import logging
import os
import sys
import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Run, RunStatus
from store.repository import finish_run

log = logging.getLogger("bukti.pipeline")

PAUSE_ENV = "BUKTI_TEST_PAUSE_AT"  # tests only: the name of a pause point to stop at


def close_interrupted_runs(session: Session, submission_id: int, previous_holder: str | None) -> list[int]:
    """Close the submission's runs still marked running (their process is gone); their ids."""
    stale = list(session.scalars(select(Run).where(Run.submission_id == submission_id,
                                                   Run.status == RunStatus.running.value)))
    holder = f" (pemegang kunci {previous_holder})" if previous_holder else ""
    for run in stale:
        summary = (f"interrupted: proses penilaian ini berhenti sebelum selesai{holder}; ditutup oleh "
                   "penilaian berikutnya, hasilnya tidak dipakai")
        finish_run(session, run, RunStatus.failed, summary, retire_missing=False)
        log.warning("run=%d closed as interrupted: its process is gone%s", run.id, holder)
    return [run.id for run in stale]


def pause_point(name: str) -> None:
    """Stop here for a test that kills the process at this point (``BUKTI_TEST_PAUSE_AT=name``).

    Says so on stderr with the pid, then sleeps (``BUKTI_TEST_PAUSE_SECONDS``, default an hour).
    A no-op in every normal run.
    """
    if os.environ.get(PAUSE_ENV) != name:
        return
    print(f"bukti-paused:{name}:{os.getpid()}", file=sys.stderr, flush=True)
    time.sleep(float(os.environ.get("BUKTI_TEST_PAUSE_SECONDS", "3600")))
