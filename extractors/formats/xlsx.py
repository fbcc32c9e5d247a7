"""XLSX extraction (RKA/DPA exports from SIPD, recaps): one page per non-empty sheet.

The workbook is opened with openpyxl in read-only mode with cached formula values
(``data_only``), so a large sheet streams instead of loading at once. Each non-empty sheet
becomes a page, in tab order: the sheet's name on the first line, then one line per non-empty
row, cells joined by `` | `` (as DOCX tables are); the same rows are kept cell by cell in
``PageText.tables``. Empty sheets (Excel's default "Sheet2") are left out so they do not read
as blank pages. Sheets past the row, column or character caps are cut there, with an issue.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from core.errors import CorruptFileError, MissingDependencyError
from core.models import DocumentStatus, ExtractedDocument, Issue, PageText, Severity, SourceFile, TextMethod
from core.settings import ExtractOptions

log = logging.getLogger(__name__)

# Caps per sheet. RKA/DPA sheets have a few hundred rows and ~30 columns; past these a sheet is
# a data dump whose tail would only slow matching down.
MAX_ROWS_PER_SHEET = 10_000  # non-empty rows kept
MAX_SCANNED_ROWS = 200_000  # rows looked at, empty ones included (formatting reaches row 1,048,576)
MAX_COLUMNS = 256
MAX_SHEET_CHARS = 2_000_000
_ADVICE = "buka di Excel atau LibreOffice lalu simpan ulang sebagai .xlsx, atau ekspor sheet-nya ke PDF"


@dataclass
class SheetText:
    """The kept rows of one sheet and why reading stopped early, if it did."""

    title: str
    rows: list[list[str]] = field(default_factory=list)
    chars: int = 0
    cut: str = ""  # non-empty when a cap was hit: says which


def format_cell(value: Any) -> str:
    """A cell value as an assessor would read it (``1000000.0`` -> ``1000000``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else format(value, ".15g")
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()


def _trim(cells: Iterable[Any]) -> list[str]:
    row = [format_cell(v) for v in cells]
    while row and not row[-1]:
        row.pop()
    return row


def _read_sheet(sheet: Any) -> SheetText:
    out = SheetText(title=str(sheet.title))
    # Read-only mode trusts the sheet's <dimension>, which some exporters write wrong (rows
    # past it would be dropped silently); without it every stored row is read.
    sheet.reset_dimensions()
    for scanned, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True), start=1):
        row = _trim(values)
        if len(row) > MAX_COLUMNS and not out.cut:
            out.cut = f"hanya {MAX_COLUMNS} kolom pertama yang dibaca"
        row = row[:MAX_COLUMNS]
        if row:
            out.rows.append(row)
            out.chars += sum(len(c) + 3 for c in row)
        if len(out.rows) >= MAX_ROWS_PER_SHEET or out.chars >= MAX_SHEET_CHARS or scanned >= MAX_SCANNED_ROWS:
            out.cut = f"pembacaan berhenti setelah baris {scanned} ({len(out.rows)} baris berisi teks)"
            break
    return out


def _page_text(sheet: SheetText) -> str:
    lines = [sheet.title] + [" | ".join(" ".join(cell.split()) for cell in row) for row in sheet.rows]
    return "\n".join(lines)


def _load(path: Path) -> Any:
    try:
        openpyxl = importlib.import_module("openpyxl")
    except ModuleNotFoundError as e:
        raise MissingDependencyError(
            'membaca berkas .xlsx memerlukan openpyxl: pip install "bukti[office]" '
            "(atau pip install openpyxl)"
        ) from e
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    # openpyxl surfaces a broken package as many types (KeyError, BadZipFile, lxml errors ...).
    except Exception as e:
        raise CorruptFileError(
            f"'{path.name}' bukan workbook Excel yang dapat dibaca ({type(e).__name__}: {e}); {_ADVICE}"
        ) from e


def _sheet_issue(number: int, sheet: SheetText, error: Exception | None) -> Issue:
    if error is not None:
        return Issue(code="sheet_unreadable", severity=Severity.error, page=number,
                     message=f"sheet '{sheet.title}' (halaman {number}) tidak dapat dibaca setelah "
                             f"{len(sheet.rows)} baris ({type(error).__name__}: {error}); {_ADVICE}")
    return Issue(code="truncated", severity=Severity.warning, page=number,
                 message=f"sheet '{sheet.title}' (halaman {number}) sangat besar: {sheet.cut}; ekspor "
                         "bagian yang penting ke PDF atau pecah sheet-nya agar sisanya ikut terbaca")


def read_sheets(path: Path) -> tuple[list[SheetText], list[Issue]]:
    """The non-empty sheets of the workbook at ``path``, in tab order, with issues per sheet."""
    workbook = _load(path)
    sheets: list[SheetText] = []
    issues: list[Issue] = []
    try:
        for worksheet in workbook.worksheets:
            sheet, error = SheetText(title=str(worksheet.title)), None
            try:
                sheet = _read_sheet(worksheet)
            except Exception as e:  # noqa: BLE001 - one damaged sheet must not lose the others
                error = e
            if not sheet.rows and error is None:
                log.debug("%s: sheet %r is empty, left out", path.name, sheet.title)
                continue
            sheets.append(sheet)
            if error is not None or sheet.cut:
                issues.append(_sheet_issue(len(sheets), sheet, error))
    finally:
        workbook.close()
    return sheets, issues


def extract(source: SourceFile, options: ExtractOptions) -> ExtractedDocument:
    """Extract a workbook: one page per non-empty sheet (see module doc)."""
    sheets, issues = read_sheets(Path(source.path))
    pages = [PageText(number=n, text=_page_text(s), method=TextMethod.xlsx, tables=[s.rows] if s.rows else [])
             for n, s in enumerate(sheets, start=1)]
    pages = pages or [PageText(number=1, text="", method=TextMethod.none)]
    status = DocumentStatus.partial_success if issues else DocumentStatus.success
    return ExtractedDocument(source=source, pages=pages, issues=issues, status=status)
