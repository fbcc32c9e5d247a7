"""Server-side sessions of the review app: the ``review_sessions`` table (migration 0007).

The browser holds only a random token; the row id is its sha256, so the table alone (a backup,
a leaked dump) never yields a usable cookie. A session ends when it is revoked (logout, password
change), when the password changed some other way (the fingerprint no longer matches), when it
is older than the absolute lifetime, or after an idle period.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, delete, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from store.coltypes import utc_now
from store.db import storage_errors
from store.models import Base
from store.users import User

TOKEN_BYTES = 32
# last_seen is written at most this often, so browsing is not one database write per page.
TOUCH_EVERY = timedelta(minutes=1)


class ReviewSession(Base):
    """One login. ``revoked_at`` is set at logout or when the user's password changes."""

    __tablename__ = "review_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64))  # the user's password fingerprint at login
    created_at: Mapped[datetime]
    last_seen: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


def _token_id(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@storage_errors
def open_session(session: Session, user: User) -> str:
    """Start a session for ``user``; returns the token for the cookie (shown nowhere else)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = utc_now()
    session.add(ReviewSession(id=_token_id(token), user_id=user.id, fingerprint=user.session_fingerprint,
                              created_at=now, last_seen=now))
    session.flush()
    return token


@storage_errors
def session_user(session: Session, token: str, *, max_age: timedelta, idle: timedelta) -> User | None:
    """The active user of a live session, else None; refreshes ``last_seen`` now and then."""
    row = session.get(ReviewSession, _token_id(token))
    now = utc_now()
    if row is None or row.revoked_at is not None:
        return None
    if now - row.created_at > max_age or now - row.last_seen > idle:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active or user.session_fingerprint != row.fingerprint:
        return None
    if now - row.last_seen > TOUCH_EVERY:
        row.last_seen = now
    return user


@storage_errors
def revoke_session(session: Session, token: str) -> None:
    """End one session (logout); unknown or already ended tokens are ignored."""
    session.execute(update(ReviewSession)
                    .where(ReviewSession.id == _token_id(token), ReviewSession.revoked_at.is_(None))
                    .values(revoked_at=utc_now()))


@storage_errors
def revoke_user_sessions(session: Session, user_id: int) -> int:
    """End every open session of a user (password change, deactivation); returns how many."""
    result = session.execute(update(ReviewSession)
                             .where(ReviewSession.user_id == user_id, ReviewSession.revoked_at.is_(None))
                             .values(revoked_at=utc_now()))
    return int(getattr(result, "rowcount", 0) or 0)


@storage_errors
def prune_sessions(session: Session, older_than: timedelta) -> int:
    """Delete sessions started before ``older_than`` ago (they can no longer be used anyway)."""
    result = session.execute(delete(ReviewSession).where(ReviewSession.created_at < utc_now() - older_than))
    return int(getattr(result, "rowcount", 0) or 0)
