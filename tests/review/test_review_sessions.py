"""Server-side sessions: logout and a password change end a session even for a copied cookie."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from review_support import SECRET, ReviewDb, csrf_of, login
from sqlalchemy import func, select

from review.app import create_app
from store.db import get_engine, session_scope
from store.models import Decision
from store.review_repo import set_password
from store.sessions import ReviewSession


def _count(url: str, what: object) -> int:
    engine = get_engine(url)
    with session_scope(engine) as session:
        count = session.scalar(select(func.count()).select_from(what)) or 0  # type: ignore[arg-type]
    engine.dispose()
    return count


def _override(client: TestClient, review_db: ReviewDb, token: str) -> int:
    url = f"/submissions/{review_db.submission_id}/indicators/1/decision"
    form = {"csrf_token": token, "action": "override", "level": "2", "reason": "dicoba setelah keluar"}
    return client.post(url, data=form, follow_redirects=False).status_code


def test_copied_cookie_is_refused_after_logout(app_client: TestClient, review_db: ReviewDb) -> None:
    login(app_client, "ani")
    page = app_client.get(f"/submissions/{review_db.submission_id}/indicators/1")
    token, cookie = csrf_of(page.text), app_client.cookies["bukti_session"]
    assert app_client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    with TestClient(app_client.app) as thief:
        thief.cookies.set("bukti_session", cookie)
        assert thief.get("/", follow_redirects=False).status_code == 303  # to the login page
        assert _override(thief, review_db, token) == 401
    assert _count(review_db.url, Decision) == 0


def test_copied_cookie_is_refused_after_password_change(app_client: TestClient, review_db: ReviewDb) -> None:
    login(app_client, "ani")
    token = csrf_of(app_client.get(f"/submissions/{review_db.submission_id}/indicators/1").text)
    engine = get_engine(review_db.url)
    with session_scope(engine) as session:
        set_password(session, "ani", "kata-sandi-baru-99")
        rows = session.scalars(select(ReviewSession)).all()
        assert rows and all(row.revoked_at is not None for row in rows)
    engine.dispose()
    assert _override(app_client, review_db, token) == 401
    assert _count(review_db.url, Decision) == 0


def test_cookie_carries_no_user_id_and_the_table_no_token(
    app_client: TestClient, review_db: ReviewDb
) -> None:
    login(app_client, "ani")
    cookie = app_client.cookies["bukti_session"]
    engine = get_engine(review_db.url)
    with session_scope(engine) as session:
        (row,) = session.scalars(select(ReviewSession)).all()
        assert row.id not in cookie and row.revoked_at is None
    engine.dispose()


def test_sessions_expire_on_the_server(review_db: ReviewDb) -> None:
    app = create_app(review_db.url, secret_key=SECRET)
    app.state.session_idle = timedelta(0)
    with TestClient(app) as client:
        login(client, "ani")
        assert client.get("/", follow_redirects=False).status_code == 303
    app.state.engine.dispose()
