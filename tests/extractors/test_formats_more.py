"""The format table for the added formats: sniffing real files, OLE2 fallbacks, every extractor importable."""

from __future__ import annotations

import importlib
import struct
from pathlib import Path

import pytest
from extract_samples import make_regulation_docx
from office_samples import Slide, make_odt, make_pptx, make_xlsx, make_zip

from core.errors import UnsupportedFormatError
from extractors.formats.table import FORMATS, detect_format

ODP = "application/vnd.oasis.opendocument.presentation"


def _ole2(path: Path, stream: str) -> Path:
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<H", header, 0x1E, 9)
    struct.pack_into("<I", header, 0x30, 0)
    path.write_bytes(bytes(header) + (stream.encode("utf-16-le") + b"\x00\x00").ljust(512, b"\x00"))
    return path


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: make_xlsx(p / "rka.xlsx", {"RKA": [["x"]]}), "xlsx"),
        (lambda p: make_xlsx(p / "rka-tanpa-ekstensi", {"RKA": [["x"]]}), "xlsx"),
        (lambda p: make_xlsx(p / "dinamai.docx", {"RKA": [["x"]]}), "xlsx"),  # the bytes decide
        (lambda p: make_pptx(p / "paparan.pptx", [Slide(boxes=[["x"]])]), "pptx"),
        (lambda p: make_pptx(p / "paparan.ppsx", [Slide(boxes=[["x"]])]), "pptx"),
        (lambda p: make_odt(p / "surat.odt", "<text:p>x</text:p>"), "odt"),
        (lambda p: make_odt(p / "surat.zip", "<text:p>x</text:p>"), "odt"),
        (lambda p: make_regulation_docx(p / "perbup.zip"), "docx"),
        (lambda p: make_zip(p / "bukti.zip", {"sk.pdf": "%PDF-1.4"}), "zip"),
        (lambda p: make_zip(p / "bukti.pdf.zip", {}), "zip"),
        (lambda p: _ole2(p / "lama.doc", "WordDocument"), "doc"),
        (lambda p: _ole2(p / "lama.xls", "Workbook"), "xls"),
        (lambda p: _ole2(p / "dinamai.xls", "WordDocument"), "doc"),
        (lambda p: _ole2(p / "paparan.ppt", "PowerPoint Document"), "ppt"),
        (lambda p: make_zip(p / "paparan.odp", {"mimetype": ODP}), "odp"),
        (lambda p: (p / "surat.rtf").write_bytes(b"{\\rtf1\\ansi Surat}") and p / "surat.rtf", "rtf"),
    ],
)
def test_detect_format_more_formats(tmp_path: Path, make, expected: str) -> None:  # type: ignore[no-untyped-def]
    info = detect_format(make(tmp_path))
    assert info.key == expected and info.supported


@pytest.mark.parametrize(("name", "expected"), [("a.doc", "doc"), ("a.xls", "xls"), ("a.ppt", "ppt")])
def test_ole2_with_unnamed_streams_falls_back_to_the_extension(tmp_path: Path, name: str,
                                                               expected: str) -> None:
    # Streams beyond the first directory sectors are not seen by the sniffer.
    assert detect_format(_ole2(tmp_path / name, "Data")).key == expected


@pytest.mark.parametrize("name", ["lama.bin", "lama.pdf", "lama"])
def test_ole2_unknown_stays_unsupported(tmp_path: Path, name: str) -> None:
    with pytest.raises(UnsupportedFormatError):
        detect_format(_ole2(tmp_path / name, "Data"))


@pytest.mark.parametrize("key", sorted(k for k, f in FORMATS.items() if f.supported))
def test_every_supported_format_has_an_extract_function(key: str) -> None:
    module = importlib.import_module(FORMATS[key].extractor or "")
    assert callable(module.extract)


def test_added_formats_are_supported_and_the_rest_say_what_to_do() -> None:
    supported = {k for k, f in FORMATS.items() if f.supported}
    assert {"xlsx", "pptx", "odt", "doc", "xls", "ppt", "rtf", "ods", "odp", "zip"} <= supported
    assert not FORMATS["ole2"].supported and FORMATS["ole2"].advice
    for key in ("doc", "xls", "ppt", "rtf", "ods", "odp"):  # advice is shown when LibreOffice is missing
        assert FORMATS[key].extractor == "extractors.formats.legacy" and FORMATS[key].advice


def test_detect_format_stored_zip_holding_a_pdf_is_a_zip(tmp_path) -> None:  # noqa: ANN001
    """An uncompressed ZIP carries '%PDF-' within its first bytes; the ZIP signature at offset 0 wins."""
    import zipfile

    from extractors.formats.table import detect_format

    pdf = b"%PDF-1.4\n%fake but enough for the header\n"
    bundle = tmp_path / "bukti.zip"
    with zipfile.ZipFile(bundle, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("a.pdf", pdf)
    assert detect_format(bundle).key == "zip"
