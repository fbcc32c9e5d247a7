"""The review app in a real browser: Debian chromium driven by Playwright, uvicorn on a loopback port.

One browser per session, one server per module over a copy of the example database (fixtures in
conftest.py, plumbing in browser_support.py). The main screens are saved (small, palette PNG) to
docs/screenshots/, at the 1366x768 laptop screen the indicator screen is designed for.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import ON_SQLITE, LiveServer, decisions_by, serving
from openpyxl import load_workbook
from PIL import Image
from review_support import (
    PASSWORD,
    PUBLIC_ROUTES,
    SECRET,
    fill_path,
    first_document,
)
from sqlalchemy import select

from review.app import create_app
from review.exports import COLUMNS
from store.db import get_engine, session_scope

pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The committed screenshots are refreshed only on request (BUKTI_UPDATE_SCREENSHOTS=1), so a test run
# does not dirty the checkout; otherwise they go to a temporary folder (still taken, still checked).
SCREENSHOTS = (
    Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    if os.environ.get("BUKTI_UPDATE_SCREENSHOTS") == "1"
    else Path(tempfile.mkdtemp(prefix="bukti-screens-"))
)
# Palette size of the committed screenshots: UI colours survive, files stay ~50-100 KB.
SCREENSHOT_COLOURS = 64


def _login(page, server: LiveServer, name: str) -> None:  # noqa: ANN001
    page.goto(f"{server.base}/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.base}/")


def _shot(page, name: str) -> None:  # noqa: ANN001
    """A committable screenshot: the viewport, reduced to a small palette."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    image.quantize(colors=SCREENSHOT_COLOURS, method=Image.Quantize.MEDIANCUT).save(
        SCREENSHOTS / f"{name}.png", optimize=True
    )


def _text(page, selector: str) -> str:  # noqa: ANN001
    return page.locator(selector).first.inner_text().strip()


@ON_SQLITE
def test_browser_assessor_reviews_overrides_and_downloads(
    page, live_server: LiveServer, tmp_path: Path
) -> None:  # noqa: ANN001
    sid = live_server.db.submission_id
    page.goto(f"{live_server.base}/login")
    _shot(page, "01-masuk")
    _login(page, live_server, "ani")
    row = page.locator(f'tr[data-submission="{sid}"]')
    provisional_before = row.locator('[data-index="provisional"]').inner_text()
    confirmed_before = row.locator('[data-index="confirmed"]').inner_text()
    _shot(page, "02-daftar-pengajuan")
    row.locator("a").click()
    page.wait_for_url(f"{live_server.base}/submissions/{sid}")
    assert page.locator("tr[data-indicator]").count() == 47
    _shot(page, "03-pengajuan")

    page.locator('tr[data-indicator="1"] a').first.click()
    page.wait_for_url(re.compile(r".*/indicators/1$"))
    mark = page.locator(".citation blockquote mark").first
    assert mark.is_visible() and mark.inner_text().strip()
    page.wait_for_function("() => { const i = document.querySelector('#page-preview');"
                           " return i && i.complete && i.naturalWidth > 0; }")  # the cited page beside it
    _shot(page, "04-indikator")

    pdf_link = page.locator(".citation", has_text=".pdf").locator("a.page-link").first
    pdf_link.click()
    loaded = page.wait_for_function(
        "() => { const i = document.querySelector('#page-image');"
        " return i && i.complete && i.naturalWidth > 0 && i.naturalWidth; }"
    )
    assert loaded.json_value() > 300  # the rendered A4 page, not a broken-image icon
    assert page.locator("#page-text mark").count() == 1
    _shot(page, "05-halaman-kutipan")
    page.go_back()

    proposed = int(_text(page, "#proposed-level"))
    new_level = 5 if proposed != 5 else 1
    page.select_option("#level", str(new_level))
    page.fill("#reason", "Perwali perubahan hasil reviu sudah ditetapkan (diperiksa di lokasi)")
    page.click("#override-form button[type=submit]")
    page.wait_for_selector("text=Keputusan tersimpan")
    assert _text(page, "#decided-level") == str(new_level)
    assert page.locator('.badge[data-status="overridden"]').count() == 1
    assert page.locator("#history tbody tr").count() == 1

    page.goto(f"{live_server.base}/")
    row = page.locator(f'tr[data-submission="{sid}"]')
    assert row.locator('[data-index="provisional"]').inner_text() == provisional_before
    assert row.locator('[data-index="confirmed"]').inner_text() != confirmed_before
    page.goto(f"{live_server.base}/submissions/{sid}")
    assert _text(page, "#index-confirmed .big") != _text(page, "#index-provisional .big")

    with page.expect_download() as download:
        page.click('a[href$="/export/xlsx"]')
    target = tmp_path / download.value.suggested_filename
    shutil.copyfile(download.value.path(), target)
    sheet = load_workbook(target)["Penilaian Mandiri"]
    first = next(r for r in sheet.iter_rows(min_row=6, values_only=True) if str(r[3]).startswith("1. "))
    reason = first[COLUMNS.index("Alasan Keputusan")]
    assert first[4] == new_level and first[5] == "Diubah" and "diperiksa di lokasi" in reason


