"""Generated sample documents and a fake OCR module for the extractor tests.

Kept in a uniquely named module (not conftest) so tests can import the builders directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_BREAK
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from core.errors import MissingDependencyError

FOOTER = "Peraturan Bupati Contoh Nomor 7 Tahun 2024"
REGULATION_PAGES: list[list[str]] = [
    [
        "BUPATI CONTOH",
        "PROVINSI CONTOH",
        "PERATURAN BUPATI CONTOH",
        "NOMOR 7 TAHUN 2024",
        "TENTANG",
        "SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK",
        "BUPATI CONTOH,",
        "MEMUTUSKAN:",
        "BAB I",
        "KETENTUAN UMUM",
        "Pasal 1",
        "Dalam Peraturan Bupati ini yang dimaksud dengan:",
        "1. Sistem Pemerintahan Berbasis Elektronik adalah penyelenggaraan pemerin-",
        "tahan yang memanfaatkan teknologi informasi dan komunikasi.",
        "Pasal 2",
        "(1) Perangkat Daerah wajib menerapkan SPBE.",
        "(2) Penerapan SPBE sebagaimana dimaksud pada ayat",
        "(1) dilaksanakan oleh masing-",
        "masing Perangkat Daerah.",
    ],
    [
        "-2-",
        "BAB II",
        "TATA KELOLA",
        "Bagian Kesatu",
        "Tim Koordinasi",
        "Pasal 3",
        "(1) Tim Koordinasi SPBE dibentuk dengan Keputusan Bupati.",
        "(2) Tim Koordinasi SPBE sebagaimana dimaksud dalam Pasal 2",
        "melakukan evaluasi SPBE setiap tahun.",
        "Pasal 4",
        "Arsitektur SPBE ditetapkan untuk jangka waktu 5 (lima) tahun.",
    ],
    [
        "- 3 -",
        "Pasal 5",
        "Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.",
        "Ditetapkan di Contoh",
        "pada tanggal 2 Januari 2024",
        "BUPATI CONTOH,",
        "NAMA BUPATI",
        "LAMPIRAN",
        "PERATURAN BUPATI CONTOH",
        "Daftar domain SPBE.",
    ],
]
TABLE_ROWS = [["No", "Domain", "Keterangan"], ["1", "Kebijakan", "Peraturan"], ["2", "Tata Kelola", "Tim"]]


def _draw_lines(pdf: canvas.Canvas, lines: list[str], top: float = 800) -> float:
    y = top
    for line in lines:
        pdf.drawString(60, y, line)
        y -= 16
    return y


def _draw_table(pdf: canvas.Canvas, top: float) -> None:
    xs, height = [60, 110, 260, 420], 18
    ys = [top - i * height for i in range(len(TABLE_ROWS) + 1)]
    pdf.grid(xs, ys)
    for r, row in enumerate(TABLE_ROWS):
        for c, cell in enumerate(row):
            pdf.drawString(xs[c] + 4, ys[r] - 13, cell)


def make_regulation_pdf(path: Path) -> Path:
    """A 3-page Perbup: BAB/Bagian/Pasal/ayat, page numbers, running footer, hyphenation, a table."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number, lines in enumerate(REGULATION_PAGES, start=1):
        bottom = _draw_lines(pdf, lines)
        if number == 2:
            _draw_table(pdf, bottom - 10)
        pdf.drawString(60, 40, FOOTER)
        pdf.showPage()
    pdf.save()
    return path


def _scan_image(text: str) -> Image.Image:
    image = Image.new("L", (600, 840), 255)
    ImageDraw.Draw(image).text((40, 40), text, fill=0)
    return image


def make_scan_pdf(path: Path, pages: int = 2, layer: str | None = None) -> Path:
    """Image-only pages (a scan); with ``layer`` also an invisible text layer (an earlier OCR)."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    for number in range(1, pages + 1):
        pdf.drawImage(ImageReader(_scan_image(f"halaman {number}")), 0, 0, width, height)
        if layer:
            text = pdf.beginText(60, 780)
            text.setTextRenderMode(3)
            for line in layer.split("\n"):
                text.textLine(line)
            pdf.drawText(text)
        pdf.showPage()
    pdf.save()
    return path


def make_encrypted_pdf(path: Path) -> Path:
    from reportlab.lib import pdfencrypt

    pdf = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("rahasia", "pemilik"))
    pdf.drawString(60, 780, "Dokumen rahasia")
    pdf.save()
    return path


def make_regulation_docx(path: Path) -> Path:
    """Header, footer, BAB/Pasal/ayat, a table, a manual page break and a new-page section."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "PEMERINTAH KABUPATEN CONTOH"
    section.footer.paragraphs[0].text = "Dokumen ini ditandatangani secara elektronik"
    for line in (
        "PERATURAN BUPATI CONTOH",
        "NOMOR 8 TAHUN 2024",
        "BAB I",
        "KETENTUAN UMUM",
        "Pasal 1",
        "(1) Perangkat Daerah menyusun Arsitektur SPBE.",
        "(2) Arsitektur SPBE ditetapkan Bupati.",
    ):
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=2)
    for left, right in (("Domain", "Pemilik"), ("Data", "Diskominfo")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = left, right
    breaking = document.add_paragraph("Tabel di atas berlaku.")
    breaking.add_run().add_break(WD_BREAK.PAGE)
    breaking.add_run("Pasal 2")
    document.add_paragraph("Peta Rencana SPBE disusun setiap lima tahun.")
    document.add_section(WD_SECTION.NEW_PAGE)
    for line in ("Pasal 3", "Peraturan Bupati ini mulai berlaku pada tanggal diundangkan."):
        document.add_paragraph(line)
    document.save(str(path))
    return path


@dataclass
class FakeOcrPage:
    text: str = ""
    confidence: float | None = None
    error: str | None = None


@dataclass
class FakeOcr:
    """Controls the fake ``extractors.ocr.reader``: what it returns and which pages were asked for."""

    text: Callable[[int], str] = lambda number: f"Teks hasil OCR halaman {number}. " * 5
    raise_missing: bool = False
    results: dict[int, FakeOcrPage] | None = None  # exact per-page results, overriding ``text``
    calls: list[list[int]] = field(default_factory=list)

    def ocr_pdf_pages(self, path: Path, page_numbers: list[int], options: object) -> dict[int, FakeOcrPage]:
        self.calls.append(list(page_numbers))
        if self.raise_missing:
            raise MissingDependencyError("tesseract is not installed")
        if self.results is not None:
            return self.results
        return {n: FakeOcrPage(self.text(n), 91.5) for n in page_numbers}

    def ocr_image(self, path: Path, options: object) -> list[FakeOcrPage]:
        self.calls.append([1])
        if self.raise_missing:
            raise MissingDependencyError("tesseract is not installed")
        if self.results is not None:
            return [self.results[n] for n in sorted(self.results)]
        return [FakeOcrPage(self.text(1), 88.0)]
