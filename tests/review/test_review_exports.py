"""Exports: XLSX self-assessment sheet, CSV, printable HTML and PDF, from the library and the web."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pypdfium2 as pdfium
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from review_support import REGION, ReviewDb, decide_two
from sqlalchemy.orm import Session

from core.timefmt import to_wib
from review.errors import AccessDeniedError
from review.exports import COLUMNS, ExportFormat, _slug, as_text, export_submission
from store.decisions import decisions_for
from store.review_repo import get_user

INJECTION = '=HYPERLINK("http://x","klik") <script>x</script>'


@pytest.fixture()
def decided(review_db: ReviewDb, session: Session) -> Session:
    """The example with indicator 1 overridden (reason that looks like a formula) and 2 confirmed."""
    decide_two(review_db, INJECTION)
    return session


def test_xlsx_has_self_assessment_shape(decided: Session, review_db: ReviewDb) -> None:
    exported = export_submission(decided, review_db.submission_id, ExportFormat.xlsx, None)
    assert exported.filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(exported.content))
    sheet = book["Penilaian Mandiri"]
    header = [c.value for c in sheet[5]]
    assert tuple(header) == COLUMNS
    rows = {str(r[3]).split(".")[0]: r for r in sheet.iter_rows(min_row=6, values_only=True)}
    assert len(rows) == 47
    first = rows["1"]
    assert first[4] == 5 and first[5] == "Diubah" and first[11] == "ani"
    assert first[COLUMNS.index("Alasan Keputusan")] == INJECTION  # the reason has its own column
    assert first[8].startswith("Fakta:")  # the proposal's explanation stays beside it
    assert "hlm." in first[9] and "Pasal" in first[9]
    assert rows["2"][5] == "Dikonfirmasi" and rows["2"][4] == rows["2"][6]
    assert rows["2"][COLUMNS.index("Alasan Keputusan")] in ("", None)
    reason_cell = sheet.cell(6, COLUMNS.index("Alasan Keputusan") + 1)
    assert reason_cell.value == INJECTION and reason_cell.data_type == "s"  # text, never a formula
    assert REGION in str(sheet["A1"].value)
    assert "Indeks" in book.sheetnames


def test_xlsx_decision_date_is_in_wib(decided: Session, review_db: ReviewDb) -> None:
    [decision] = decisions_for(decided, review_db.submission_id, "1")
    exported = export_submission(decided, review_db.submission_id, ExportFormat.xlsx, None)
    sheet = load_workbook(io.BytesIO(exported.content))["Penilaian Mandiri"]
    column = COLUMNS.index("Tanggal Keputusan (WIB)")
    rows = {str(r[3]).split(".")[0]: r for r in sheet.iter_rows(min_row=6, values_only=True)}
    decided_at = rows["1"][column]
    assert isinstance(decided_at, datetime)  # a real date cell, sortable and filterable
    utc = decision.created_at.astimezone(UTC).replace(tzinfo=None)
    assert abs(decided_at - utc - timedelta(hours=7)) < timedelta(milliseconds=1)  # Excel keeps ms
    assert sheet.cell(6, column + 1).number_format == "dd-mm-yyyy hh:mm"
    assert rows["3"][column] is None  # undecided: no date
    assert "WIB" in str(sheet["A2"].value)


@pytest.mark.parametrize(
    ("utc", "wib"),
    [
        (datetime(2026, 12, 6, 16, 59, tzinfo=UTC), "2026-12-06 23:59"),
        (datetime(2026, 12, 6, 17, 0, tzinfo=UTC), "2026-12-07 00:00"),  # the day turns at 17:00 UTC
        (datetime(2026, 12, 31, 20, 0), "2027-01-01 03:00"),  # naive values are UTC (SQLite)
    ],
)
def test_to_wib_shifts_seven_hours(utc: datetime, wib: str) -> None:
    assert f"{to_wib(utc):%Y-%m-%d %H:%M}" == wib


def test_csv_rows_and_formula_guard(decided: Session, review_db: ReviewDb) -> None:
    content = export_submission(decided, review_db.submission_id, "csv", None).content
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS and len(rows) == 48
    first = rows[1]
    assert first[4] == "5" and first[COLUMNS.index("Alasan Keputusan")] == "'" + INJECTION
    date = COLUMNS.index("Tanggal Keputusan (WIB)")
    assert first[date][:4].isdigit() and rows[3][date] == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+62", "'+62"), ("-", "'-"), ("@a", "'@a"), ("Perwali", "Perwali"), ("", "")],
)
def test_as_text_prefixes_formula_starts(value: str, expected: str) -> None:
    assert as_text(value) == expected


def test_html_report_is_escaped_and_printable(decided: Session, review_db: ReviewDb) -> None:
    html = export_submission(decided, review_db.submission_id, "html", None).content.decode("utf-8")
    assert "@page" in html and "<script" not in html.lower()
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert html.count("<tr>") >= 47 and "hlm." in html


def test_pdf_report_has_text_of_every_part(decided: Session, review_db: ReviewDb) -> None:
    content = export_submission(decided, review_db.submission_id, "pdf", None).content
    assert content.startswith(b"%PDF")
    pdf = pdfium.PdfDocument(content)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    assert REGION in text and "Diubah" in text and "<script>x</script>" in text
    assert "hlm." in text


def test_export_respects_region_access(decided: Session, review_db: ReviewDb) -> None:
    budi = get_user(decided, "budi")
    assert budi is not None
    with pytest.raises(AccessDeniedError):
        export_submission(decided, review_db.submission_id, "csv", budi)


def test_web_export_downloads(logged_in: Callable[[str], TestClient], review_db: ReviewDb) -> None:
    client = logged_in("vina")
    for fmt, magic in (("xlsx", b"PK"), ("pdf", b"%PDF"), ("csv", b"\xef\xbb\xbf"), ("html", b"<!doctype")):
        response = client.get(f"/submissions/{review_db.submission_id}/export/{fmt}")
        assert response.status_code == 200 and response.content.startswith(magic), fmt
        assert "filename=" in response.headers["content-disposition"]
    assert client.get(f"/submissions/{review_db.submission_id}/export/docx").status_code == 422


@pytest.mark.parametrize(
    ("region", "expected"),
    [("Kota Sukamaju", "kota-sukamaju"), ("Kab. Bénér Meriah", "kab-b-n-r-meriah"), ("\"; x=", "x")],
)
def test_slug_is_header_safe(region: str, expected: str) -> None:
    assert _slug(region) == expected
