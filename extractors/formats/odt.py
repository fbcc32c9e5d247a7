"""ODT extraction: paragraphs, headings, lists and tables of ``content.xml`` in order.

As for DOCX, a *page* is the page as split by explicit breaks: paragraphs, headings and tables
whose style (or a parent style) breaks the page before or after them (``fo:break-before`` /
``fo:break-after="page"``) or starts a new page style (``style:master-page-name``); 1 page
when there are none. LibreOffice's ``text:soft-page-break``
marks are its layout at the last save and are ignored, as Word's rendered breaks are for DOCX.
Header and footer of the first master page are placed at the top and bottom of page 1. Tables
become one line per row, cells joined by `` | ``, and are kept in ``PageText.tables``. Footnote
bodies follow their paragraph; comments and tracked deletions are left out.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from core.errors import CorruptFileError, EncryptedError
from core.models import DocumentStatus, ExtractedDocument, PageText, SourceFile, TextMethod
from core.settings import ExtractOptions
from extractors.formats.pages import PageBuilder, Table
from extractors.formats.zipparts import open_package, read_part

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
_MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"
_LABEL = "dokumen teks OpenDocument"
_ADVICE = "buka di LibreOffice lalu simpan ulang, atau simpan sebagai .docx atau PDF"
# Inline elements whose content is not body text.
_SKIPPED = frozenset({f"{_OFFICE}annotation", f"{_OFFICE}annotation-end", f"{_TEXT}tracked-changes",
                      f"{_TEXT}note-citation", f"{_TEXT}sequence-decls", f"{_TEXT}soft-page-break",
                      f"{_OFFICE}forms", "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}desc",
                      "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}title"})
_BLOCKS = frozenset({f"{_TEXT}p", f"{_TEXT}h"})
_ROW_GROUPS = frozenset({f"{_TABLE}table-header-rows", f"{_TABLE}table-rows", f"{_TABLE}table-row-group"})
_CELLS = frozenset({f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"})
# Repeated cells: Calc-style tables repeat empty cells to column 1024; text is repeated at most this often.
_MAX_REPEAT = 64
Breaks = dict[tuple[str, str], tuple[bool, bool]]  # (family, name) -> (break before, break after)


def _page_breaks(*roots: etree._Element | None) -> Breaks:
    """Which styles break the page, following ``style:parent-style-name`` chains.

    A style naming a master page (``style:master-page-name``, what a Word section break that
    starts a new page becomes) also breaks before; that attribute is not inherited.
    """
    own: dict[tuple[str, str], tuple[bool, bool, str | None]] = {}
    masters: set[tuple[str, str]] = set()
    for root in roots:
        for style in root.iter(f"{_STYLE}style") if root is not None else ():
            before = after = False
            for props in style:
                before |= props.get(f"{_FO}break-before") == "page"
                after |= props.get(f"{_FO}break-after") == "page"
            key = (style.get(f"{_STYLE}family", ""), style.get(f"{_STYLE}name", ""))
            own[key] = (before, after, style.get(f"{_STYLE}parent-style-name"))
            if style.get(f"{_STYLE}master-page-name"):
                masters.add(key)
    resolved: Breaks = {}
    for key in own:
        before, after, parent = own[key]
        before = before or key in masters
        seen = {key}
        while parent and (key[0], parent) in own and (key[0], parent) not in seen:
            seen.add((key[0], parent))
            p_before, p_after, parent = own[(key[0], parent)]
            before, after = before or p_before, after or p_after
        resolved[key] = (before, after)
    return resolved


def _inline(element: etree._Element, notes: list[str]) -> str:
    """Text of a paragraph's content, with tails; footnote bodies go to ``notes``."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == f"{_TEXT}s":
            parts.append(" " * min(int(child.get(f"{_TEXT}c", "1") or 1), _MAX_REPEAT))
        elif tag == f"{_TEXT}tab":
            parts.append("\t")
        elif tag == f"{_TEXT}line-break":
            parts.append("\n")
        elif tag == f"{_TEXT}note":
            body = child.find(f"{_TEXT}note-body")
            if body is not None:
                notes.append(_block_text(body))
        elif tag in _BLOCKS:  # a paragraph inside a frame or text box
            parts.append("\n" + _inline(child, notes))
        elif tag not in _SKIPPED and isinstance(tag, str):
            parts.append(_inline(child, notes))
        parts.append(child.tail or "")
    return "".join(parts)


