"""The indicator screen in a real browser at 1366x768: the decision form, the strongest citation
and its page image on one screen; keyboard shortcuts that never act while the assessor types;
previous/next; the way back from the page view.

Fixtures (browser, live server, page at 1366x768) in conftest.py.
"""

from __future__ import annotations

import re

import pytest
from browser_support import ON_SQLITE, VIEWPORT, LiveServer, decisions_by
from review_support import PASSWORD

from review.indicator import indicator_view
from store.db import get_engine, session_scope

pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.slow, ON_SQLITE]

Box = dict[str, float]


def _login(tab, server: LiveServer, name: str = "ani") -> None:  # noqa: ANN001
    tab.goto(f"{server.base}/login")
    tab.fill("#name", name)
    tab.fill("#password", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{server.base}/")


def _open(tab, server: LiveServer, indicator: str, query: str = "") -> str:  # noqa: ANN001
    url = f"{server.base}/submissions/{server.db.submission_id}/indicators/{indicator}{query}"
    tab.goto(url)
    return url


def _box(tab, selector: str) -> Box:  # noqa: ANN001
    box = tab.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not rendered"
    return box


def _inside_viewport(box: Box) -> bool:
    return (box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= VIEWPORT["width"]
            and box["y"] + box["height"] <= VIEWPORT["height"])


def _visible_part(box: Box, frame: Box) -> tuple[float, float]:
    """Width and height of ``box`` inside ``frame`` (its scrolling pane) and the viewport."""
    left, top = max(box["x"], frame["x"], 0), max(box["y"], frame["y"], 0)
    right = min(box["x"] + box["width"], frame["x"] + frame["width"], VIEWPORT["width"])
    bottom = min(box["y"] + box["height"], frame["y"] + frame["height"], VIEWPORT["height"])
    return max(0.0, right - left), max(0.0, bottom - top)


def _image_loaded(tab) -> int:  # noqa: ANN001
    loaded = tab.wait_for_function(
        "() => { const i = document.querySelector('#page-preview');"
        " return i && i.complete && i.naturalWidth > 0 && i.naturalWidth; }"
    )
    return int(loaded.json_value())


def _citation_ids(server: LiveServer, indicator: str) -> list[int]:
    engine = get_engine(server.db.url)
    with session_scope(engine) as session:
        ids = [c.id for c in indicator_view(session, server.db.submission_id, indicator, None).citations]
    engine.dispose()
    return ids


def test_browser_decision_strongest_citation_and_page_image_share_one_screen(
    page, live_server: LiveServer  # noqa: ANN001
) -> None:
    _login(page, live_server)
    _open(page, live_server, "1")
    assert _image_loaded(page) > 300  # the rendered page, not a broken-image icon
    assert page.evaluate("document.documentElement.scrollHeight") <= VIEWPORT["height"]  # no page scroll
    confirm, override = _box(page, "#confirm-form"), _box(page, "#override-form")
    strongest = _box(page, ".citation")
    assert page.locator(".citation").first.get_attribute("class") == "card citation selected"
    for name, box in (("confirm", confirm), ("override", override), ("strongest citation", strongest)):
        assert _inside_viewport(box), f"{name} {box} is not entirely on the 1366x768 screen"
    image, pane = _box(page, "#page-preview"), _box(page, "#page-pane")
    assert _inside_viewport(pane)
    width, height = _visible_part(image, pane)
    assert width >= 400 and height >= 400, (image, pane)  # most of the page is readable as it is
    assert override["x"] + override["width"] <= strongest["x"]  # side by side, left to right
    assert strongest["x"] + strongest["width"] <= image["x"]
    mark = page.locator(".citation").first.locator("blockquote mark").first
    assert mark.is_visible() and _inside_viewport(_box(page, ".citation >> nth=0 >> blockquote mark"))


def test_browser_shortcuts_never_act_while_typing(page, live_server: LiveServer) -> None:  # noqa: ANN001
    _login(page, live_server)
    here = _open(page, live_server, "1")
    shown = page.locator("#shortcuts").inner_text()
    assert "K" in shown and "konfirmasi" in shown and "mengetik" in shown
    page.click("#reason")
    page.keyboard.type("knpbu][")
    page.keyboard.press("Escape")
    assert page.url == here and page.input_value("#reason") == "knpbu]["
    page.focus("#level")
    page.keyboard.press("n")  # a select's own type-ahead, not "next indicator"
    page.keyboard.press("k")
    assert page.url == here
    assert decisions_by(live_server.db.url, "ani") == 0


def test_browser_shortcuts_move_between_indicators_and_citations_then_confirm(
    page, live_server: LiveServer  # noqa: ANN001
) -> None:
    _login(page, live_server)
    base = _open(page, live_server, "1").rsplit("/", 1)[0]
    page.keyboard.press("n")
    page.wait_for_url(f"{base}/2")
    assert "indikator 2 dari 47" in page.locator("#position").inner_text()
    page.keyboard.press("p")
    page.wait_for_url(f"{base}/1")
    second = _citation_ids(live_server, "1")[1]
    page.keyboard.press("]")
    page.wait_for_url(re.compile(rf".*/indicators/1\?kutipan={second}#kutipan-{second}$"))
    assert "selected" in (page.locator(f"#kutipan-{second}").get_attribute("class") or "")
    page.keyboard.press("u")
    assert page.evaluate("document.activeElement.id") == "level"
    page.locator("h1").click()  # leave the field: keys act again
    proposed = page.locator("#proposed-level").inner_text()
    page.keyboard.press("k")
    page.wait_for_selector("text=Keputusan tersimpan")
    assert page.locator("#decided-level").inner_text() == proposed
    assert decisions_by(live_server.db.url, "ani") == 1
    page.keyboard.press("b")  # the next indicator still to review
    page.wait_for_url(f"{base}/2")


def test_browser_page_view_leads_back_to_the_citation(page, live_server: LiveServer) -> None:  # noqa: ANN001
    _login(page, live_server)
    _open(page, live_server, "1")
    cited = _citation_ids(live_server, "1")[1]  # a PDF page long enough to scroll
    page.locator(f"#kutipan-{cited} a.page-link").click()
    page.wait_for_url(re.compile(r".*/pages/\d+\?kutipan=.*"))
    assert page.evaluate("window.scrollY") > 0  # scrolled to the marked citation in the page text
    assert _inside_viewport(_box(page, "#page-toolbar")) and "Kembali ke indikator 1" in page.inner_text(
        "#page-toolbar")  # the way back stays on screen
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(rf".*/indicators/1\?kutipan={cited}#kutipan-{cited}$"))
    card = page.locator(f"#kutipan-{cited}")
    assert "selected" in (card.get_attribute("class") or "")
    assert _inside_viewport(_box(page, f"#kutipan-{cited}"))  # the pane scrolled to it
    label = page.locator("#preview-label").inner_text()
    assert re.search(r"hlm\. \d+$", label)


def test_browser_manual_indicator_asks_for_a_level(page, live_server: LiveServer) -> None:  # noqa: ANN001
    _login(page, live_server)
    _open(page, live_server, "32")
    assert page.locator("#proposed-level").inner_text() == "manual"
    assert page.locator("#confirm-form").count() == 0
    assert page.locator("#level").input_value() == ""
    page.keyboard.press("k")  # nothing to confirm: the key does nothing
    page.fill("#reason", "aplikasi e-planning diperiksa langsung")
    page.click("#override-form button[type=submit]")  # the browser refuses: no level chosen
    assert page.locator("text=Keputusan tersimpan").count() == 0
    page.select_option("#level", "2")
    page.click("#override-form button[type=submit]")
    page.wait_for_selector("text=Keputusan tersimpan")
    assert page.locator("#decided-level").inner_text() == "2"
