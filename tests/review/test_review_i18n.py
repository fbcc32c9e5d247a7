"""The English locale of the review app: catalogue completeness, the language switch, fallbacks."""

from __future__ import annotations

import re
import string
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from review_support import ReviewDb, csrf_of, first_document

from review import app as review_app
from review import routes_auth
from review.i18n import EN, LOCALE_COOKIE, normalise_locale, translate
from review.indicator import GUIDANCE_PARTS
from review.templating import TEMPLATES_DIR
from review.views import (
    EXTRACTION_LABELS,
    MANUAL_DECIDED_LABEL,
    MANUAL_LEVEL,
    STATUS_LABELS,
    AcceptanceView,
    DecisionView,
    IssueView,
)

LITERAL = re.compile(r'\bt\("((?:[^"\\]|\\.)*)"')


def _template_messages() -> set[str]:
    texts = (path.read_text(encoding="utf-8") for path in TEMPLATES_DIR.glob("*.html"))
    return {message for text in texts for message in LITERAL.findall(text)}


def _python_labels() -> set[str]:
    """Fixed Indonesian labels computed in Python that the templates pass through t()."""
    decisions = {DecisionView(1, a, 1, "", "", None, None).action_label for a in ("confirm", "override")}  # type: ignore[arg-type]
    issues = {IssueView("", s, None).severity_label for s in ("warning", "error")}
    acceptances = {AcceptanceView(a, "", "", None).action_label for a in ("accept", "revoke")}  # type: ignore[arg-type]
    return {*STATUS_LABELS.values(), *EXTRACTION_LABELS.values(), *(label for _, label in GUIDANCE_PARTS),
            MANUAL_LEVEL, MANUAL_DECIDED_LABEL,
            *decisions, *issues, *acceptances}


def _quoted_in(module: object, messages: set[str]) -> set[str]:
    source = open(module.__file__, encoding="utf-8").read()  # type: ignore[attr-defined]  # noqa: PTH123
    return {m for m in messages if f'"{m}"' in source}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_i18n_templates_use_many_messages() -> None:
    assert len(_template_messages()) > 100  # the regex sees the real templates


def test_i18n_every_message_has_an_english_entry_with_the_same_placeholders() -> None:
    messages = _template_messages() | _python_labels()
    missing = sorted(m for m in messages if m not in EN)
    assert not missing, f"add English for: {missing}"
    for message in messages:
        assert _placeholders(EN[message]) == _placeholders(message), message


def test_i18n_no_english_entry_is_orphaned() -> None:
    """An English entry whose Indonesian text is no longer used means the Indonesian was edited."""
    used = _template_messages() | _python_labels()
    fixed = _quoted_in(review_app, set(EN)) | _quoted_in(routes_auth, set(EN))
    fixed |= {"token formulir (CSRF) tidak valid: muat ulang halaman lalu kirim lagi"}  # review.web
    assert sorted(set(EN) - used - fixed) == []


@pytest.mark.parametrize(
    ("locale", "message", "values", "expected"),
    [
        ("id", "Masuk", {}, "Masuk"),
        ("en", "Masuk", {}, "Log in"),
        ("en", "halaman {n} dari {total}", {"n": 2, "total": 9}, "page 2 of 9"),
        ("id", "halaman {n} dari {total}", {"n": 2, "total": 9}, "halaman 2 dari 9"),
        ("en", "teks tanpa terjemahan", {}, "teks tanpa terjemahan"),  # missing English falls back
        ("fr", "Masuk", {}, "Masuk"),
        ("en", "oleh {user}", {"user": "{n} <b>"}, "by {n} <b>"),  # values are not re-formatted
    ],
)
def test_i18n_translate(locale: str, message: str, values: dict[str, object], expected: str) -> None:
    assert translate(locale, message, **values) == expected


@pytest.mark.parametrize(("raw", "expected"), [("en", "en"), ("EN ", "en"), ("id", "id"), ("fr", "id"),
                                               ("", "id"), (None, "id"), ("en-US", "id")])
def test_i18n_normalise_locale(raw: str | None, expected: str) -> None:
    assert normalise_locale(raw) == expected


def test_i18n_default_is_indonesian_even_for_english_browsers(app_client: TestClient) -> None:
    html = app_client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"}).text
    assert '<html lang="id">' in html and "<h1>Masuk</h1>" in html and "Kata sandi" in html


