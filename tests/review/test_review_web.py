"""The review web app through HTTP (TestClient): login, access rules, CSRF, escaping, decisions."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from review_support import (
    OWN_SCRIPT,
    PASSWORD,
    PUBLIC_ROUTES,
    SCRIPT_NAME,
    SECRET,
    ReviewDb,
    app_routes,
    csrf_of,
    fill_path,
    first_document,
    injected_scripts,
    login,
)
from sqlalchemy import func, select

from core.errors import BuktiError, StorageError
from review.app import create_app
from review.settings import resolve_secret_key
from store.db import get_engine, session_scope
from store.models import Citation, Decision, Document
from store.review_repo import set_password


def _decisions(url: str) -> int:
    engine = get_engine(url)
    with session_scope(engine) as session:
        count = session.scalar(select(func.count()).select_from(Decision)) or 0
    engine.dispose()
    return count


def test_every_route_refuses_anonymous_requests(app_client: TestClient, review_db: ReviewDb) -> None:
    routes = app_routes(app_client.app)
    assert len([r for r in routes if r not in PUBLIC_ROUTES]) >= 8  # the test sees the real route table
    for method, path in routes:
        if (method, path) in PUBLIC_ROUTES:
            continue
        url = fill_path(path, review_db)
        response = app_client.request(method, url, follow_redirects=False)
        if method == "GET":
            assert response.status_code == 303, url
            assert response.headers["location"].startswith("/login?next="), url
        else:
            assert response.status_code == 401, url
        assert "Sukamaju" not in response.text, url
    assert _decisions(review_db.url) == 0


def test_public_routes_and_no_api_docs(app_client: TestClient) -> None:
    assert app_client.get("/health").json() == {"status": "ok", "database": "ok"}
    assert app_client.get("/login").status_code == 200
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert app_client.get(path).status_code == 404


def test_login_wrong_password_is_refused(app_client: TestClient) -> None:
    token = csrf_of(app_client.get("/login").text)
    response = app_client.post(
        "/login", data={"name": "ani", "password": "salah-sekali", "csrf_token": token}
    )
    assert response.status_code == 401 and "salah" in response.text
    assert app_client.get("/", follow_redirects=False).status_code == 303


def test_login_is_throttled_after_repeated_failures(app_client: TestClient) -> None:
    for _ in range(5):
        token = csrf_of(app_client.get("/login").text)
        wrong = {"name": "Ani", "password": "tebakan-salah", "csrf_token": token}
        assert app_client.post("/login", data=wrong).status_code == 401
    token = csrf_of(app_client.get("/login").text)
    right = {"name": "ani", "password": PASSWORD, "csrf_token": token}
    blocked = app_client.post("/login", data=right, follow_redirects=False)
    assert blocked.status_code == 429 and "Terlalu banyak" in blocked.text
    login(app_client, "vina")  # other accounts are not affected


def test_login_without_csrf_token_is_refused(app_client: TestClient) -> None:
    app_client.get("/login")
    response = app_client.post("/login", data={"name": "ani", "password": PASSWORD})
    assert response.status_code == 403
    assert app_client.get("/", follow_redirects=False).status_code == 303


def test_login_next_only_goes_to_local_paths(app_client: TestClient) -> None:
    token = csrf_of(app_client.get("/login").text)
    response = app_client.post(
        "/login",
        data={"name": "ani", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/x"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_tampered_or_foreign_session_cookie_is_refused(app_client: TestClient, review_db: ReviewDb) -> None:
    login(app_client, "ani")
    cookie = app_client.cookies["bukti_session"]
    app_client.cookies.set("bukti_session", cookie[:-2] + ("A" if cookie[-2] != "A" else "B") + cookie[-1])
    assert app_client.get("/", follow_redirects=False).status_code == 303
    other = create_app(review_db.url, secret_key="kunci-lain-" + "y" * 32)
    with TestClient(other) as foreign:
        foreign.cookies.set("bukti_session", cookie)
        assert foreign.get("/", follow_redirects=False).status_code == 303
    other.state.engine.dispose()


def test_password_change_ends_open_sessions(app_client: TestClient, review_db: ReviewDb) -> None:
    login(app_client, "ani")
    assert app_client.get("/").status_code == 200
    engine = get_engine(review_db.url)
    with session_scope(engine) as session:
        set_password(session, "ani", "kata-sandi-baru-99")
    engine.dispose()
    assert app_client.get("/", follow_redirects=False).status_code == 303


def test_logout_needs_csrf_and_clears_cookie(logged_in: Callable[[str], TestClient]) -> None:
    client = logged_in("ani")
    assert client.post("/logout", data={}).status_code == 403
    token = csrf_of(client.get("/").text)
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


def test_submissions_list_shows_both_indices_per_visible_region(
    logged_in: Callable[[str], TestClient],
) -> None:
    html = logged_in("ani").get("/").text
    assert "Kota Sukamaju" in html and "Indeks sementara" in html and "Indeks terkonfirmasi" in html
    assert html.count('data-index="confirmed"') == 2  # the example and the HTML submission


def test_other_region_gets_403_and_empty_list(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    client = logged_in("budi")
    assert "Sukamaju" not in client.get("/").text
    assert client.get(f"/submissions/{review_db.submission_id}").status_code == 403
    assert client.get(f"/submissions/{review_db.submission_id}/export/csv").status_code == 403


def _decide(client: TestClient, review_db: ReviewDb, indicator: str, **form: str):  # noqa: ANN202
    page = client.get(f"/submissions/{review_db.submission_id}/indicators/{indicator}")
    data = {"csrf_token": csrf_of(page.text), **form}
    return client.post(
        f"/submissions/{review_db.submission_id}/indicators/{indicator}/decision",
        data=data,
        follow_redirects=False,
    )


def test_viewer_cannot_decide(logged_in: Callable[[str], TestClient], review_db: ReviewDb) -> None:
    client = logged_in("vina")
    page = client.get(f"/submissions/{review_db.submission_id}/indicators/1").text
    assert "override-form" not in page and "hanya dapat melihat" in page
    response = _decide(client, review_db, "1", action="override", level="2", reason="coba")
    assert response.status_code == 403
    assert _decisions(review_db.url) == 0


def test_decision_without_csrf_token_is_refused(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    client = logged_in("ani")
    url = f"/submissions/{review_db.submission_id}/indicators/1/decision"
    assert client.post(url, data={"action": "confirm"}).status_code == 403
    assert client.post(url, data={"action": "confirm", "csrf_token": "palsu"}).status_code == 403
    assert _decisions(review_db.url) == 0


def test_override_without_reason_shows_error(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    response = _decide(logged_in("ani"), review_db, "1", action="override", level="2", reason=" ")
    assert response.status_code == 400 and "alasan" in response.text
    assert _decisions(review_db.url) == 0


def test_override_updates_status_history_and_confirmed_index(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    client = logged_in("ani")
    before = client.get(f"/submissions/{review_db.submission_id}/indicators/1").text
    response = _decide(
        client, review_db, "1", action="override", level="5", reason="Perwali perubahan <2024>"
    )
    assert response.status_code == 303
    after = client.get(response.headers["location"]).text
    assert 'id="decided-level">5<' in after and "Keputusan tersimpan" in after
    assert "Perwali perubahan &lt;2024&gt;" in after
    assert _index(after, "provisional") == _index(before, "provisional")
    assert _index(after, "confirmed") != _index(before, "confirmed")
    listing = client.get(f"/submissions/{review_db.submission_id}").text
    assert 'data-status="overridden"' in listing


def test_confirm_then_list_counts_reviewed(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    client = logged_in("admin")
    assert _decide(client, review_db, "2", action="confirm", proposal_id="").status_code == 303
    assert re.search(r"1 / 47", client.get("/").text)


def test_passages_with_html_render_as_text(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    client = logged_in("admin")
    html = client.get(f"/submissions/{review_db.script_submission_id}/indicators/1").text
    assert "<script>window.__xss" not in html and "<b>tebal</b>" not in html and "<i>x</i>" not in html
    assert "<mark>&lt;script&gt;window.__xss = 1&lt;/script&gt;</mark>" in html
    assert "&lt;b&gt;tebal&lt;/b&gt; &amp; selesai" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=" in html
    assert injected_scripts(html) == 0 and html.count(OWN_SCRIPT) == 1


def test_page_view_of_docx_shows_stored_text_with_note(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    client = logged_in("admin")
    doc_id = first_document(review_db.url, review_db.script_submission_id, "docx")
    html = client.get(f"/submissions/{review_db.script_submission_id}/documents/{doc_id}/pages/1").text
    assert 'id="page-note"' in html and "DOCX" in html and 'id="page-image"' not in html
    assert "&lt;script&gt;" in html and injected_scripts(html) == 0
    assert html.count(SCRIPT_NAME) == 0
    image = client.get(f"/submissions/{review_db.script_submission_id}/documents/{doc_id}/pages/1/image.png")
    assert image.status_code == 404


def test_page_image_of_pdf_is_rendered_png(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    client = logged_in("vina")
    doc_id = first_document(review_db.url, review_db.submission_id, "pdf")
    base = f"/submissions/{review_db.submission_id}/documents/{doc_id}/pages/1"
    html = client.get(base).text
    assert 'id="page-image"' in html
    image = client.get(f"{base}/image.png")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    missing = client.get(f"/submissions/{review_db.submission_id}/documents/{doc_id}/pages/99")
    assert missing.status_code == 404


def _index(html: str, kind: str) -> str:
    found = re.search(rf'id="index-{kind}">([^<]+)<', html)
    assert found, kind
    return found.group(1)


def _yellow_pixels(png: bytes) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    pixels: list[tuple[int, int, int]] = list(image.getdata())  # type: ignore[arg-type]
    return sum(1 for r, g, b in pixels if r > 240 and 200 <= g <= 245 and b < 170)


def test_page_image_boxes_the_cited_words(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    engine = get_engine(review_db.url)
    with session_scope(engine) as session:
        citation = session.scalars(
            select(Citation)
            .join(Document)
            .where(Document.submission_id == review_db.submission_id, Document.format == "pdf")
        ).first()
        assert citation is not None
        doc_id, page, cid = citation.document_id, citation.page, citation.id
    engine.dispose()
    client = logged_in("ani")
    base = f"/submissions/{review_db.submission_id}/documents/{doc_id}/pages/{page}"
    assert f"image.png?kutipan={cid}" in client.get(f"{base}?kutipan={cid}").text
    plain = client.get(f"{base}/image.png").content
    boxed = client.get(f"{base}/image.png?kutipan={cid}").content
    assert _yellow_pixels(plain) == 0 and _yellow_pixels(boxed) > 200


def test_page_of_another_submissions_document_is_not_found(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    doc_id = first_document(review_db.url, review_db.script_submission_id, "docx")
    client = logged_in("admin")
    assert client.get(f"/submissions/{review_db.submission_id}/documents/{doc_id}/pages/1").status_code == 404


def test_security_headers_forbid_scripts_and_framing(logged_in: Callable[[str], TestClient]) -> None:
    response = logged_in("ani").get("/")
    header = response.headers["content-security-policy"]
    policy = dict(part.strip().split(" ", 1) for part in header.split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"  # the app's own file: no inline code, no eval, no other origin
    assert response.headers["x-content-type-options"] == "nosniff"  # no other response runs as a script
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"


def test_session_cookie_is_httponly_and_samesite(app_client: TestClient) -> None:
    response = app_client.get("/login")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_create_app_on_unmigrated_database_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="bukti db upgrade"):
        create_app(f"sqlite:///{tmp_path / 'kosong.db'}", secret_key=SECRET)


def test_secret_key_is_generated_once_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUKTI_HOME", str(tmp_path))
    monkeypatch.delenv("BUKTI_SECRET_KEY", raising=False)
    first = resolve_secret_key()
    assert len(first) >= 32 and resolve_secret_key() == first
    assert (tmp_path / "review-secret-key").stat().st_mode & 0o077 == 0


def test_short_secret_key_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUKTI_SECRET_KEY", "pendek")
    with pytest.raises(BuktiError, match="shorter than 32"):
        resolve_secret_key()
