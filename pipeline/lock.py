"""Hold a database lease while writing a submission, so two runs on it cannot interleave.

``submission_lock`` waits (polling) until the lease is free or expired, holds it for the body
and releases it afterwards, also on errors. Long bodies call ``renew()`` between steps; a
holder that lost its lease (it stalled past the time-to-live and another run took over)
gets a StorageError at the next renewal instead of silently writing alongside the new holder.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import Engine

from core.errors import StorageError
from store.db import session_scope
from store.locks import current_lease, release, renew, try_acquire

log = logging.getLogger("bukti.pipeline.lock")

DEFAULT_TTL = timedelta(minutes=15)  # far above one scoring step; a dead holder blocks at most this long
DEFAULT_WAIT_SECONDS = 600.0  # a nightly run waits for a manual run on the same submission
POLL_SECONDS = 0.5


class LeaseTimeout(StorageError):
    """The lease stayed held by another run for longer than we were willing to wait."""

    code = "lease_timeout"


def lock_name(framework: str, region: str, year: int) -> str:
    """One lease per submission (the unique key of ``submissions``)."""
    return f"submission:{framework.strip()}:{' '.join(region.split())}:{year}"


def new_holder() -> str:
    """A holder id that says where the run is: host, process, and a unique suffix."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class HeldLease:
    """A lease we hold; ``renew()`` extends it."""

    def __init__(self, engine: Engine, name: str, holder: str, ttl: timedelta) -> None:
        self.engine, self.name, self.holder, self.ttl = engine, name, holder, ttl

    def renew(self) -> None:
        with session_scope(self.engine) as session:
            if not renew(session, self.name, self.holder, self.ttl):
                raise StorageError(
                    f"kunci {self.name} lepas: penilaian ini terhenti lebih lama dari {self.ttl} dan "
                    "penilaian lain mengambil alih; penilaian ini berhenti di sini, hasil penilaian lain "
                    "yang berlaku"
                )


@contextmanager
def submission_lock(engine: Engine, name: str, *, holder: str | None = None, ttl: timedelta = DEFAULT_TTL,
                    wait_seconds: float = DEFAULT_WAIT_SECONDS) -> Iterator[HeldLease]:
    """Hold the lease ``name`` for the body (waiting up to ``wait_seconds`` for it)."""
    lease = HeldLease(engine, name, holder or new_holder(), ttl)
    _acquire(lease, wait_seconds)
    try:
        yield lease
    finally:
        with session_scope(engine) as session:
            if not release(session, name, lease.holder):
                log.warning("lease=%s holder=%s was already taken over when released", name, lease.holder)


def _acquire(lease: HeldLease, wait_seconds: float) -> None:
    deadline = time.monotonic() + wait_seconds
    waited = False
    while True:
        with session_scope(lease.engine) as session:
            if try_acquire(session, lease.name, lease.holder, lease.ttl):
                return
        if time.monotonic() >= deadline:
            raise LeaseTimeout(
                f"{lease.name} sedang dipegang oleh {_holder_text(lease)}: tunggu penilaian itu selesai "
                f"(kuncinya dipegang paling lama {lease.ttl} tanpa diperpanjang), lalu jalankan lagi"
            )
        if not waited:
            log.info("lease=%s busy, waiting up to %.0f s", lease.name, wait_seconds)
            waited = True
        time.sleep(POLL_SECONDS)


def _holder_text(lease: HeldLease) -> str:
    with session_scope(lease.engine) as session:
        row = current_lease(session, lease.name)
        return f"{row.holder} sampai {row.expires_at:%Y-%m-%d %H:%M:%S} UTC" if row else "penilaian lain"