def _block_text(element: etree._Element) -> str:
    """Plain text of a cell, note or header: one line per paragraph, nested tables as rows."""
    lines: list[str] = []
    for node in element:
        if node.tag in _BLOCKS:
            notes: list[str] = []
            lines.extend([_inline(node, notes), *notes])
        elif node.tag == f"{_TABLE}table":
            lines.extend(" | ".join(row) for row in _table(node))
        elif node.tag not in _SKIPPED and isinstance(node.tag, str):
            lines.append(_block_text(node))
    return "\n".join(line for line in lines if line.strip())


def _rows(element: etree._Element) -> list[etree._Element]:
    rows = []
    for child in element:
        if child.tag == f"{_TABLE}table-row":
            rows.append(child)
        elif child.tag in _ROW_GROUPS:
            rows.extend(_rows(child))
    return rows


def _table(tbl: etree._Element) -> Table:
    table: Table = []
    for row in _rows(tbl):
        cells: list[str] = []
        for cell in row:
            if cell.tag in _CELLS:
                text = _block_text(cell)
                repeat = int(cell.get(f"{_TABLE}number-columns-repeated", "1") or 1)
                cells.extend([text] * (min(repeat, _MAX_REPEAT) if text else min(repeat, 1)))
        while cells and not cells[-1]:
            cells.pop()
        table.append(cells)
    return table


def _walk(container: etree._Element, out: PageBuilder, breaks: Breaks) -> None:
    for child in container:
        tag = child.tag
        if tag in _BLOCKS or tag == f"{_TABLE}table":
            family, attr = ("table", f"{_TABLE}style-name") if tag == f"{_TABLE}table" else \
                ("paragraph", f"{_TEXT}style-name")
            before, after = breaks.get((family, child.get(attr, "")), (False, False))
            if before:
                out.break_page()
            if tag == f"{_TABLE}table":
                out.add_table(_table(child))
            else:
                notes: list[str] = []
                out.add_line(_inline(child, notes))
                for note in notes:
                    out.add_line(note)
            if after:
                out.break_page()
        elif tag not in _SKIPPED and isinstance(tag, str):
            _walk(child, out, breaks)  # lists, list items, sections, index bodies


def _headers_footers(styles: etree._Element | None) -> tuple[list[str], list[str]]:
    """Header and footer texts of the first master page."""
    master = styles.find(f".//{_STYLE}master-page") if styles is not None else None
    if master is None:
        return [], []
    found: tuple[list[str], list[str]] = ([], [])
    for texts, kind in zip(found, ("header", "footer"), strict=True):
        for part in (master.find(f"{_STYLE}{kind}-first"), master.find(f"{_STYLE}{kind}")):
            text = _block_text(part) if part is not None else ""
            if text.strip() and text not in texts:
                texts.append(text)
    return found


def _check_not_encrypted(archive: zipfile.ZipFile, path: Path) -> None:
    manifest = read_part(archive, "META-INF/manifest.xml", path, _LABEL, _ADVICE)
    if manifest is not None and manifest.find(f".//{_MANIFEST}encryption-data") is not None:
        raise EncryptedError(f"'{path.name}' dilindungi kata sandi; buka di LibreOffice dengan kata "
                             "sandinya, simpan tanpa kata sandi (File > Properties > Security), lalu "
                             "tambahkan kembali")


def extract(source: SourceFile, options: ExtractOptions) -> ExtractedDocument:
    """Extract an ODT into pages split at explicit page breaks (see module doc)."""
    path = Path(source.path)
    with open_package(path, _LABEL, _ADVICE) as archive:
        _check_not_encrypted(archive, path)
        content = read_part(archive, "content.xml", path, _LABEL, _ADVICE)
        styles = read_part(archive, "styles.xml", path, _LABEL, _ADVICE)
    text_root = content.find(f"{_OFFICE}body/{_OFFICE}text") if content is not None else None
    if text_root is None:
        raise CorruptFileError(f"'{path.name}' bukan {_LABEL} yang dapat dibaca: isi teksnya tidak ada "
                               f"(content.xml hilang atau bukan dokumen teks); {_ADVICE}")
    out = PageBuilder()
    _walk(text_root, out, _page_breaks(content, styles))
    built = out.page_texts()
    headers, footers = _headers_footers(styles)
    first_text, first_tables = built[0]
    built[0] = ("\n".join([*headers, first_text, *footers]), first_tables)
    pages = [PageText(number=n, text=text, method=TextMethod.odt, tables=tables)
             for n, (text, tables) in enumerate(built, start=1)]
    return ExtractedDocument(source=source, pages=pages, status=DocumentStatus.success)
