"""Format detection: the bytes decide, the extension is only a fallback."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from core.errors import CorruptFileError, EmptyFileError, EncryptedError, UnsupportedFormatError
from extractors.formats.table import FORMATS, detect_format, format_for_extension, mime_type_of, sniff_format

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def _ole2(path: Path, stream: str) -> Path:
    """A minimal OLE2 header whose first directory sector names ``stream``."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<H", header, 0x1E, 9)  # 512-byte sectors
    struct.pack_into("<I", header, 0x30, 0)  # directory starts at sector 0
    entry = stream.encode("utf-16-le") + b"\x00\x00"
    path.write_bytes(bytes(header) + entry.ljust(512, b"\x00"))
    return path


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.pdf", PDF, "pdf"),
        ("renamed.docx", PDF, "pdf"),  # a PDF renamed .docx is still a PDF
        ("junk-before-header.pdf", b"\x00\x00garbage" + PDF, "pdf"),
        ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image"),
        ("scan.tif", b"II*\x00" + b"\x00" * 20, "image"),
        ("scan.tiff", b"MM\x00*" + b"\x00" * 20, "image"),
        ("notes.txt", b"Notulen rapat SPBE\n", "txt"),
    ],
)
def test_detect_format_sniffs_bytes(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert detect_format(path).key == expected


@pytest.mark.parametrize(
    ("name", "members", "expected"),
    [
        ("a.docx", {"[Content_Types].xml": "", "word/document.xml": "<w/>"}, "docx"),
        ("a.pdf", {"[Content_Types].xml": "", "word/document.xml": "<w/>"}, "docx"),
        ("a.xlsx", {"xl/workbook.xml": ""}, "xlsx"),
        ("a.docx", {"ppt/presentation.xml": ""}, "pptx"),
        ("a.odt", {"mimetype": "application/vnd.oasis.opendocument.text"}, "odt"),
        ("a.zip", {"scan1.pdf": "x"}, "zip"),
    ],
)
def test_sniff_format_looks_inside_zips(
    tmp_path: Path, name: str, members: dict[str, str], expected: str
) -> None:
    assert sniff_format(_zip(tmp_path / name, members)).key == expected  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("stream", "expected"),
    [("WordDocument", "doc"), ("Workbook", "xls"), ("PowerPoint Document", "ppt"), ("Other", "ole2")],
)
def test_sniff_format_names_legacy_office_files(tmp_path: Path, stream: str, expected: str) -> None:
    assert sniff_format(_ole2(tmp_path / "legacy.doc", stream)).key == expected  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("factory", "advice"),
    [
        (lambda p: _ole2(p / "mystery.bin", "Other"), "ubah menjadi PDF"),
        (lambda p: _ole2(p / "mystery.pdf", "Other"), "ubah menjadi PDF"),
    ],
)
def test_detect_format_unsupported_says_what_to_do(tmp_path: Path, factory, advice: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnsupportedFormatError, match="tidak dibaca bukti") as caught:
        detect_format(factory(tmp_path))
    assert advice in str(caught.value)


def test_detect_format_unknown_bytes_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"\x00\x01\x02 binary")
    with pytest.raises(UnsupportedFormatError, match="ubah menjadi PDF"):
        detect_format(path)


def test_detect_format_text_renamed_pdf_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "surat.pdf"
    path.write_text("ini sebenarnya teks biasa\n")
    with pytest.raises(CorruptFileError, match="bernama seperti PDF.*teks biasa"):
        detect_format(path)


def test_detect_format_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError):
        detect_format(path)


def test_detect_format_broken_zip_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(CorruptFileError, match="berbasis ZIP yang rusak"):
        detect_format(path)


def test_detect_format_encrypted_office_file(tmp_path: Path) -> None:
    with pytest.raises(EncryptedError, match="dilindungi kata sandi"):
        detect_format(_ole2(tmp_path / "locked.docx", "EncryptedPackage"))


def test_detect_format_binary_named_txt_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"abc\x00\x00def")
    with pytest.raises(CorruptFileError, match="data biner"):
        detect_format(path)


def test_formats_table_is_consistent() -> None:
    extensions = [e for f in FORMATS.values() for e in f.extensions]
    assert len(extensions) == len(set(extensions)), "an extension belongs to one format"
    for key, info in FORMATS.items():
        assert info.key == key and info.mime_types
        assert info.supported or info.advice, f"{key}: unsupported formats must say what to do"
    assert {"pdf", "docx", "image"} <= {k for k, f in FORMATS.items() if f.supported}


def test_format_for_extension_is_case_insensitive() -> None:
    assert format_for_extension(Path("SCAN.PDF")) is FORMATS["pdf"]
    assert format_for_extension(Path("README")) is None


def test_mime_type_of_images_is_exact(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 20)  # a JPEG named .png
    assert mime_type_of(path, detect_format(path)) == "image/jpeg"
