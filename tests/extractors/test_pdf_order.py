"""Sparse pages streamed out of visual order are read top to bottom; body pages are untouched."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors.api import extract_document
from extractors.pdf_order import Run, out_of_order, visual_lines


def _pdf(path: Path, lines: list[tuple[float, str]]) -> Path:
    """One A4 page; ``lines`` are drawn in the given order at the given heights (points)."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setFont("Helvetica", 14)
    for y, text in lines:
        pdf.drawString(72, y, text)
    pdf.save()
    return path


COVER_STREAM_ORDER = [  # the author block is streamed first but printed at the bottom
    (120, "Deputi Bidang Kelembagaan dan Tata Laksana"),
    (100, "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"),
    (700, "LAPORAN HASIL EVALUASI"),
    (680, "Sistem Pemerintahan Berbasis Elektronik"),
    (640, "INDEKS SPBE TAHUN 2023"),
    (600, "PEMERINTAH KABUPATEN SUKAMAJU"),
]


def test_cover_streamed_out_of_order_is_read_top_to_bottom(tmp_path: Path) -> None:
    doc = extract_document(_pdf(tmp_path / "cover.pdf", COVER_STREAM_ORDER), raise_errors=True)
    lines = doc.pages[0].text.splitlines()
    assert lines[0] == "LAPORAN HASIL EVALUASI" and lines[-1].startswith("Kementerian Pendayagunaan")
    meta = doc.metadata
    assert meta.title is not None and meta.title.value == (
        "Laporan Hasil Evaluasi Sistem Pemerintahan Berbasis Elektronik Indeks SPBE Tahun 2023 "
        "Pemerintah Kabupaten Sukamaju"
    )
    assert meta.issuer is not None and meta.issuer.value == (
        "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi "
        "(Deputi Bidang Kelembagaan dan Tata Laksana)"
    )


def test_body_page_keeps_the_stream_order(tmp_path: Path) -> None:
    """A page with many runs keeps PDFium's order even when one run is drawn above another."""
    body = [(700 - 20 * i, f"Kalimat ke-{i} dari isi halaman ini.") for i in range(30)]
    header = [(800, "PEMERINTAH KABUPATEN SUKAMAJU")]  # drawn last, printed first
    doc = extract_document(_pdf(tmp_path / "body.pdf", body + header), raise_errors=True)
    assert doc.pages[0].text.splitlines()[0].startswith("Kalimat ke-0")


def test_visual_lines_join_runs_of_one_line_left_to_right() -> None:
    runs = [
        Run(300, 690, 400, 702, "kanan"),
        Run(72, 600, 200, 612, "bawah"),
        Run(72, 690, 200, 702, "kiri"),
    ]
    assert out_of_order([runs[1], runs[0]])
    assert not out_of_order([runs[0], runs[1]])
    assert visual_lines(runs) == ["kiri kanan", "bawah"]
