"""Hold a database lease while writing a submission, so two runs on it cannot interleave.

``submission_lock`` waits (polling) until the lease is free or expired, holds it for the body
and releases it afterwards, also on errors. While held, a heartbeat thread renews it every
quarter of its short time-to-live, so a holder killed outright (``kill -9``, out of memory, a
lost machine) blocks the submission for one TTL at most, not for a long fixed lease. A holder
on this machine whose process is gone is recognised at once (the holder id carries host, pid
namespace and pid) and its lease taken over without waiting. Long bodies also call ``renew()``
between steps; a holder that lost its lease (another run took over) gets a StorageError there
instead of silently writing alongside the new holder.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import Engine

from core.errors import StorageError
from core.timefmt import format_wib
from store.db import session_scope
from store.locks import current_lease, release, renew, try_acquire

log = logging.getLogger("bukti.pipeline.lock")

DEFAULT_TTL = timedelta(minutes=15)  # leases renewed only between steps (cache pruning)
# Submission leases have a heartbeat: renewed every TTL/4, so a dead holder blocks at most this long,
# and a beat may miss three times (a busy SQLite writer, a slow database) before the lease lapses.
SUBMISSION_TTL = timedelta(seconds=60)
MIN_BEAT_SECONDS = 0.2
DEFAULT_WAIT_SECONDS = 600.0  # a nightly run waits for a manual run on the same submission
POLL_SECONDS = 0.5
# new_holder(): "<host>:<pid>:<8 hex>" and, on Linux, ":ns<pid namespace inode>"; prefixes allowed.
_HOLDER = re.compile(r"(?P<host>[^:]+):(?P<pid>\d+):[0-9a-f]{8}(?::ns(?P<ns>\d+))?$")


class LeaseTimeout(StorageError):
    """The lease stayed held by another run for longer than we were willing to wait."""

    code = "lease_timeout"


def lock_name(framework: str, region: str, year: int) -> str:
    """One lease per submission (the unique key of ``submissions``)."""
    return f"submission:{framework.strip()}:{' '.join(region.split())}:{year}"


def _pid_namespace() -> str:
    try:
        return f":ns{os.stat('/proc/self/ns/pid').st_ino}"
    except OSError:  # not Linux: host and pid only
        return ""


def new_holder() -> str:
    """A holder id that says where the run is: host, process (and its pid namespace), a unique suffix."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}{_pid_namespace()}"


def holder_is_dead(holder: str) -> bool:
    """True when ``holder`` names a process of this machine (same pid namespace) that no longer runs.

    Holders elsewhere, or in a format we do not know, are never judged dead: only their lease's
    expiry frees them.
    """
    found = _HOLDER.search(holder)
    if found is None or found["host"] != socket.gethostname():
        return False
    if (f":ns{found['ns']}" if found["ns"] else "") != _pid_namespace():
        return False
    pid = int(found["pid"])
    return pid != os.getpid() and not _running(pid)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    try:  # a killed child not yet reaped by its parent is a zombie: dead for our purpose
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:  # noqa: PTH123
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except (OSError, IndexError):
        return True


class HeldLease:
    """A lease we hold; ``renew()`` extends it, and a heartbeat thread does so meanwhile."""

    def __init__(self, engine: Engine, name: str, holder: str, ttl: timedelta) -> None:
        self.engine, self.name, self.holder, self.ttl = engine, name, holder, ttl
        self.took_over_from: str | None = None  # the dead holder whose lease we took, if any
        self._lost = threading.Event()
        self._stop = threading.Event()

    def renew(self) -> None:
        if not self._lost.is_set():
            with session_scope(self.engine) as session:
                if renew(session, self.name, self.holder, self.ttl):
                    return
            self._lost.set()
        raise StorageError(
            f"kunci {self.name} lepas: penilaian ini terhenti lebih lama dari {self.ttl} dan "
            "penilaian lain mengambil alih; penilaian ini berhenti di sini, hasil penilaian lain "
            "yang berlaku"
        )

    def _beat(self) -> None:
        every = max(self.ttl.total_seconds() / 4, MIN_BEAT_SECONDS)
        while not self._stop.wait(every):
            try:
                with session_scope(self.engine) as session:
                    if not renew(session, self.name, self.holder, self.ttl):
                        self._lost.set()  # the body's next renew() raises
                        return
            except Exception:  # noqa: BLE001 - a missed beat is retried; the TTL allows three
                log.warning("lease=%s heartbeat failed; retrying", self.name, exc_info=True)

    @contextmanager
    def heartbeat(self) -> Iterator[None]:
        thread = threading.Thread(target=self._beat, name=f"lease-heartbeat {self.name}", daemon=True)
        thread.start()
        try:
            yield
        finally:
            self._stop.set()
            thread.join()


@contextmanager
def submission_lock(engine: Engine, name: str, *, holder: str | None = None,
                    ttl: timedelta = SUBMISSION_TTL,
                    wait_seconds: float = DEFAULT_WAIT_SECONDS) -> Iterator[HeldLease]:
    """Hold the lease ``name`` for the body (waiting up to ``wait_seconds`` for it), heartbeat on."""
    lease = HeldLease(engine, name, holder or new_holder(), ttl)
    _acquire(lease, wait_seconds)
    try:
        with lease.heartbeat():
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
        if _take_over_dead(lease):
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


def _take_over_dead(lease: HeldLease) -> bool:
    """Take the lease from a holder whose process on this machine is gone (killed, crashed)."""
    with session_scope(lease.engine) as session:
        row = current_lease(session, lease.name)
        dead = row.holder if row is not None and holder_is_dead(row.holder) else None
        if dead is None:
            return False
        release(session, lease.name, dead)  # only that holder's row: a live newcomer keeps its own
    with session_scope(lease.engine) as session:
        if not try_acquire(session, lease.name, lease.holder, lease.ttl):
            return False  # another waiter was quicker
    log.warning("lease=%s taken over from %s: its process is gone", lease.name, dead)
    lease.took_over_from = dead
    return True


def _holder_text(lease: HeldLease) -> str:
    with session_scope(lease.engine) as session:
        row = current_lease(session, lease.name)
        if row is None:
            return "penilaian lain"
        return f"{row.holder} sampai {format_wib(row.expires_at, '%Y-%m-%d %H:%M:%S')}"
