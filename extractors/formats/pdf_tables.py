"""Tables from PDF pages with pdfplumber, only on the pages the caller selects.

pdfplumber (pdfminer underneath) is ~100x slower than PDFium, so the PDF extractor only
sends pages that draw vector paths (ruling lines); see ``extractors.formats.pdf``.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pdfplumber

from core.models import Issue, Severity

log = logging.getLogger(__name__)

Table = list[list[str]]


def _clean_table(rows: list[list[str | None]]) -> Table:
    cleaned = [[" ".join((cell or "").split()) for cell in row] for row in rows]
    return [row for row in cleaned if any(row)]


def _is_real_table(table: Table) -> bool:
    """A box drawn around a paragraph is one cell; a table has at least 2 rows and 2 columns."""
    return len(table) >= 2 and max(len(row) for row in table) >= 2


def _failure(number: int | None, error: Exception) -> Issue:
    where = f"pada halaman {number}" if number else "dalam berkas ini"
    return Issue(code="tables_failed", severity=Severity.warning, page=number,
                 message=f"tabel {where} tidak dapat dibaca ({type(error).__name__}: {error}); "
                         "teksnya tetap terbaca, tetapi periksa isi tabel dengan mata")


def _page_tables(pdf: pdfplumber.PDF, number: int) -> list[Table]:
    page = pdf.pages[number - 1]
    try:
        tables = [_clean_table(found.extract()) for found in page.find_tables()]
        return [t for t in tables if _is_real_table(t)]
    finally:
        page.close()  # pdfplumber slows down badly when pages stay cached


def extract_tables(path: Path, page_numbers: list[int]) -> tuple[dict[int, list[Table]], list[Issue]]:
    """Tables per 1-based page number (only pages that have any), plus issues for failures.

    pdfminer raises many exception types on odd files; a failure costs the tables of that
    page (recorded as an issue), never the document.
    """
    found: dict[int, list[Table]] = {}
    issues: list[Issue] = []
    if not page_numbers:
        return found, issues
    try:
        with pdfplumber.open(path) as pdf:
            for number in page_numbers:
                try:
                    if tables := _page_tables(pdf, number):
                        found[number] = tables
                except Exception as e:  # recorded, see docstring
                    log.warning("table extraction failed on page %d of %s: %s", number, path, e)
                    issues.append(_failure(number, e))
    except Exception as e:  # recorded, see docstring
        log.warning("pdfplumber could not open %s: %s", path, e)
        issues.append(_failure(None, e))
    return found, issues
