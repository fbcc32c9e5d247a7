"""PDF extraction: text layer, cleanup, tables, OCR decisions and fallbacks, bad inputs."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from extract_samples import FOOTER, TABLE_ROWS, FakeOcr, FakeOcrPage, make_encrypted_pdf, make_scan_pdf

from core.errors import CorruptFileError, EmptyFileError, EncryptedError, InputError
from core.models import DocumentStatus, ExtractedDocument, TextMethod
from core.settings import ExtractOptions, OcrMode
from extractors.api import extract_document

NOISY_LAYER = (
    "PERATURAN PRESIDEN REPUBLIK INOONESIA NOMOR 39 TAHUN 2OL9\nDENGAN RAHMAT TUHAN YT\\NC MAHA ESA\n"
    "PRESIDE}J REPUBLIK INDONESIA, a. bah'uva untuk mewujudkan keterpaduan\n"
    "perencanaan, pelaksanaan, evaluasi, dan pengendalian pcnrbangllnan, perlu\n"
    "didukung dcngan Data yang akurat, mutakhir, terpadu, dan mudah diakses"
)


def _codes(doc: ExtractedDocument) -> list[tuple[str, int | None]]:
    return [(i.code, i.page) for i in doc.issues if not i.code.startswith("identity")]


def test_pdf_text_layer_is_cleaned(regulation_pdf: Path) -> None:
    doc = extract_document(regulation_pdf, raise_errors=True)
    assert [p.method for p in doc.pages] == [TextMethod.text_layer] * 3
    first, second, third = (p.text for p in doc.pages)
    assert "penyelenggaraan pemerintahan yang memanfaatkan" in first  # hyphenation joined
    assert "oleh masing-masing Perangkat Daerah" in first  # reduplication kept
    assert first.endswith(FOOTER) and FOOTER not in second + third  # running footer kept once
    assert second.startswith("BAB II") and third.startswith("Pasal 5")  # "-2-", "- 3 -" removed
    assert doc.source.format == "pdf" and doc.source.mime_type == "application/pdf"
    assert _codes(doc) == []


def test_pdf_structure_and_citation(regulation_pdf: Path) -> None:
    doc = extract_document(regulation_pdf, raise_errors=True)
    labels = [(m.page, m.label) for m in doc.structure]
    assert labels == [
        (1, "BAB I"),
        (1, "Pasal 1"),
        (1, "Pasal 2"),
        (1, "ayat (1)"),
        (1, "ayat (2)"),
        (2, "BAB II"),
        (2, "Bagian Kesatu"),
        (2, "Pasal 3"),
        (2, "ayat (1)"),
        (2, "ayat (2)"),
        (2, "Pasal 4"),
        (3, "Pasal 5"),
        (3, "LAMPIRAN"),
    ]
    text = doc.pages[1].text
    assert doc.citation_label(2, text.index("melakukan evaluasi")) == "Pasal 3 ayat (2)"
    assert doc.citation_label(1, doc.pages[0].text.index("masing-masing")) == "Pasal 2 ayat (2)"


def test_pdf_tables_only_when_asked(regulation_pdf: Path) -> None:
    doc = extract_document(regulation_pdf, ExtractOptions(tables=True), raise_errors=True)
    assert [len(p.tables) for p in doc.pages] == [0, 1, 0]
    assert doc.pages[1].tables[0] == TABLE_ROWS
    plain = extract_document(regulation_pdf, raise_errors=True)  # the default: no PDF tables
    assert all(p.tables == [] for p in plain.pages)
    assert [p.text for p in plain.pages] == [p.text for p in doc.pages]


def test_pdf_scan_is_ocrd(tmp_path: Path, fake_ocr: FakeOcr) -> None:
    doc = extract_document(make_scan_pdf(tmp_path / "scan.pdf"), raise_errors=True)
    assert fake_ocr.calls == [[1, 2]]
    assert [p.method for p in doc.pages] == [TextMethod.ocr] * 2
    assert doc.pages[1].text.startswith("Teks hasil OCR halaman 2.") and doc.pages[1].ocr_confidence == 91.5
    assert _codes(doc) == []


@pytest.mark.usefixtures("no_ocr_module")
def test_pdf_scan_without_ocr_module_records_issues(tmp_path: Path) -> None:
    doc = extract_document(make_scan_pdf(tmp_path / "scan.pdf"), raise_errors=True)
    assert [p.method for p in doc.pages] == [TextMethod.none] * 2
    assert _codes(doc) == [("ocr_unavailable", None), ("no_text", 1), ("no_text", 2)]
    assert "apt-get install tesseract-ocr tesseract-ocr-ind" in doc.issues[0].message
    assert "pip install 'bukti[ocr]'" in doc.issues[0].message
    assert doc.status is DocumentStatus.partial_success


def test_pdf_scan_with_missing_tesseract(tmp_path: Path, fake_ocr: FakeOcr) -> None:
    fake_ocr.raise_missing = True
    doc = extract_document(make_scan_pdf(tmp_path / "scan.pdf"), raise_errors=True)
    assert _codes(doc) == [("ocr_unavailable", None), ("no_text", 1), ("no_text", 2)]
    assert "tesseract is not installed" in doc.issues[0].message
    assert doc.status is DocumentStatus.partial_success


def test_pdf_ocr_page_error_is_recorded(tmp_path: Path, fake_ocr: FakeOcr) -> None:
    fake_ocr.results = {
        1: FakeOcrPage("Halaman pertama terbaca dengan baik oleh mesin OCR.", 80.0),
        2: FakeOcrPage(error="image too small"),
    }
    doc = extract_document(make_scan_pdf(tmp_path / "scan.pdf"), raise_errors=True)
    assert [p.method for p in doc.pages] == [TextMethod.ocr, TextMethod.none]
    assert _codes(doc) == [("ocr_failed", 2), ("no_text", 2)]
    assert "image too small" in doc.issues[0].message


def test_pdf_ocr_never_keeps_scan_pages_empty(tmp_path: Path, fake_ocr: FakeOcr) -> None:
    doc = extract_document(make_scan_pdf(tmp_path / "scan.pdf"), ExtractOptions(ocr=OcrMode.never))
    assert fake_ocr.calls == []
    assert _codes(doc) == [("no_text", 1), ("no_text", 2)]


def test_pdf_ocr_force_reads_every_page(regulation_pdf: Path, fake_ocr: FakeOcr) -> None:
    doc = extract_document(regulation_pdf, ExtractOptions(ocr=OcrMode.force, tables=False))
    assert fake_ocr.calls == [[1, 2, 3]]
    assert [p.method for p in doc.pages] == [TextMethod.ocr] * 3


def test_pdf_noisy_ocr_layer_is_redone(tmp_path: Path, fake_ocr: FakeOcr) -> None:
    doc = extract_document(make_scan_pdf(tmp_path / "layer.pdf", pages=1, layer=NOISY_LAYER))
    assert fake_ocr.calls == [[1]] and doc.pages[0].method is TextMethod.ocr


@pytest.mark.usefixtures("no_ocr_module")
def test_pdf_noisy_ocr_layer_kept_when_ocr_missing(tmp_path: Path) -> None:
    doc = extract_document(make_scan_pdf(tmp_path / "layer.pdf", pages=1, layer=NOISY_LAYER))
    assert doc.pages[0].method is TextMethod.text_layer and "TAHUN 2OL9" in doc.pages[0].text
    assert _codes(doc) == [("ocr_unavailable", None)]


def _truncated(tmp_path: Path, regulation_pdf: Path) -> Path:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(regulation_pdf.read_bytes()[:400])
    return path


def _zero_pages(tmp_path: Path, regulation_pdf: Path) -> Path:
    path = tmp_path / "zero.pdf"
    pdfium.PdfDocument.new().save(path)
    return path


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda tmp, reg: make_encrypted_pdf(tmp / "locked.pdf"), EncryptedError, "dilindungi kata sandi"),
        (_truncated, CorruptFileError, "bukan PDF yang dapat dibaca"),
        (_zero_pages, EmptyFileError, "tidak memiliki halaman"),
    ],
)
def test_pdf_bad_inputs_in_both_modes(
    tmp_path: Path,
    regulation_pdf: Path,
    make,
    error: type[InputError],  # type: ignore[no-untyped-def]
    message: str,
) -> None:
    path = make(tmp_path, regulation_pdf)
    with pytest.raises(error, match=message) as caught:
        extract_document(path, raise_errors=True)
    assert caught.value.__cause__ is not None  # raised from the PDFium error
    doc = extract_document(path)
    assert doc.status is DocumentStatus.failure and doc.pages == []
    assert [(i.code, message in i.message) for i in doc.issues] == [(error.code, True)]
    assert doc.source.sha256 and doc.source.name == path.name and doc.source.format == "pdf"


def test_pdf_tables_skip_pages_without_rulings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "bordered.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.rect(30, 30, 500, 750)  # a page border: straight, but far too few segments for a table
    pdf.drawString(60, 700, "Halaman berbingkai tanpa tabel, hanya teks biasa yang cukup panjang.")
    pdf.showPage()
    pdf.save()
    asked: list[list[int]] = []
    monkeypatch.setattr(
        "extractors.formats.pdf.extract_tables", lambda p, pages: (asked.append(pages), ({}, []))[1]
    )
    extract_document(path, ExtractOptions(tables=True), raise_errors=True)
    assert asked == [[]]


def test_pdf_ocr_never_skips_the_layout_but_not_the_tables(regulation_pdf: Path, fake_ocr: FakeOcr) -> None:
    # Without OCR or tables nothing reads what a page draws, so it is not counted: same pages.
    from extractors.formats.pdf import PageLayout, _read_pages

    texts, layouts, _ = _read_pages(regulation_pdf, layout=False)
    counted_texts, counted, _ = _read_pages(regulation_pdf)
    assert texts == counted_texts and layouts == [PageLayout()] * len(texts)
    assert any(lay != PageLayout() for lay in counted)  # the layout is read where asked
    never = extract_document(regulation_pdf, ExtractOptions(ocr=OcrMode.never), raise_errors=True)
    auto = extract_document(regulation_pdf, raise_errors=True)
    assert never.pages == auto.pages and never.issues == auto.issues
    with_tables = extract_document(regulation_pdf, ExtractOptions(ocr=OcrMode.never, tables=True),
                                   raise_errors=True)
    assert [len(p.tables) for p in with_tables.pages] == [0, 1, 0]  # tables still found by the rulings
