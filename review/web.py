"""Request plumbing of the review app: database session, current user, CSRF, template rendering.

Every route except ``/login`` and ``/health`` depends on :func:`current_user`, so an anonymous
request never reaches a handler; POST routes depend on :func:`checked_user`, which also
requires the session's CSRF token in the form.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from review.errors import AccessDeniedError
from review.i18n import LOCALE_COOKIE, Translator, normalise_locale
from review.security import SESSION_COOKIE, SessionCodec, SessionData, csrf_matches, new_session, safe_next
from review.settings import MAX_DB_ID
from review.templating import template_env
from store.db import session_scope
from store.sessions import session_user
from store.users import User


@dataclass(frozen=True)
class Viewer:
    """What templates know of the logged-in user: a copy, safe after the session closed or rolled back."""

    name: str
    role: str
    regions: tuple[str, ...]
    is_admin: bool
    can_decide: bool

    @classmethod
    def of(cls, user: User) -> Viewer:
        return cls(user.name, user.role, tuple(user.regions), user.is_admin, user.can_decide)


class NotAuthenticatedError(Exception):
    """No valid login: GET requests go to the login page, anything else gets 401."""


def get_db(request: Request) -> Iterator[Session]:
    """A session per request, committed before the response is sent (``scope="function"``)."""
    with session_scope(request.app.state.engine) as session:
        yield session


DbSession = Annotated[Session, Depends(get_db, scope="function")]


def codec(request: Request) -> SessionCodec:
    """The app's session cookie codec."""
    return request.app.state.codec


def read_session(request: Request) -> SessionData | None:
    """The valid session of the request's cookie, or None."""
    return codec(request).loads(request.cookies.get(SESSION_COOKIE))


def current_user(request: Request, db: DbSession) -> User:
    """The active user of a live server-side session (not logged out, expired or revoked)."""
    data = read_session(request)
    if data is None or data.token is None:
        raise NotAuthenticatedError()
    state = request.app.state
    user = session_user(db, data.token, max_age=state.session_max_age, idle=state.session_idle)
    if user is None:
        raise NotAuthenticatedError()
    request.state.session = data
    request.state.viewer = Viewer.of(user)
    return user


CurrentUser = Annotated[User, Depends(current_user)]

# Every numeric path parameter (ids, page numbers) and the citation query: out of range is 422,
# never a driver overflow (500) and never a full-table surprise.
DbId = Annotated[int, Path(ge=1, le=MAX_DB_ID)]
CitationId = Annotated[int | None, Query(ge=1, le=MAX_DB_ID)]


def checked_user(request: Request, user: CurrentUser, csrf_token: Annotated[str, Form()] = "") -> User:
    """The current user of a POST whose form carries the session's CSRF token."""
    if not csrf_matches(request.state.session.csrf, csrf_token):
        raise AccessDeniedError("token formulir (CSRF) tidak valid: muat ulang halaman lalu kirim lagi")
    return user


CheckedUser = Annotated[User, Depends(checked_user)]


def set_session_cookie(request: Request, response: Response, data: SessionData) -> None:
    """Write ``data`` to the response's session cookie (HTTP-only)."""
    response.set_cookie(
        SESSION_COOKIE,
        codec(request).dumps(data),
        max_age=codec(request).max_age,
        httponly=True,
        samesite="lax",
        secure=request.app.state.cookie_secure,
        path="/",
    )


def anonymous_session(request: Request) -> tuple[SessionData, bool]:
    """The request's session, or a new anonymous one (True: the cookie must be set)."""
    data = read_session(request)
    return (data, False) if data is not None else (new_session(), True)


def make_templates() -> Jinja2Templates:
    """FastAPI's templates over the app's Jinja2 environment."""
    return Jinja2Templates(env=template_env())


def request_locale(request: Request) -> str:
    """The locale of the language cookie; without one Indonesian, whatever the browser asks for.

    Accept-Language is deliberately ignored: many Indonesian officials' browsers say ``en-US``,
    and Indonesian must stay the default.
    """
    return normalise_locale(request.cookies.get(LOCALE_COOKIE))


def current_target(request: Request) -> str:
    """Where the language switch returns to: this page, or for a POST the page the form was on."""
    if request.method in ("GET", "HEAD"):
        return request.url.path + (f"?{request.url.query}" if request.url.query else "")
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc and referer.netloc != request.url.netloc:
        return "/"
    return safe_next(referer.path + (f"?{referer.query}" if referer.query else ""))


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """A page with the current user, the session's CSRF token and the request's language."""
    session: SessionData | None = getattr(request.state, "session", None)
    lang = request_locale(request)
    full = {
        "user": getattr(request.state, "viewer", None),
        "csrf": session.csrf if session else "",
        "lang": lang,
        "t": Translator(lang),
        "here": current_target(request),
        "max_reason": request.app.state.max_reason_chars,
        **context,
    }
    return request.app.state.templates.TemplateResponse(request, name, full, status_code=status_code)
