"""ODT extraction: body order, explicit page breaks only, tables, header/footer, bad packages."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from extract_samples import make_regulation_docx
from office_samples import make_odt, make_zip

from core.errors import CorruptFileError, EncryptedError
from core.models import DocumentStatus, ExtractedDocument, TextMethod
from extractors.api import extract_document

BODY = (
    '<text:h text:outline-level="1">PERATURAN BUPATI CONTOH</text:h>'
    "<text:p>Pasal<text:s/>1<text:tab/>ayat<text:line-break/>baris <text:span>berikut</text:span>"
    "<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>Catatan kaki</text:p>"
    "</text:note-body></text:note> selesai</text:p>"
    "<text:soft-page-break/>"  # LibreOffice's layout at save time: ignored
    "<text:list><text:list-item><text:p>butir "
    "<office:annotation><text:p>komentar</text:p></office:annotation>"
    "satu</text:p></text:list-item><text:list-item><text:p>butir dua</text:p></text:list-item></text:list>"
    '<text:p text:style-name="PBreak">Pasal 2</text:p>'
    '<text:p text:style-name="PAfter">Pasal 3 mengakhiri halaman</text:p>'
    '<text:p text:style-name="PBreak"/>'  # a break on a page with no text yet: no blank page
    "<text:p>Pasal 4</text:p>"
    '<table:table table:style-name="TBreak"><table:table-header-rows><table:table-row>'
    "<table:table-cell><text:p>No</text:p></table:table-cell><table:table-cell><text:p>Domain</text:p>"
    "</table:table-cell></table:table-row></table:table-header-rows><table:table-row>"
    "<table:table-cell><text:p>1</text:p></table:table-cell><table:table-cell><text:p>Tata</text:p><text:p>Kelola"
    "</text:p></table:table-cell><table:covered-table-cell/>"
    '<table:table-cell table:number-columns-repeated="1024"/>'
    "</table:table-row></table:table>"
    "<text:tracked-changes><text:changed-region><text:deletion><text:p>teks terhapus</text:p></text:deletion>"
    "</text:changed-region></text:tracked-changes>"
)


@pytest.fixture
def odt(tmp_path: Path) -> Path:
    return make_odt(tmp_path / "perbup.odt", BODY, header="KOP PEMERINTAH KABUPATEN", footer="Halaman kaki")


def test_odt_body_in_order_on_page_one(odt: Path) -> None:
    doc = extract_document(odt, raise_errors=True)
    assert doc.source.format == "odt" and doc.source.mime_type == "application/vnd.oasis.opendocument.text"
    assert doc.pages[0].method is TextMethod.odt
    assert doc.pages[0].text.split("\n") == [
        "KOP PEMERINTAH KABUPATEN",
        "PERATURAN BUPATI CONTOH",
        "Pasal 1 ayat",
        "baris berikut selesai",
        "Catatan kaki",  # footnote body after its paragraph
        "butir satu",  # comment left out
        "butir dua",
        "Halaman kaki",
    ]
    assert ExtractedDocument.model_validate_json(doc.model_dump_json()) == doc


def test_odt_pages_split_on_explicit_breaks_only(odt: Path) -> None:
    doc = extract_document(odt, raise_errors=True)
    assert [p.text for p in doc.pages[1:]] == [
        "Pasal 2\nPasal 3 mengakhiri halaman",  # break before (automatic style), after (parent style)
        "Pasal 4",
        "No | Domain\n1 | Tata Kelola",  # the table's own style breaks before it
    ]
    assert doc.pages[3].tables == [[["No", "Domain"], ["1", "Tata\nKelola"]]]
    assert all("terhapus" not in p.text for p in doc.pages)


def test_odt_without_breaks_is_one_page(tmp_path: Path) -> None:
    doc = extract_document(make_odt(tmp_path / "surat.odt", "<text:p>Satu</text:p><text:p>Dua</text:p>"))
    assert [(p.number, p.text) for p in doc.pages] == [(1, "Satu\nDua")]


def test_odt_new_page_style_starts_a_page(tmp_path: Path) -> None:
    body = '<text:p>Bagian satu</text:p><text:p text:style-name="PSection">Bagian dua</text:p>'
    doc = extract_document(make_odt(tmp_path / "seksi.odt", body))
    assert [p.text for p in doc.pages] == ["Bagian satu", "Bagian dua"]


def test_odt_password_protected_both_modes(tmp_path: Path) -> None:
    encrypted = '<manifest:encryption-data manifest:checksum-type="SHA1"/>'
    path = make_odt(tmp_path / "rahasia.odt", "<text:p>x</text:p>", manifest_extra=encrypted)
    with pytest.raises(EncryptedError, match="dilindungi kata sandi"):
        extract_document(path, raise_errors=True)
    doc = extract_document(path)
    assert doc.status is DocumentStatus.failure and [i.code for i in doc.issues] == ["encrypted"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<office:document-content", "bagian content.xml rusak"),
        ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
         "isi teksnya tidak ada"),
    ],
)
def test_odt_damaged_content_both_modes(tmp_path: Path, content: str, message: str) -> None:
    path = make_odt(tmp_path / "rusak.odt", "", content=content)
    with pytest.raises(CorruptFileError, match=message):
        extract_document(path, raise_errors=True)
    doc = extract_document(path)
    assert doc.status is DocumentStatus.failure and [i.code for i in doc.issues] == ["corrupt"]
    assert "simpan sebagai .docx atau PDF" in doc.issues[0].message


def test_odt_without_content_part_is_corrupt(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "kosong.odt", {"mimetype": "application/vnd.oasis.opendocument.text"})
    with pytest.raises(CorruptFileError, match="content.xml hilang"):
        extract_document(path, raise_errors=True)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_odt_saved_by_libreoffice(tmp_path: Path) -> None:
    source = make_regulation_docx(tmp_path / "perbup.docx")
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "odt",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=120)
    odt_doc = extract_document(tmp_path / "perbup.odt", raise_errors=True)
    docx_doc = extract_document(source, raise_errors=True)
    assert len(odt_doc.pages) == len(docx_doc.pages) == 3  # manual break and new-page section break
    for odt_page, docx_page in zip(odt_doc.pages, docx_doc.pages, strict=True):
        assert odt_page.text == docx_page.text
    assert [m.label for m in odt_doc.structure] == [m.label for m in docx_doc.structure]
