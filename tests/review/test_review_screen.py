"""The indicator screen as one working view (without a browser): previous/next, the selected
citation and its page beside the decision, the way back from the page view, and the script."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from review_support import OWN_SCRIPT, ReviewDb, injected_scripts
from sqlalchemy.orm import Session

from review.indicator import indicator_view, page_preview
from review.packs import get_pack
from review.service import decide
from store.review_repo import get_user


def test_navigation_follows_the_framework_and_finds_the_next_open_indicator(
    session: Session, review_db: ReviewDb
) -> None:
    sid, ids = review_db.submission_id, [i.id for i in get_pack("spbe-2020").indicators()]
    first, last = indicator_view(session, sid, ids[0], None), indicator_view(session, sid, ids[-1], None)
    assert first.navigation and last.navigation
    assert (first.navigation.position, first.navigation.total) == (1, len(ids))
    assert (first.navigation.previous, first.navigation.next) == (None, ids[1])
    end = last.navigation
    assert (end.previous, end.next, end.next_open) == (ids[-2], None, ids[0])
    ani = get_user(session, "ani")
    assert ani is not None
    decide(session, sid, ids[1], ani, action="confirm")
    decide(session, sid, ids[2], ani, action="confirm")
    assert indicator_view(session, sid, ids[0], None).navigation.next_open == ids[3]  # type: ignore[union-attr]


def test_selected_citation_defaults_to_the_strongest_and_ignores_other_proposals(
    session: Session, review_db: ReviewDb
) -> None:
    sid = review_db.submission_id
    view = indicator_view(session, sid, "1", None)
    assert len(view.citations) > 2 and view.selected == view.citations[0]
    chosen = view.citations[2]
    assert indicator_view(session, sid, "1", None, chosen.id).selected == chosen
    other = indicator_view(session, sid, "2", None).citations[0]
    assert indicator_view(session, sid, "1", None, other.id).selected == view.citations[0]


def test_page_preview_gives_the_image_for_a_pdf_and_the_marked_text_for_a_docx(
    session: Session, review_db: ReviewDb
) -> None:
    view = indicator_view(session, review_db.submission_id, "1", None)
    pdf = next(c for c in view.citations if c.format == "pdf")
    docx = next(c for c in view.citations if c.format == "docx")
    shown = page_preview(session, review_db.submission_id, pdf)
    assert shown is not None and shown.image_available and shown.note is None
    start, end = shown.spans[0]
    assert shown.text[start:end].strip() and 0.0 <= shown.focus < 1.0
    text = page_preview(session, review_db.submission_id, docx)
    assert text is not None and not text.image_available and "DOCX" in (text.note or "")
    assert page_preview(session, review_db.submission_id, None) is None


def test_indicator_screen_holds_decision_citations_and_page_side_by_side(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    client = logged_in("ani")
    sid = review_db.submission_id
    html = client.get(f"/submissions/{sid}/indicators/1").text
    panes = [m.group(1) for m in re.finditer(r'<section class="pane" id="([a-z-]+)"', html)]
    assert panes == ["decision-pane", "citations-pane", "page-pane"]
    assert html.index('id="confirm-form"') < html.index("Kriteria tingkat")  # the form before the checklist
    assert 'id="page-preview"' in html and "/image.png?kutipan=" in html
    assert f'rel="next" href="/submissions/{sid}/indicators/2"' in html and 'rel="prev"' not in html
    for key in ("k", "u", "n", "b", "]"):
        assert f'data-shortcut="{key}"' in html
    assert html.count(OWN_SCRIPT) == 1 and injected_scripts(html) == 0
    nothing_cited = client.get(f"/submissions/{sid}/indicators/32").text  # the criteria take the room
    panes = [m.group(1) for m in re.finditer(r'<section class="pane" id="([a-z-]+)"', nothing_cited)]
    assert panes == ["decision-pane", "criteria-pane"] and "no-citations" in nothing_cited
    assert nothing_cited.count("Kriteria tingkat</h2>") == 1
    assert html.count("Kriteria tingkat</h2>") == 1
    viewer = logged_in("vina").get(f"/submissions/{sid}/indicators/1").text
    assert 'data-shortcut="k"' not in viewer and 'data-shortcut="u"' not in viewer


def test_selected_citation_is_marked_and_shown(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb, session: Session
) -> None:
    sid = review_db.submission_id
    docx = next(c for c in indicator_view(session, sid, "1", None).citations if c.format == "docx")
    html = logged_in("ani").get(f"/submissions/{sid}/indicators/1?kutipan={docx.id}").text
    assert f'class="card citation selected" id="kutipan-{docx.id}"' in html
    assert 'id="page-preview"' not in html and 'id="preview-note"' in html
    assert re.search(r'id="preview-text">[^<]*(?:<[^m][^>]*>[^<]*)*<mark>', html)
    assert logged_in("ani").get(f"/submissions/{sid}/indicators/1?kutipan=0").status_code == 422


def test_page_view_leads_back_to_the_indicator(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb, session: Session
) -> None:
    sid = review_db.submission_id
    cited = indicator_view(session, sid, "2", None).citations[0]
    client = logged_in("ani")
    url = f"/submissions/{sid}/documents/{cited.document_id}/pages/{cited.page}"
    html = client.get(f"{url}?kutipan={cited.id}").text
    back = f'href="/submissions/{sid}/indicators/2?kutipan={cited.id}#kutipan-{cited.id}"'
    assert f'id="back-to-indicator" {back} data-shortcut="Escape"' in html
    assert "Kembali ke indikator 2" in html
    plain = client.get(url).text
    assert "back-to-indicator" not in plain and injected_scripts(plain) == 0 and OWN_SCRIPT not in plain


def test_script_is_served_to_logged_in_users_as_javascript(
    app_client: TestClient, logged_in: Callable[[str], TestClient]
) -> None:
    anonymous = app_client.get("/static/review.js", follow_redirects=False)
    assert anonymous.status_code in (302, 303, 307) and "/login" in anonymous.headers["location"]
    served = logged_in("vina").get("/static/review.js")
    assert served.status_code == 200 and served.headers["content-type"].startswith("text/javascript")
    assert "data-shortcut" in served.text and "eval(" not in served.text
