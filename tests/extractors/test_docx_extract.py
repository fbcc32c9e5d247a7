"""DOCX extraction: body order, tables, header/footer once, explicit page and section breaks."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_BREAK

from core.errors import CorruptFileError
from core.models import DocumentStatus, TextMethod
from extractors.api import extract_document


def test_docx_pages_split_at_explicit_breaks(regulation_docx: Path) -> None:
    doc = extract_document(regulation_docx, raise_errors=True)
    assert [p.method for p in doc.pages] == [TextMethod.docx] * 3
    first, second, third = (p.text.split("\n") for p in doc.pages)
    assert first[0] == "PEMERINTAH KABUPATEN CONTOH"  # header, once, on top of page 1
    assert first[-1] == "Dokumen ini ditandatangani secara elektronik"  # footer at its bottom
    assert first[-2] == "Tabel di atas berlaku."
    assert second == ["Pasal 2", "Peta Rencana SPBE disusun setiap lima tahun."]  # after the page break
    assert third[0] == "Pasal 3"  # after the new-page section break
    assert doc.source.format == "docx"


def test_docx_tables_in_body_order(regulation_docx: Path) -> None:
    doc = extract_document(regulation_docx, raise_errors=True)
    assert doc.pages[0].tables == [[["Domain", "Pemilik"], ["Data", "Diskominfo"]]]
    lines = doc.pages[0].text.split("\n")
    assert lines.index("Domain | Pemilik") == lines.index("(2) Arsitektur SPBE ditetapkan Bupati.") + 1


def test_docx_structure_has_page_numbers(regulation_docx: Path) -> None:
    doc = extract_document(regulation_docx, raise_errors=True)
    assert [(m.page, m.label) for m in doc.structure] == [
        (1, "BAB I"),
        (1, "Pasal 1"),
        (1, "ayat (1)"),
        (1, "ayat (2)"),
        (2, "Pasal 2"),
        (3, "Pasal 3"),
    ]
    assert doc.citation_label(1, doc.pages[0].text.index("ditetapkan Bupati")) == "Pasal 1 ayat (2)"


def test_docx_continuous_section_and_repeated_breaks(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Satu")
    document.add_section(WD_SECTION.CONTINUOUS)  # no new page
    document.add_paragraph("Dua").add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # a break on an empty page: ignored
    document.add_paragraph("Tiga")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # trailing break: no empty last page
    path = tmp_path / "breaks.docx"
    document.save(str(path))
    doc = extract_document(path, raise_errors=True)
    assert [p.text for p in doc.pages] == ["Satu\n\nDua", "Tiga"]  # the section break is an empty paragraph


def test_docx_without_breaks_is_one_page(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("KEPUTUSAN BUPATI CONTOH")
    document.add_paragraph("KESATU : Membentuk Tim Koordinasi SPBE.")
    path = tmp_path / "sk.docx"
    document.save(str(path))
    doc = extract_document(path, raise_errors=True)
    assert len(doc.pages) == 1 and [m.label for m in doc.structure] == ["KESATU"]


def _broken_docx(tmp_path: Path) -> Path:
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><w:body><w:p>unclosed")
    return path


def test_docx_corrupt_in_both_modes(tmp_path: Path) -> None:
    path = _broken_docx(tmp_path)
    with pytest.raises(CorruptFileError, match="bukan dokumen Word yang dapat dibaca") as caught:
        extract_document(path, raise_errors=True)
    assert caught.value.__cause__ is not None
    doc = extract_document(path)
    assert doc.status is DocumentStatus.failure
    assert [i.code for i in doc.issues] == ["corrupt"]