@ON_SQLITE
def test_browser_viewer_cannot_decide(page, live_server: LiveServer) -> None:  # noqa: ANN001
    sid = live_server.db.submission_id
    _login(page, live_server, "vina")
    page.goto(f"{live_server.base}/submissions/{sid}")
    page.click("#documents-link")  # viewers read the documents screen
    page.wait_for_url(re.compile(r".*/documents$"))
    assert page.locator("tr[data-document]").count() == 6
    assert page.locator('td[data-field="status"]', has_text="Rancangan").count() == 1
    _shot(page, "06-dokumen")
    page.goto(f"{live_server.base}/submissions/{sid}/indicators/2")
    assert page.locator("#override-form").count() == 0 and page.locator("#confirm-form").count() == 0
    assert page.locator("text=hanya dapat melihat").count() == 1
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    forged = page.request.post(
        f"{live_server.base}/submissions/{sid}/indicators/2/decision",
        form={"csrf_token": token or "", "action": "confirm"},
        max_redirects=0,
    )
    assert forged.status == 403
    assert decisions_by(live_server.db.url, "vina") == 0


@ON_SQLITE
def test_browser_anonymous_is_refused_on_every_route(page, live_server: LiveServer) -> None:  # noqa: ANN001
    private = [(m, p) for m, p in live_server.routes if (m, p) not in PUBLIC_ROUTES]
    assert len(private) >= 8
    for method, path in private:
        url = f"{live_server.base}{fill_path(path, live_server.db)}"
        if method == "GET":
            page.goto(url)
            assert page.url.startswith(f"{live_server.base}/login?next="), url
            assert page.locator("#password").count() == 1
        else:
            response = page.request.fetch(url, method=method, form={"action": "confirm"}, max_redirects=0)
            assert response.status == 401, url
    health = page.request.get(f"{live_server.base}/health")
    assert health.status == 200 and health.json()["status"] == "ok"


@ON_SQLITE
def test_browser_passage_with_script_renders_as_text(page, live_server: LiveServer) -> None:  # noqa: ANN001
    sid = live_server.db.script_submission_id
    _login(page, live_server, "admin")
    page.goto(f"{live_server.base}/submissions/{sid}/indicators/1")
    quote = _text(page, ".citation blockquote")
    assert "<script>window.__xss = 1</script>" in quote and "<b>tebal</b>" in quote
    assert _text(page, ".citation blockquote mark") == "<script>window.__xss = 1</script>"
    assert page.evaluate("() => window.__xss") is None
    own = page.locator('script[src="/static/review.js"]')
    assert page.locator("script").count() == 1 and own.count() == 1  # the app's own, nothing injected
    assert page.locator("img[src=x]").count() == 0
    doc_id = first_document(live_server.db.url, sid, "docx")
    page.goto(f"{live_server.base}/submissions/{sid}/documents/{doc_id}/pages/1")
    assert page.locator("#page-note").is_visible() and "DOCX" in _text(page, "#page-note")
    assert "<script>window.__xss = 1</script>" in _text(page, "#page-text")
    assert page.evaluate("() => window.__xss") is None


