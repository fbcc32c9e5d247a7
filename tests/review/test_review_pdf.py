"""The printed report read back as a reader sees it (PDF with pdfplumber; the HTML report with the
same sections): pages, headers, documents list, signature block."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from review_support import REGION, ReviewDb, decide_two
from sqlalchemy.orm import Session

from review.exports import export_submission
from store.repository import documents_for

# The example submission (47 indicators, 6 documents) printed on 27 landscape pages before the
# report was redesigned; 5 portrait pages now. The bound leaves room for longer texts, not for a
# return to one indicator per page.
MAX_PAGES = 7
REASON = "Perwali perubahan sudah ditetapkan <b>2025</b>"


@pytest.fixture()
def decided(review_db: ReviewDb, session: Session) -> Session:
    """Indicator 1 overridden to 5 and 2 confirmed, both by ani."""
    decide_two(review_db, REASON)
    return session


def _pages(session: Session, submission_id: int) -> list[pdfplumber.page.Page]:
    content = export_submission(session, submission_id, "pdf", None).content
    pdf = pdfplumber.open(io.BytesIO(content))
    return list(pdf.pages)


def _rows(pages: list[pdfplumber.page.Page], header: str) -> list[list[str]]:
    """The rows of every table (continued over pages) whose header row starts with ``header``;
    cell text with its line breaks as spaces."""
    rows = []
    for page in pages:
        for found in page.extract_tables():
            cells = [[" ".join((c or "").split()) for c in row] for row in found]
            if cells and " ".join(cells[0]).startswith(header):
                rows += cells[1:]
    return rows


def _squeezed(text: str) -> str:
    """Text without whitespace: a file name wrapped inside a narrow cell reads whole again."""
    return re.sub(r"\s+", "", text)


def test_pdf_report_is_a_few_portrait_pages(decided: Session, review_db: ReviewDb) -> None:
    pages = _pages(decided, review_db.submission_id)
    assert 3 <= len(pages) <= MAX_PAGES
    assert all(page.width < page.height for page in pages)  # A4 portrait
    assert all(f"Halaman {n}" in page.extract_text() for n, page in enumerate(pages, start=1))


def test_pdf_report_headers_are_whole_words(decided: Session, review_db: ReviewDb) -> None:
    pages = _pages(decided, review_db.submission_id)
    headers = [table[0] for page in pages for table in page.extract_tables() if table]
    indicator_headers = [h for h in headers if h[0] == "No" and h[1] == "Indikator"]
    assert len(indicator_headers) >= 2  # repeated on every page the table runs over
    assert all(h[2] == "Tingkat" for h in indicator_headers)  # one line, never "Tingk\nat"
    words = [w["text"] for page in pages for w in page.extract_words()]
    assert "Tingk" not in words and "Predik" not in words


def test_pdf_report_lists_the_documents_assessed(decided: Session, review_db: ReviewDb) -> None:
    pages = _pages(decided, review_db.submission_id)
    assert any("3. Daftar dokumen yang dinilai" in page.extract_text() for page in pages)
    listed = _rows(pages, "No Berkas Identitas")
    names = sorted(d.name for d in documents_for(decided, review_db.submission_id))
    assert len(names) == 6 and [row[0] for row in listed] == ["1", "2", "3", "4", "5", "6"]
    assert sorted(_squeezed(row[1]) for row in listed) == [_squeezed(n) for n in names]
    evidence = {row[0]: row[4] for row in _rows(pages, "No Indikator") if row[0].isdigit()}
    assert evidence["1"].startswith("[1] hlm.")  # evidence cites the numbered list


def test_pdf_report_has_a_signature_block_with_the_deciders(decided: Session, review_db: ReviewDb) -> None:
    pages = _pages(decided, review_db.submission_id)
    last = pages[-1].extract_text()
    assert "Pengesahan tim penilai" in last and "Ditetapkan di" in last and "tanggal" in last
    team = _rows(pages[-1:], "No Nama Jabatan / peran Tanda tangan")
    assert team[0][:2] == ["1", "ani"]  # the deciding account, ready to sign
    assert [row[1] for row in team[1:]] == ["", "", ""]  # and empty lines for the rest of the team


def test_pdf_report_says_boilerplate_once_and_decisions_per_row(
    decided: Session, review_db: ReviewDb
) -> None:
    pages = _pages(decided, review_db.submission_id)
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert text.count("5. Keterangan") == 1
    assert text.count("tidak diusulkan otomatis") == 1  # manual indicators explained once
    assert "Fakta:" not in text and "Justifikasi:" not in text  # the long explanation is in the XLSX
    assert "Tidak ada usulan level otomatis" not in text
    # a missing item many indicators share is written once (K1 …) and cited by its mark
    assert text.count("Lampirkan dokumen layanan (SK penetapan aplikasi") == 1
    rows = {row[0]: row for row in _rows(pages, "No Indikator") if row[0].isdigit()}
    assert sorted(rows, key=int) == [str(n) for n in range(1, 48)]
    assert rows["1"][2] == "5 (usulan 4)" and rows["1"][5].startswith(f"Alasan: {REASON}")
    assert rows["1"][3].startswith("Diubah ani, ") and rows["2"][3].startswith("Dikonfirmasi ani")
    assert rows["3"][3] == "Belum ditinjau"
    marked = [row[5] for row in rows.values() if re.search(r"\bK\d+\b", row[5])]
    assert len(marked) >= 4 and all("Lampirkan dokumen layanan" not in note for note in marked)
    assert REGION in text and "Indeks terkonfirmasi" in text

def test_pdf_report_index_table_has_predicates_per_domain_and_aspect(
    decided: Session, review_db: ReviewDb
) -> None:
    first = _pages(decided, review_db.submission_id)[0].extract_text().split("2. Tingkat per indikator")[0]
    lines = [line for line in first.splitlines() if line.startswith(("Domain D", "Aspek A"))]
    assert len([x for x in lines if x.startswith("Domain")]) == 4 and len(lines) >= 12
    predicates = ("Kurang", "Cukup", "Baik", "Sangat Baik", "Memuaskan")
    assert all(line.rstrip().endswith(predicates) for line in lines), lines


def test_html_report_has_the_same_sections_as_the_pdf(decided: Session, review_db: ReviewDb) -> None:
    html = export_submission(decided, review_db.submission_id, "html", None).content.decode("utf-8")
    assert "size: A4 portrait" in html and "<script" not in html.lower()
    for heading in ("1. Indeks dan predikat", "2. Tingkat per indikator", "3. Daftar dokumen yang dinilai",
                    "4. Dokumen dari wilayah lain", "5. Keterangan", "6. Pengesahan tim penilai"):
        assert html.count(heading) == 1, heading
    assert "<td>5 (usulan 4)</td>" in html
    assert "Alasan: Perwali perubahan sudah ditetapkan &lt;b&gt;2025&lt;/b&gt;" in html  # escaped
    assert "<td>1</td><td>ani</td>" in html  # the signature block names the decider
    assert html.count("tidak diusulkan otomatis") == 1
    for name in (d.name for d in documents_for(decided, review_db.submission_id)):
        assert f"<td>{name}</td>" in html
