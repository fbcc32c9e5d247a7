"""Structure marks: headings only, never references; citation labels end to end."""

from __future__ import annotations

import pytest

from core.models import ExtractedDocument, PageText, SourceFile, StructureKind, TextMethod
from extractors.structure import detect_structure, is_heading_line


def _page(text: str, number: int = 1) -> PageText:
    return PageText(number=number, text=text, method=TextMethod.text_layer)


def _labels(*texts: str) -> list[str]:
    return [m.label for m in detect_structure([_page(t, n) for n, t in enumerate(texts, start=1)])]


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("BAB IV", "BAB IV"),
        ("BAB II KETENTUAN UMUM", "BAB II"),
        ("Bagian Kesatu", "Bagian Kesatu"),
        ("BAGIAN KEDUA", "Bagian Kedua"),
        ("Bagian Kesebelas", "Bagian Kesebelas"),
        ("Paragraf 3", "Paragraf 3"),
        ("Pasal 8", "Pasal 8"),
        ("Pasal 12A", "Pasal 12A"),
        ("PASAL 3", "Pasal 3"),
        ("Pasal II", "Pasal II"),
        ("KESATU : Membentuk Tim", "KESATU"),
        ("KEDUA:", "KEDUA"),
        ("KEDUA BELAS Keputusan ini", "KEDUA BELAS"),
        ("LAMPIRAN", "LAMPIRAN"),
        ("LAMPIRAN I", "LAMPIRAN I"),
        ("LAMPIRAN II : KEPUTUSAN BUPATI", "LAMPIRAN II"),
        ("LAMPIRAN PERATURAN BUPATI BATU BARA", "LAMPIRAN"),
    ],
)
def test_detect_structure_headings(line: str, label: str) -> None:
    assert _labels(f"Teks pembuka.\n{line}\nisi") == [label]


@pytest.mark.parametrize(
    "text",
    [
        "sebagaimana dimaksud dalam Pasal 5 ayat (1)",
        "sebagaimana dimaksud dalam\nPasal 5",  # a reference wrapped to the start of a line
        "sesuai ketentuan\nPasal 7",
        "Pasal 5 ayat (2) huruf a tidak berlaku",  # a line starting with a reference
        "Kedua belah pihak sepakat",
        "KESATUAN DATA",
        "tercantum dalam\nLAMPIRAN yang merupakan bagian tidak terpisahkan",
        "Lampiran surat ini",
        "(1) tanpa Pasal sebelumnya",
        "Bab ini menjelaskan",
    ],
)
def test_detect_structure_ignores_references(text: str) -> None:
    assert _labels(text) == []


def test_detect_structure_ayat_only_inside_pasal_and_increasing() -> None:
    text = (
        "Pasal 2\n(1) Perangkat Daerah wajib menerapkan SPBE.\n(2) Penerapan sebagaimana dimaksud pada ayat\n"
        "(1) dilaksanakan oleh OPD.\n(1) bukan ayat baru\n(3) Ayat ketiga.\nBAB III\n(1) di luar Pasal"
    )
    assert _labels(text) == ["Pasal 2", "ayat (1)", "ayat (2)", "ayat (3)", "BAB III"]


def test_detect_structure_offsets_point_at_the_heading() -> None:
    text = "BAB I\nKETENTUAN UMUM\n   Pasal 1\n(1) Isi ayat."
    marks = detect_structure([_page(text)])
    assert [(m.kind, m.offset) for m in marks] == [
        (StructureKind.bab, 0),
        (StructureKind.pasal, 24),
        (StructureKind.ayat, 32),
    ]
    assert text[24:31] == "Pasal 1" and text[32:35] == "(1)"


def test_is_heading_line() -> None:
    assert is_heading_line("  Pasal 14 ")
    assert not is_heading_line("Pasal 14 ayat (2) menyatakan")


