"""Signed session cookies and CSRF tokens for the review app.

The cookie holds only ``{csrf token, session token}``, signed and timestamped with itsdangerous;
any change breaks the signature. The session token is a random value whose sha256 names a row of
``review_sessions`` (store.sessions): who is logged in is known only on the server, so logout and a
password change end the session there and a copied cookie stops working. Every POST form carries
the session's CSRF token, compared in constant time.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

from review.settings import SESSION_MAX_AGE_SECONDS

SESSION_COOKIE = "bukti_session"
_SALT = "bukti-review-session"


@dataclass(frozen=True)
class SessionData:
    """What the session cookie says; ``token`` (the server-side session) is None before login."""

    csrf: str
    token: str | None = None


def new_session(token: str | None = None) -> SessionData:
    """A session with a fresh CSRF token (a new one at login defeats session fixation)."""
    return SessionData(csrf=secrets.token_urlsafe(32), token=token)


class SessionCodec:
    """Signs and checks session cookies with the app's secret key."""

    def __init__(self, secret_key: str, max_age: int = SESSION_MAX_AGE_SECONDS) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt=_SALT)
        self.max_age = max_age

    def dumps(self, data: SessionData) -> str:
        return self._serializer.dumps({"c": data.csrf, "t": data.token})

    def loads(self, raw: str | None) -> SessionData | None:
        """The session in ``raw``, or None when missing, tampered with or expired."""
        if not raw:
            return None
        try:
            payload = self._serializer.loads(raw, max_age=self.max_age)
        except BadSignature:  # SignatureExpired is a BadSignature too
            return None
        if not isinstance(payload, dict) or not isinstance(payload.get("c"), str):
            return None
        token = payload.get("t")
        if token is not None and not isinstance(token, str):
            return None
        return SessionData(csrf=payload["c"], token=token)


def csrf_matches(expected: str, given: str | None) -> bool:
    """Constant-time comparison of the session's token with the one a form sent."""
    return bool(given) and hmac.compare_digest(expected.encode("utf-8"), str(given).encode("utf-8"))


def safe_next(target: str | None) -> str:
    """A local path to go to after login; anything else (other hosts, schemes) becomes ``/``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
