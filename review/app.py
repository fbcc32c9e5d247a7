"""The assessor review web app: ``create_app(database_url)`` returns a FastAPI application.

Server-rendered Jinja2 pages in Bahasa Indonesia (English on request, see review.i18n) that work
without JavaScript; one same-origin script (review/static/review.js) adds keyboard shortcuts and
scrolls the cited page to the citation, and the CSP allows that and nothing else (no inline
script, no eval, no other origin). Server-side sessions named by a signed cookie, and CSRF tokens
on every POST form. Run it with ``bukti serve`` (uvicorn on 127.0.0.1).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.errors import BuktiError
from core.settings import get_settings
from review.errors import AccessDeniedError, NotFoundError, PageImageTooLargeError
from review.pages import RenderLimits
from review.routes_auth import router as auth_router
from review.routes_files import router as files_router
from review.routes_review import router as review_router
from review.security import SessionCodec
from review.settings import SESSION_IDLE_SECONDS, SESSION_MAX_AGE_SECONDS, ReviewSettings, resolve_secret_key
from review.throttle import LoginThrottle
from review.web import NotAuthenticatedError, make_templates, render
from store.db import ensure_migrated, get_engine

# script-src 'self' runs only the app's own script: every other same-origin response (page, PNG,
# export) has a non-script type, which browsers refuse to run as a script under nosniff.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; img-src 'self'; "
    "style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def create_app(database_url: str | None = None, *, secret_key: str | None = None) -> FastAPI:
    """The review app over ``database_url`` (default: BUKTI_DATABASE_URL or the SQLite default).

    The database must be migrated (``bukti db upgrade``); a StorageError says so otherwise.
    """
    engine = get_engine(database_url)
    ensure_migrated(engine)
    settings = ReviewSettings()
    app_limits = RenderLimits.from_settings(settings)
    app = FastAPI(title="bukti — reviu asesor", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.engine = engine
    app.state.codec = SessionCodec(resolve_secret_key(secret_key))
    app.state.session_max_age = timedelta(seconds=SESSION_MAX_AGE_SECONDS)
    app.state.session_idle = timedelta(seconds=SESSION_IDLE_SECONDS)
    app.state.cookie_secure = settings.cookie_secure
    app.state.render_limits = app_limits
    app.state.templates = make_templates()
    app.state.max_reason_chars = get_settings().max_reason_chars
    app.state.throttle = LoginThrottle()
    for router in (auth_router, review_router, files_router):
        app.include_router(router)
    _add_handlers(app)
    app.middleware("http")(_security_headers)
    return app


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _add_handlers(app: FastAPI) -> None:
    app.add_exception_handler(NotAuthenticatedError, _not_authenticated)
    app.add_exception_handler(AccessDeniedError, _error_page(403, "Akses ditolak"))
    app.add_exception_handler(NotFoundError, _error_page(404, "Tidak ditemukan"))
    app.add_exception_handler(PageImageTooLargeError, _error_page(422, "Gambar terlalu besar"))
    app.add_exception_handler(BuktiError, _error_page(500, "Terjadi kesalahan"))
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)


async def _not_authenticated(request: Request, exc: Exception) -> Response:
    if request.method in ("GET", "HEAD"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    return render(
        request,
        "error.html",
        {"title": "Belum masuk", "message": "Silakan masuk terlebih dahulu."},
        status_code=401,
    )


def _error_page(status: int, title: str) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def handler(request: Request, exc: Exception) -> Response:
        return render(request, "error.html", {"title": title, "message": str(exc)}, status_code=status)

    return handler


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    where = "; ".join(".".join(str(p) for p in e.get("loc", ())) for e in exc.errors())
    return render(
        request,
        "error.html",
        {"title": "Permintaan tidak valid", "message": f"nilai tidak valid: {where}"},
        status_code=422,
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    title = "Tidak ditemukan" if exc.status_code == 404 else "Permintaan tidak dapat diproses"
    return render(
        request, "error.html", {"title": title, "message": str(exc.detail)}, status_code=exc.status_code
    )