@ON_SQLITE
def test_browser_language_switch_keeps_the_page(page, live_server: LiveServer) -> None:  # noqa: ANN001
    sid = live_server.db.submission_id
    _login(page, live_server, "ani")
    here = f"{live_server.base}/submissions/{sid}?urut=prioritas"
    page.goto(here)
    page.click('#lang-switch a[hreflang="en"]')
    page.wait_for_url(here)
    assert page.locator("html").get_attribute("lang") == "en"
    assert _text(page, "table.indicators th:nth-child(2)") == "Indicator"
    page.goto(f"{live_server.base}/")
    assert _text(page, "h1") == "Submissions"
    page.click('#lang-switch a[hreflang="id"]')
    page.wait_for_url(f"{live_server.base}/")
    assert _text(page, "h1") == "Daftar pengajuan" and page.locator("html").get_attribute("lang") == "id"


@pytest.fixture(scope="module")
def foreign_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, int]]:
    """(base URL, submission id, foreign document id) over a folder holding another region's Perbup."""
    from foreign_support import FOREIGN_FILE, OWN_REGION, make_mixed_folder
    from review_support import add_accounts

    from pipeline.assess import assess_folder
    from pipeline.models import AssessOptions
    from store.models import Document

    root = tmp_path_factory.mktemp("browser-foreign")
    url = f"sqlite:///{root / 'foreign.db'}"
    result = assess_folder(make_mixed_folder(root / "kota-sukamaju"),
                           AssessOptions(database_url=url, region=OWN_REGION, year=2024))
    add_accounts(url)
    engine = get_engine(url)
    with session_scope(engine) as session:
        document_id = session.scalar(select(Document.id).where(Document.name == FOREIGN_FILE))
    engine.dispose()
    app = create_app(url, secret_key=SECRET)
    with serving(app) as base:
        yield base, result.submission_id, int(document_id or 0)
    app.state.engine.dispose()


def test_browser_assessor_accepts_a_document_of_another_region(page, foreign_server) -> None:  # noqa: ANN001
    base, sid, document_id = foreign_server
    page.goto(f"{base}/login")
    page.fill("#name", "ani")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/submissions/{sid}/indicators/1")
    assert page.locator("#withheld").is_visible() and "Tingkat bila dihitung" in _text(page, "#withheld")
    page.locator("#withheld a").first.click()
    page.wait_for_url(re.compile(rf".*/documents#wilayah-lain-{document_id}$"))
    flag = page.locator(f'tr[data-document="{document_id}"] [data-foreign="set-aside"]')
    assert flag.is_visible()
    block = page.locator(f"#wilayah-lain-{document_id}")
    assert block.is_visible() and "Kabupaten Majujaya" in block.inner_text()
    _shot(page, "07-dokumen-wilayah-lain")
    block.locator("button[type=submit]").click()  # the reason is required: the browser refuses
    assert page.locator("text=Penerimaan dokumen tersimpan").count() == 0
    page.fill(f"#alasan-{document_id}", "Perbup dipakai bersama (perjanjian kerja sama)")
    block.locator("button[type=submit]").click()
    page.wait_for_selector("text=Penerimaan dokumen tersimpan")
    state = _text(page, f"#wilayah-lain-{document_id} [data-foreign-state]")
    assert state == "diterima penilai ani: dihitung sebagai bukti mulai penilaian berikutnya"
    assert page.locator(f'tr[data-document="{document_id}"] [data-foreign="accepted"]').is_visible()
