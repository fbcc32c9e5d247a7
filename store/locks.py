"""Leases: named locks with an expiry, held in the database (table ``leases``, migration 0003).

A lease keeps two runs on the same submission from interleaving their writes, whether they
run in two threads, two processes or on two machines sharing the database. A holder that
dies stops renewing, so its lease expires and the next run takes it over; nobody has to
clean up by hand. Times come from the holders' clocks (UTC): keep machines NTP-synced and
the time-to-live far above the expected clock skew.

Each function is one short transaction in the caller's session; the caller commits at once
(``pipeline.lock`` does), so other holders see the lease immediately. The first statement
of acquiring is a write, which matters on SQLite: a transaction that read first and then
writes can fail at once with "database is locked" instead of waiting.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from store.coltypes import utc_now
from store.db import storage_errors
from store.models import Base


class Lease(Base):
    """Who holds the lock ``name`` and until when."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(255), primary_key=True)
    holder: Mapped[str] = mapped_column(String(255))
    acquired_at: Mapped[datetime]
    expires_at: Mapped[datetime]


@storage_errors
def try_acquire(session: Session, name: str, holder: str, ttl: timedelta) -> bool:
    """Take the lease when free or expired (or already ours); False when someone else holds it."""
    now = utc_now()
    try:
        with session.begin_nested():
            session.add(Lease(name=name, holder=holder, acquired_at=now, expires_at=now + ttl))
        return True
    except IntegrityError:
        pass
    taken = session.execute(
        update(Lease)
        .where(Lease.name == name, (Lease.expires_at <= now) | (Lease.holder == holder))
        .values(holder=holder, acquired_at=now, expires_at=now + ttl)
        .execution_options(synchronize_session=False)
    )
    return taken.rowcount == 1  # type: ignore[attr-defined]


@storage_errors
def renew(session: Session, name: str, holder: str, ttl: timedelta) -> bool:
    """Extend our lease; False when it is no longer ours (it expired and was taken over)."""
    renewed = session.execute(
        update(Lease)
        .where(Lease.name == name, Lease.holder == holder)
        .values(expires_at=utc_now() + ttl)
        .execution_options(synchronize_session=False)
    )
    return renewed.rowcount == 1  # type: ignore[attr-defined]


@storage_errors
def release(session: Session, name: str, holder: str) -> bool:
    """Give the lease up; False when it was not ours any more."""
    gone = session.execute(
        delete(Lease)
        .where(Lease.name == name, Lease.holder == holder)
        .execution_options(synchronize_session=False)
    )
    return gone.rowcount == 1  # type: ignore[attr-defined]


@storage_errors
def current_lease(session: Session, name: str) -> Lease | None:
    """The lease row, expired or not (None when nobody took it)."""
    return session.scalar(select(Lease).where(Lease.name == name))


@storage_errors
def held_leases(session: Session) -> list[Lease]:
    """Every lease that has not expired yet, by name."""
    return list(session.scalars(select(Lease).where(Lease.expires_at > utc_now()).order_by(Lease.name)))
