"""Login, logout, the language switch and the health check: the only routes an anonymous request may reach."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import text

from review.i18n import LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, normalise_locale
from review.security import SESSION_COOKIE, csrf_matches, new_session, safe_next
from review.web import CheckedUser, DbSession, anonymous_session, read_session, render, set_session_cookie
from store.review_repo import authenticate
from store.sessions import open_session, prune_sessions, revoke_session
from store.users import User

router = APIRouter()


@router.get("/health")
def health(db: DbSession) -> JSONResponse:
    """Liveness plus a database round trip; 503 when the database does not answer."""
    try:
        db.execute(text("SELECT 1"))
    except Exception as e:  # noqa: BLE001 - reported as unhealthy, never raised
        return JSONResponse({"status": "error", "database": e.__class__.__name__}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:  # noqa: A002 - the query parameter name
    """The login page, with a new anonymous session when the browser has none."""
    data, fresh = anonymous_session(request)
    request.state.session = data
    response = render(request, "login.html", {"next": safe_next(next), "error": None})
    if fresh:
        set_session_cookie(request, response, data)
    return response


@router.post("/login")
def login(
    request: Request,
    db: DbSession,
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",  # noqa: A002 - the form field name
) -> Response:
    """Check a login and start a session, or show the form again with the error."""
    data = read_session(request)
    if data is None or not csrf_matches(data.csrf, csrf_token):
        return _login_failed(request, "Sesi formulir kedaluwarsa: silakan coba masuk lagi.", next, 403)
    throttle, client = request.app.state.throttle, _client(request)
    if throttle.blocked(client, name):
        return _login_failed(
            request, "Terlalu banyak percobaan masuk yang gagal: coba lagi beberapa menit lagi.", next, 429
        )
    user = authenticate(db, name, password)
    if user is None:
        throttle.record_failure(client, name)
        return _login_failed(request, "Nama pengguna atau kata sandi salah.", next, 401)
    throttle.reset(client, name)
    return _logged_in(request, db, user, safe_next(next))


def _client(request: Request) -> str:
    """The client address as uvicorn reports it (the proxy's X-Forwarded-For when trusted)."""
    return request.client.host if request.client else "unknown"


def _login_failed(request: Request, message: str, target: str, status_code: int) -> Response:
    data = new_session()
    request.state.session = data
    response = render(request, "login.html", {"next": safe_next(target), "error": message}, status_code)
    set_session_cookie(request, response, data)
    return response


def _logged_in(request: Request, db: DbSession, user: User, target: str) -> Response:
    # sessions past their lifetime can never be used again: drop them while we are writing anyway
    prune_sessions(db, older_than=request.app.state.session_max_age * 2)
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(request, response, new_session(open_session(db, user)))
    return response


@router.post("/logout")
def logout(request: Request, db: DbSession, user: CheckedUser) -> Response:
    """End the session on the server too, so a copy of the cookie is worthless from now on."""
    token = request.state.session.token
    if token is not None:
        revoke_session(db, token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang")
def switch_language(request: Request, code: str = "", next: str = "/") -> Response:  # noqa: A002
    """Remember the chosen language in a cookie and go back to the page (a local path only).

    A GET link, so it needs no CSRF token: a forged request can only change the display language.
    """
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        LOCALE_COOKIE,
        normalise_locale(code),
        max_age=LOCALE_COOKIE_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=request.app.state.cookie_secure,
        path="/",
    )
    return response
