"""Hostile XML and damaged PDFs: external entities are never read, a broken xref never crashes.

PPTX has its own XXE test (test_pptx_extract); these cover the other XML-based formats.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from extract_samples import make_regulation_docx, make_regulation_pdf
from office_samples import make_odt, make_xlsx, make_zip

from core.models import DocumentStatus
from extractors.api import extract_document

SECRET = "JANGAN TERBACA"


def _xlsx(path: Path) -> Path:
    return make_xlsx(path, {"Lembar": [["Indikator", "Bukti"], ["Arsitektur", "Perwali"]]})


def _odt(path: Path) -> Path:
    return make_odt(path, "<text:p>Arsitektur SPBE ditetapkan</text:p>")


# (builder, XML part, root element, pattern of the first text element's opening tag)
FORMATS = {
    "docx": (make_regulation_docx, "word/document.xml", "w:document", r"<w:t(?: [^>]*)?>"),
    "xlsx": (_xlsx, "xl/worksheets/sheet1.xml", "worksheet", r"<is><t>"),
    "odt": (_odt, "content.xml", "office:document-content", r"<text:p(?: [^>]*)?>"),
}


def _with_entity(path: Path, part: str, root: str, text_tag: str, secret: Path) -> Path:
    """The file with an external entity declared in ``part`` and used in its first text element."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts[part].decode("utf-8")
    xml = re.sub(r"^<\?xml[^>]*\?>\s*", "", xml)
    doctype = f'<!DOCTYPE {root} [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
    xml = re.sub(text_tag, lambda m: m.group(0) + "&x; ", xml, count=1)
    assert "&x;" in xml
    parts[part] = ('<?xml version="1.0" encoding="UTF-8"?>' + doctype + xml).encode("utf-8")
    return make_zip(path, parts)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_external_entities_are_never_read(tmp_path: Path, fmt: str) -> None:
    build, part, root, text_tag = FORMATS[fmt]
    secret = tmp_path / "rahasia.txt"
    secret.write_text(SECRET)
    path = _with_entity(build(tmp_path / f"xxe.{fmt}"), part, root, text_tag, secret)
    doc = extract_document(path)  # batch mode: never raises
    assert all(SECRET not in page.text for page in doc.pages)
    assert SECRET not in doc.model_dump_json()


def _break_xref(path: Path) -> Path:
    """Every xref offset shifted and startxref pointing nowhere: readers must rebuild the table."""
    data = path.read_bytes()
    data = re.sub(rb"(\d{10}) (\d{5}) n", lambda m: b"%010d %s n" % (int(m.group(1)) + 7, m.group(2)), data)
    data = re.sub(rb"startxref\s+\d+", b"startxref\n999999", data)
    path.write_bytes(data)
    return path


def _drop_xref(path: Path) -> Path:
    """No xref table and no trailer at all (a truncated upload that kept the objects)."""
    data = path.read_bytes()
    path.write_bytes(data[: data.rindex(b"xref")])
    return path


@pytest.mark.parametrize("damage", [_break_xref, _drop_xref])
def test_pdf_with_a_broken_xref_is_read_or_failed_cleanly(
    tmp_path: Path, damage: Callable[[Path], Path]
) -> None:
    intact = extract_document(make_regulation_pdf(tmp_path / "utuh.pdf"))
    doc = extract_document(damage(make_regulation_pdf(tmp_path / "rusak.pdf")))
    if doc.status is DocumentStatus.failure:
        assert doc.issues and doc.pages == []  # refused with a reason, never a silent blank
    else:
        assert [p.text for p in doc.pages] == [p.text for p in intact.pages]  # PDFium rebuilt the xref
