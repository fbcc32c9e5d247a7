"""No internal code (``enacted_policy``, ``peraturan_bupati``, ``assessor`` ...) reaches a page or
an export: every screen of the example submission and every export is read as a person would
see it, and any snake_case word left is a code that rules/labels.py should have turned into text."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from html.parser import HTMLParser

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from review_support import ReviewDb

from review.exports import export_submission
from rules.labels import DOCUMENT_CLASS_LABELS, code_label
from store.db import get_engine, session_scope

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# Words of a page that are not codes: file names and their parts carry underscores by choice.
FILE_NAME = re.compile(r"\S+\.(?:pdf|docx|xlsx|odt|pptx|txt)\b", re.IGNORECASE)


class _Text(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def _codes(text: str) -> set[str]:
    return set(SNAKE.findall(FILE_NAME.sub(" ", text)))


def test_code_label_covers_the_pack_classes_and_never_returns_a_code() -> None:
    from rules.loader import load_rule_pack

    for framework in ("spbe-2020", "pemdi-2026"):
        for name in load_rule_pack(framework).document_classes:
            assert name in DOCUMENT_CLASS_LABELS, f"add an Indonesian label for {name}"
    assert code_label("enacted_policy") == "kebijakan yang ditetapkan"
    assert code_label("peraturan_wali_kota") == "Peraturan Wali Kota"
    assert not _codes(code_label("kode_baru_tak_dikenal"))


def test_indicator_pages_show_no_internal_codes(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    base = f"/submissions/{review_db.submission_id}"
    for account in ("ani", "vina"):
        client = logged_in(account)
        overview = client.get(base)
        assert overview.status_code == 200
        indicators = sorted(set(re.findall(rf'href="{base}/indicators/(\w+)"', overview.text)))
        assert len(indicators) >= 10
        pages = {base: overview.text, f"{base}/documents": client.get(f"{base}/documents").text}
        pages |= {f"{base}/indicators/{i}": client.get(f"{base}/indicators/{i}").text for i in indicators}
        links = set(re.findall(rf'href="({base}/documents/\d+/pages/\d+)"', pages[f"{base}/documents"]))
        assert links
        pages |= {link: client.get(link).text for link in sorted(links)}
        for url, html in pages.items():
            assert not _codes(_visible(html)), f"{url} as {account}: {_codes(_visible(html))}"
        shown = " ".join(pages.values())
        assert "Ditemukan dokumen" in shown and "kebijakan yang ditetapkan" in shown
        assert "Dikutip untuk tingkat" in shown and "lapisan teks PDF" in shown


def test_exports_show_no_internal_codes(review_db: ReviewDb) -> None:
    engine = get_engine(review_db.url)
    with session_scope(engine) as session:
        files = {fmt: export_submission(session, review_db.submission_id, fmt, None).content
                 for fmt in ("csv", "html", "xlsx")}
    engine.dispose()
    rows = csv.reader(io.StringIO(files["csv"].decode("utf-8-sig")))
    assert not _codes(" ".join(cell for row in rows for cell in row))
    assert not _codes(_visible(files["html"].decode("utf-8")))
    book = load_workbook(io.BytesIO(files["xlsx"]))
    rows_of = (sheet.iter_rows(values_only=True) for sheet in book)
    cells = (str(c) for rows in rows_of for row in rows for c in row if c is not None)
    assert not _codes(" ".join(cells))