def _document(*texts: str) -> ExtractedDocument:
    pages = [_page(t, n) for n, t in enumerate(texts, start=1)]
    source = SourceFile(
        path="x.pdf", name="x.pdf", sha256="0" * 64, format="pdf", mime_type="application/pdf", size=1
    )
    return ExtractedDocument(source=source, pages=pages, structure=detect_structure(pages))


def test_citation_label_end_to_end() -> None:
    page1 = "BAB II\nPasal 8\n(1) Tim Koordinasi dibentuk.\n(6) Tim melaksanakan audit TIK berkala."
    page2 = "yang dilaporkan kepada Bupati.\nPasal 9\nKetentuan lain."
    page3 = "KESATU : Membentuk Tim.\nKEDUA : Tim bertugas.\nLAMPIRAN I\nDaftar anggota."
    doc = _document(page1, page2, page3)
    assert doc.citation_label(1, page1.index("audit TIK")) == "Pasal 8 ayat (6)"
    assert doc.citation_label(1, page1.index("Tim Koordinasi")) == "Pasal 8 ayat (1)"
    assert doc.citation_label(2, 5) == "Pasal 8 ayat (6)"  # carries over the page break
    assert doc.citation_label(2, page2.index("Ketentuan lain")) == "Pasal 9"
    assert doc.citation_label(3, page3.index("Tim bertugas")) == "KEDUA"
    assert doc.citation_label(3, page3.index("Daftar anggota")) == "LAMPIRAN I"
    assert doc.citation_label(1, 0) is None


def test_annex_after_the_closing_block_is_not_the_last_pasal() -> None:
    body = "Pasal 5\nPeraturan ini mulai berlaku.\nDitetapkan di Salak\npada tanggal 2 Oktober 2019\nBUPATI,"
    annex = "RENCANA INDUK\nBAB I\nPENDAHULUAN\n1.1 Latar Belakang\nInfrastruktur TIK belum merata."
    doc = _document(body, annex, "Lanjutan rencana induk.")
    assert doc.citation_label(1, body.index("mulai berlaku")) == "Pasal 5"
    assert doc.citation_label(2, annex.index("Infrastruktur")) == "LAMPIRAN"
    assert doc.citation_label(3, 0) == "LAMPIRAN"


def test_boxed_annex_header_read_by_ocr_names_the_annex() -> None:
    body = "KESATU : Membentuk Tim.\nKEEMPAT : Berlaku sejak ditetapkan.\nDitetapkan di Denpasar"
    annex = "| LAMPIRAN II : KEPUTUSAN WALIKOTA\nSUSUNAN KEANGGOTAAN TIM\nKetua : Sekretaris Daerah"
    doc = _document(body, annex)
    assert [m.label for m in doc.structure if m.page == 2] == ["LAMPIRAN II"]
    assert doc.citation_label(2, annex.index("Ketua")) == "LAMPIRAN II"


def test_closing_words_without_a_body_open_no_annex() -> None:
    # a report quoting a decree's closing line has no Pasal/diktum body to end
    report = "Laporan kegiatan.\nDitetapkan di Jakarta oleh tim.\nHasil kajian."
    doc = _document(report, "Bab berikutnya dari laporan.")
    assert doc.structure == []


def test_a_body_continuing_after_a_closing_keeps_its_pasal() -> None:
    # a page repeated in the scan: its Pasal headings label it again
    page = "Pasal 7\nBiaya dibebankan.\nDitetapkan di Jakarta\npada tanggal 1 Februari 2023"
    doc = _document(page, page)
    assert doc.citation_label(2, page.index("Biaya")) == "Pasal 7"


def test_prose_wrapped_onto_a_ditetapkan_line_closes_nothing() -> None:
    page1 = "Pasal 4\n(1) Rencana Induk SPBE selaras dengan kebijakan\nditetapkan di tingkat nasional."
    page2 = "dan dievaluasi setiap tahun.\nPasal 5\nKetentuan lain."
    doc = _document(page1, page2)
    assert doc.citation_label(2, 0) == "Pasal 4 ayat (1)"
