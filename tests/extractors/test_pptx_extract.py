"""PPTX extraction: slide = page in presentation order, notes included, tables, bad packages."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from office_samples import Slide, make_pptx, make_zip

from core.errors import CorruptFileError
from core.models import DocumentStatus, ExtractedDocument, TextMethod
from extractors.api import extract_document
from extractors.formats import zipparts

SLIDES = [
    Slide(boxes=[["Paparan Arsitektur SPBE", "Kabupaten Contoh"]],
          notes="Disampaikan pada rapat\nTim Koordinasi"),
    Slide(boxes=[["Peta Rencana SPBE"]], table=[["No", "Program"], ["1", "Integrasi\nLayanan"]],
          grouped=["Teks dalam grup"]),
    Slide(boxes=[["Baris satu\nbaris dua"]], slide_number=False),
]


@pytest.fixture
def presentation(tmp_path: Path) -> Path:
    # Parts stored as slide3, slide1, slide2: presentation order must come from p:sldIdLst.
    return make_pptx(tmp_path / "paparan.pptx", SLIDES, part_order=[3, 1, 2])


def test_pptx_slides_are_pages_in_presentation_order(presentation: Path) -> None:
    doc = extract_document(presentation, raise_errors=True)
    assert doc.source.format == "pptx"
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert [p.method for p in doc.pages] == [TextMethod.pptx] * 3
    assert doc.pages[0].text.split("\n") == ["Paparan Arsitektur SPBE", "Kabupaten Contoh",
                                             "Disampaikan pada rapat", "Tim Koordinasi"]
    assert doc.pages[2].text == "Baris satu\nbaris dua"  # a:br is a line break
    assert ExtractedDocument.model_validate_json(doc.model_dump_json()) == doc


def test_pptx_tables_groups_and_no_slide_numbers(presentation: Path) -> None:
    page = extract_document(presentation, raise_errors=True).pages[1]
    assert page.text.split("\n") == ["Peta Rencana SPBE", "Teks dalam grup", "No | Program",
                                     "1 | Integrasi Layanan"]
    assert page.tables == [[["No", "Program"], ["1", "Integrasi\nLayanan"]]]
    assert "2" not in page.text.split("\n")  # the slide-number placeholder is left out


def test_pptx_slide_without_text_is_flagged(tmp_path: Path) -> None:
    path = make_pptx(tmp_path / "gambar.pptx", [Slide(boxes=[["Judul"]]), Slide()])
    doc = extract_document(path)
    assert [(p.number, p.text) for p in doc.pages] == [(1, "Judul"), (2, "")]
    assert [(i.code, i.page) for i in doc.issues if i.code == "no_text"] == [("no_text", 2)]
    assert doc.status is DocumentStatus.partial_success


def test_pptx_without_slide_list_falls_back_to_part_numbers(tmp_path: Path) -> None:
    path = make_pptx(tmp_path / "tanpa-daftar.pptx", [Slide(boxes=[["satu"]]), Slide(boxes=[["dua"]])] * 5)
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["ppt/presentation.xml"] = b'<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'
    make_zip(path, parts)
    texts = [p.text for p in extract_document(path, raise_errors=True).pages]
    assert texts == ["satu", "dua"] * 5  # slide10 after slide9, not after slide1


def _with_part(path: Path, name: str, data: bytes | None) -> Path:
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist() if n != name}
    if data is not None:
        parts[name] = data
    return make_zip(path, parts)


def test_pptx_damaged_slide_both_modes(presentation: Path) -> None:
    path = _with_part(presentation, "ppt/slides/slide1.xml", b"<p:sld><p:cSld>")
    with pytest.raises(CorruptFileError, match=r"bagian ppt/slides/slide1.xml rusak") as caught:
        extract_document(path, raise_errors=True)
    assert caught.value.__cause__ is not None
    doc = extract_document(path)
    assert doc.status is DocumentStatus.failure and [i.code for i in doc.issues] == ["corrupt"]
    assert "ekspor slide-nya ke PDF" in doc.issues[0].message


def test_pptx_missing_slide_part_is_an_issue_not_a_failure(presentation: Path) -> None:
    doc = extract_document(_with_part(presentation, "ppt/slides/slide3.xml", None))
    assert doc.pages[0].text == "" and doc.pages[0].method is TextMethod.none
    assert [(i.code, i.page) for i in doc.issues][:1] == [("page_unreadable", 1)]
    assert doc.pages[1].text.startswith("Peta Rencana SPBE")
    assert doc.status is DocumentStatus.partial_success


def test_pptx_oversized_part_is_refused(presentation: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipparts, "MAX_PART_BYTES", 100)
    with pytest.raises(CorruptFileError, match="melebihi isi wajar sebuah presentasi PowerPoint"):
        extract_document(presentation, raise_errors=True)


def test_pptx_entities_are_not_expanded(tmp_path: Path) -> None:
    path = make_pptx(tmp_path / "xxe.pptx", [Slide(boxes=[["aman"]])])
    secret = tmp_path / "rahasia.txt"
    secret.write_text("JANGAN TERBACA")
    slide = (f'<?xml version="1.0"?><!DOCTYPE p:sld [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
             '<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
             'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree><p:sp>'
             "<p:txBody><a:p><a:r><a:t>isi &x;</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld>"
             "</p:sld>")
    _with_part(path, "ppt/slides/slide1.xml", slide.encode())
    doc = extract_document(path)
    assert all("JANGAN TERBACA" not in p.text for p in doc.pages)