def test_i18n_login_page_switches_to_english_and_back(app_client: TestClient) -> None:
    response = app_client.get("/lang", params={"code": "en", "next": "/login"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    html = app_client.get("/login").text
    assert '<html lang="en">' in html and "<h1>Log in</h1>" in html and "Password" in html
    assert "Kata sandi" not in html
    app_client.get("/lang", params={"code": "id", "next": "/login"})
    assert "<h1>Masuk</h1>" in app_client.get("/login").text


def test_i18n_switch_stays_on_the_same_page(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    client = logged_in("ani")
    sid = review_db.submission_id
    here = f"/submissions/{sid}?urut=prioritas"
    html = client.get(here).text
    link = re.search(r'<a href="(/lang\?code=en&amp;next=[^"]+)"', html)
    assert link is not None
    response = client.get(link.group(1).replace("&amp;", "&"), follow_redirects=False)
    assert response.headers["location"] == here
    english = client.get(response.headers["location"]).text
    assert '<html lang="en">' in english and "Provisional index (proposed)" in english
    assert "<th>Indicator</th>" in english and "Indeks sementara" not in english
    assert 'data-status="pending">Not reviewed</span>' in english  # labels inside imported macros too


def test_i18n_switch_refuses_foreign_targets(app_client: TestClient) -> None:
    for target in ("//evil.example/x", "https://evil.example/", "javascript:alert(1)"):
        response = app_client.get("/lang", params={"code": "en", "next": target}, follow_redirects=False)
        assert response.headers["location"] == "/", target


def test_i18n_english_headings_on_every_screen(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    client = logged_in("ani")
    client.cookies.set(LOCALE_COOKIE, "en")
    sid = review_db.submission_id
    doc = first_document(review_db.url, sid, "pdf")
    pages = {
        "/": "<h1>Submissions</h1>",
        f"/submissions/{sid}/documents": "<h1>Documents (",
        f"/submissions/{sid}/indicators/1": "<h2>Decision history</h2>",
        f"/submissions/{sid}/documents/{doc}/pages/1": "page 1 of",
        f"/submissions/{sid}/indicators/999": "<h1>Not found</h1>",
    }
    for path, heading in pages.items():
        html = client.get(path).text
        assert '<html lang="en">' in html and heading in html, path
        assert "Daftar pengajuan" not in html, path


def test_i18n_english_keeps_data_as_stored(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    client = logged_in("ani")
    sid = review_db.submission_id
    indonesian = client.get(f"/submissions/{sid}/indicators/1").text
    name = re.search(r"<h1>Indikator 1\. ([^<]+)</h1>", indonesian)
    assert name is not None
    client.cookies.set(LOCALE_COOKIE, "en")
    english = client.get(f"/submissions/{sid}/indicators/1").text
    assert f"<h1>Indicator 1. {name.group(1)}</h1>" in english  # the rule pack's name is not translated


def test_i18n_flash_and_form_errors_in_english(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    client = logged_in("ani")
    client.cookies.set(LOCALE_COOKIE, "en")
    path = f"/submissions/{review_db.submission_id}/indicators/1"
    token = csrf_of(client.get(path).text)
    decided = client.post(f"{path}/decision", data={"csrf_token": token, "action": "override", "level": "2",
                                                     "reason": "diperiksa di lokasi", "proposal_id": ""})
    assert "Decision saved." in decided.text and "diperiksa di lokasi" in decided.text  # reason as stored
    refused = client.post(f"{path}/decision", data={"action": "confirm"})
    assert refused.status_code == 403 and "<h1>Access denied</h1>" in refused.text


def test_i18n_unknown_locale_cookie_falls_back_to_indonesian(app_client: TestClient) -> None:
    for value in ("fr", "", "en\"><script>", "x" * 200):
        app_client.cookies.set(LOCALE_COOKIE, value)
        html = app_client.get("/login").text
        assert '<html lang="id">' in html and "<h1>Masuk</h1>" in html, value
    response = app_client.get("/lang", params={"code": "klingon"}, follow_redirects=False)
    assert LOCALE_COOKIE + "=id" in response.headers["set-cookie"]


def test_i18n_switch_on_a_rejected_form_returns_to_the_form_page(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    client = logged_in("ani")
    path = f"/submissions/{review_db.submission_id}/indicators/1"
    token = csrf_of(client.get(path).text)
    form = {"csrf_token": token, "action": "override", "level": "x", "reason": ""}
    same_site = client.post(f"{path}/decision", data=form, headers={"Referer": f"http://testserver{path}"})
    assert same_site.status_code == 400
    assert f'href="/lang?code=en&amp;next={path}"' in same_site.text  # not the POST-only /decision
    foreign = client.post(f"{path}/decision", data=form, headers={"Referer": "http://evil.example/x"})
    assert 'href="/lang?code=en&amp;next=/"' in foreign.text
