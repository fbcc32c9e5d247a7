"""Builders for hostile input: zip-bomb Office packages, blank-page PDFs, badly named files.

Used by the hostile-input tests and by ``benchmarks/hostile_rss.py``. Every builder writes a
real file the way an attacker (or a broken tool) would; nothing is mocked.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
from reportlab.pdfgen import canvas

_MIB = 1 << 20
_ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"


def make_docx(path: Path | bytes, text: str) -> Path:
    """A small, valid DOCX with one paragraph per line of ``text`` (``path`` may be raw bytes)."""
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    with open(path, "wb") as handle:  # noqa: PTH123 - raw (non-UTF-8) byte paths need open()
        handle.write(buffer.getvalue())
    return Path(os.fsdecode(path))


def _deflated(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _stream(archive: zipfile.ZipFile, name: str, head: bytes, filler: bytes, size: int, tail: bytes) -> None:
    """Write member ``name``: ``head``, ``filler`` repeated to ``size`` bytes, ``tail``; deflated."""
    chunk = filler * max(1, _MIB // len(filler))
    with archive.open(_deflated(name), "w", force_zip64=True) as out:
        out.write(head)
        written = 0
        while written < size:
            part = chunk[: size - written]
            out.write(part)
            written += len(part)
        out.write(tail)


def docx_media_bomb(path: Path, inflated: int = 2 * 1024**3) -> Path:
    """A valid DOCX plus a 'picture' of zeros that inflates to ``inflated`` bytes (~1,000x)."""
    good = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Laporan dengan gambar")
    document.save(good)
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, source.read(info))
        _stream(out, "word/media/image1.png", b"\x89PNG\r\n\x1a\n", b"\x00", inflated, b"")
    return path


def docx_xml_bomb(path: Path, inflated: int = 1024**3) -> Path:
    """A DOCX whose word/document.xml inflates to ``inflated`` bytes of one run of text."""
    good = io.BytesIO()
    docx.Document().save(good)
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    head = f'<?xml version="1.0"?><w:document {ns}><w:body><w:p><w:r><w:t>'.encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info, source.read(info))
        _stream(out, "word/document.xml", head, b"A", inflated, tail)
    return path


def odt_bomb(path: Path, inflated: int = 1024**3) -> Path:
    """An ODT whose content.xml inflates to ``inflated`` bytes."""
    office = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    text = 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    head = f'<?xml version="1.0"?><office:document-content {office} {text}><office:body><office:text><text:p>'
    tail = b"</text:p></office:text></office:body></office:document-content>"
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("mimetype", _ODT_MIMETYPE)  # stored, first: what ODF readers sniff
        _stream(out, "content.xml", head.encode(), b"A", inflated, tail)
    return path


def blank_pdf(path: Path, pages: int) -> Path:
    """A PDF of ``pages`` empty pages (what a scanner's blank-page run produces)."""
    pdf = canvas.Canvas(str(path))
    for _ in range(pages):
        pdf.showPage()
    pdf.save()
    return path


def bad_name(folder: Path, stem: bytes, suffix: str) -> bytes:
    """The raw path of a file in ``folder`` whose name holds a byte that is not UTF-8 (0xff)."""
    return os.fsencode(folder) + b"/" + stem + b"\xff" + suffix.encode()
