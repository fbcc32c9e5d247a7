"""The confirmed index is shown only with the decisions it covers: no value while none is decided."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from review_support import ReviewDb, decide_two
from test_review_cli import _run

from store.db import get_engine, session_scope


def _own(html: str, sid: int) -> str:
    """The submission's own row on the submissions list (the other submission has no decision)."""
    marker = f'data-submission="{sid}"'
    return html.split(marker)[1].split("</tr>")[0] if marker in html else html


def _squash(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_web_confirmed_index_has_no_value_before_a_decision_then_its_coverage(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    client = logged_in("ani")
    sid = review_db.submission_id
    pages = ("/", f"/submissions/{sid}", f"/submissions/{sid}/indicators/1")
    for url in pages:
        text = _squash(_own(client.get(url).text, sid))
        assert "— (0 dari 47 ditinjau)" in text, url
        assert "mencakup" not in text, url
    decide_two(review_db)
    for url in pages:
        text = _squash(_own(client.get(url).text, sid))
        assert "mencakup 2 dari 47 indikator" in text and "0 dari 47 ditinjau" not in text, url
    confirmed = re.search(r'data-index="confirmed">([^<]+)<', client.get("/").text)
    assert confirmed and re.fullmatch(r"\d+,\d\d", confirmed.group(1).strip())


def test_cli_confirmed_index_has_no_value_before_a_decision(review_db: ReviewDb) -> None:
    sid = str(review_db.submission_id)
    assert "— (0 dari 47 ditinjau)" in _run(review_db, "review", "list").output
    assert "terkonfirmasi — (0 dari 47 ditinjau)" in _run(review_db, "review", "show", "-s", sid).output
    decide_two(review_db)
    listing = _run(review_db, "review", "list").output.splitlines()
    own = next(line for line in listing if line.startswith(f"│ {sid} "))
    assert "(mencakup 2 dari 47" in own and "0 dari 47 ditinjau" not in own
    shown = _run(review_db, "review", "show", "-s", sid).output
    assert re.search(r"terkonfirmasi \d+,\d\d \(mencakup 2 dari 47 indikator\)", shown)


def _export_texts(review_db: ReviewDb) -> dict[str, str]:
    """The header text of the XLSX sheet, the HTML report and the PDF report."""
    import io

    import pdfplumber
    from openpyxl import load_workbook

    from review.exports import ExportFormat, export_submission

    engine = get_engine(review_db.url)
    with session_scope(engine) as session:
        out = {fmt: export_submission(session, review_db.submission_id, fmt, None).content
               for fmt in (ExportFormat.xlsx, ExportFormat.html, ExportFormat.pdf)}
    engine.dispose()
    sheet = load_workbook(io.BytesIO(out[ExportFormat.xlsx])).worksheets[0]
    with pdfplumber.open(io.BytesIO(out[ExportFormat.pdf])) as pdf:
        first_page = pdf.pages[0].extract_text() or ""
    return {"xlsx": " ".join(str(c.value) for row in sheet.iter_rows(max_row=4) for c in row if c.value),
            "html": _squash(out[ExportFormat.html].decode()), "pdf": " ".join(first_page.split())}


def test_exports_confirmed_index_has_no_value_before_a_decision(review_db: ReviewDb) -> None:
    for kind, text in _export_texts(review_db).items():
        assert re.search(r"terkonfirmasi:? — \(0 dari 47 ditinjau\)", text), kind
    decide_two(review_db)
    for kind, text in _export_texts(review_db).items():
        assert "mencakup 2 dari 47 indikator" in text and "0 dari 47 ditinjau" not in text, kind
