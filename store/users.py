"""Reviewer accounts: the ``users`` table, roles, per-region access and password hashing.

Passwords are hashed with scrypt from the standard library (no new dependency); the stored
string carries its own parameters (``scrypt$n$r$p$salt$hash``) so they can be raised later
without invalidating existing accounts.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, String, func
from sqlalchemy.orm import Mapped, mapped_column

from store.models import Base

# scrypt cost: n=2**14, r=8, p=1 takes ~40 ms and 16 MiB here, the interactive-login value
# recommended by the scrypt paper; raise n when machines get faster.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
# Shorter passwords are refused: they are guessable even with a slow hash.
MIN_PASSWORD_LENGTH = 8


class Role(StrEnum):
    admin = "admin"  # every region; manages accounts
    assessor = "assessor"  # decides on the regions given
    viewer = "viewer"  # reads the regions given, never decides


class User(Base):
    """An account of the review app. ``regions`` lists where a non-admin has access."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'assessor', 'viewer')", name="role"),)
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    regions: Mapped[list[Any]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    @property
    def is_admin(self) -> bool:
        return self.role == Role.admin.value

    @property
    def can_decide(self) -> bool:
        return self.active and self.role in (Role.admin.value, Role.assessor.value)

    def can_see(self, region: str) -> bool:
        """Admins see every region; others only the regions listed (case and spaces ignored)."""
        if not self.active:
            return False
        if self.is_admin:
            return True
        wanted = region_key(region)
        return any(region_key(r) == wanted for r in self.regions)

    @property
    def session_fingerprint(self) -> str:
        """Changes when the password does, so a password change ends every old session."""
        return hashlib.sha256(self.password_hash.encode("utf-8")).hexdigest()[:16]


def region_key(region: str) -> str:
    """How regions compare: case and runs of spaces ignored."""
    return " ".join(region.split()).casefold()


def hash_password(password: str) -> str:
    """A salted scrypt hash of ``password`` with its parameters."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(key)])


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored`` (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES, maxmem=64 * 1024 * 1024
    )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


@functools.cache
def dummy_hash() -> str:
    """A hash to verify against when the user does not exist, so a login takes as long either way."""
    return hash_password(secrets.token_urlsafe(16))
