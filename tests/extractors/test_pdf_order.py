"""Sparse pages streamed out of visual order are read top to bottom; body pages are untouched."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors.api import extract_document
from extractors.formats.pdf_order import Run, out_of_order, side_by_side, visual_lines


def _pdf(path: Path, lines: list[tuple[float, str]], *, x: float = 72, size: int = 14) -> Path:
    """One A4 page; ``lines`` are drawn in the given order at the given heights (points)."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setFont("Helvetica", size)
    for y, text in lines:
        pdf.drawString(x, y, text)
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
    assert side_by_side(runs)  # "kiri" and "kanan" sit on one line 100 pt apart
    assert not side_by_side([Run(72, 690, 200, 702, "TAHUN"), Run(203, 690, 260, 702, "2021")])


def test_two_signature_columns_keep_the_stream_order(tmp_path: Path) -> None:
    """A one-page letter with two signature columns is streamed column by column: that is its order."""
    path = tmp_path / "ttd.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setFont("Helvetica", 11)
    for x, lines in (
        (72, ["Mengetahui,", "Kepala Dinas Kominfo", "BUDI SANTOSO"]),
        (330, ["Denpasar, 12 Maret 2024", "Ketua Tim Penyusun", "ANI WIJAYA"]),
    ):
        for i, text in enumerate(lines):
            pdf.drawString(x, 300 - 40 * i, text)
    pdf.save()
    doc = extract_document(path, raise_errors=True)
    assert doc.pages[0].text.splitlines()[:2] == ["Mengetahui,", "Kepala Dinas Kominfo"]
    assert doc.metadata.signer is not None and doc.metadata.signer.value == "Ani Wijaya"


def test_tightly_spaced_capitals_are_not_read_twice(tmp_path: Path) -> None:
    lines = [(720, "EVALUASI SPBE"), (741, "LAPORAN TAHUNAN"), (600, "Kota Denpasar")]  # boxes overlap
    doc = extract_document(_pdf(tmp_path / "caps.pdf", lines, size=28), raise_errors=True)
    assert doc.pages[0].text.splitlines() == ["LAPORAN TAHUNAN", "EVALUASI SPBE", "Kota Denpasar"]


def test_only_the_first_page_is_reordered(tmp_path: Path) -> None:
    path = tmp_path / "two.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setFont("Helvetica", 14)
    for _ in range(2):
        for y, text in COVER_STREAM_ORDER:
            pdf.drawString(72, y, text)
        pdf.showPage()
    pdf.save()
    doc = extract_document(path, raise_errors=True)
    assert doc.pages[0].text.startswith("LAPORAN HASIL EVALUASI")
    assert doc.pages[1].text.startswith("Deputi Bidang")
