"""DOCX extraction: body paragraphs and tables in order, headers/footers, page splits.

A DOCX has no reliable pages: Word lays pages out when it renders. Here a *page* is the page
as split by explicit breaks — manual page breaks (``w:br w:type="page"``), "page break before"
paragraphs and section breaks that start a new page — and 1 when there are none. Word's
``lastRenderedPageBreak`` hints are ignored (stale after edits, absent from generated files).
A break on a page that has no text yet is ignored, so consecutive breaks do not make blank
pages. Headers and footers of the first section are read once (deduplicated) and placed at
the top and bottom of page 1. Tables become one line per row, cells joined by `` | ``, and
are also kept cell by cell in ``PageText.tables``.

The body is walked as XML rather than through ``Document.iter_inner_content()`` so that
content controls (``w:sdt``), text boxes and breaks inside runs are not lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

from core.errors import CorruptFileError
from core.models import DocumentStatus, ExtractedDocument, PageText, SourceFile, TextMethod
from core.settings import ExtractOptions
from extractors.formats.pages import PageBuilder, Table

_PAGE_BREAK = object()  # sentinel in a paragraph's piece stream
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIPPED = frozenset({qn("w:pPr"), qn("w:rPr"), qn("w:del"), qn("w:instrText"), _MC_FALLBACK})


def _pieces(element: etree._Element) -> Iterator[str | object]:
    """Text pieces and page-break sentinels of a paragraph, in document order."""
    for child in element:
        tag = child.tag
        if tag in _SKIPPED:
            continue
        if tag == qn("w:t"):
            yield child.text or ""
        elif tag == qn("w:tab"):
            yield "\t"
        elif tag == qn("w:br"):
            yield _PAGE_BREAK if child.get(qn("w:type")) == "page" else "\n"
        elif tag in (qn("w:cr"), qn("w:p")):  # w:p here: a paragraph inside a text box
            yield "\n"
            yield from _pieces(child)
        else:
            yield from _pieces(child)


def _paragraph_text(paragraph: etree._Element) -> str:
    return "".join(p for p in _pieces(paragraph) if isinstance(p, str))


def _block_text(element: etree._Element) -> str:
    """Plain text of a table cell or header: paragraphs and nested tables, one line each."""
    lines: list[str] = []
    for child in element:
        if child.tag == qn("w:p"):
            lines.append(_paragraph_text(child))
        elif child.tag == qn("w:tbl"):
            lines.extend(" | ".join(row) for row in _table(child))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                lines.append(_block_text(content))
    return "\n".join(line for line in lines if line.strip())


def _table(tbl: etree._Element) -> Table:
    return [[_block_text(tc) for tc in tr.iterchildren(qn("w:tc"))] for tr in tbl.iterchildren(qn("w:tr"))]


def _starts_new_page(sect_pr: etree._Element | None) -> bool:
    if sect_pr is None:
        return True
    kind = sect_pr.find(qn("w:type"))
    return kind is None or kind.get(qn("w:val")) != "continuous"


def _section_breaks(body: etree._Element) -> dict[etree._Element, bool]:
    """For each paragraph ending a section: does the next section start on a new page?"""
    path = f"{qn('w:pPr')}/{qn('w:sectPr')}"
    ends = [p for p in body.iter(qn("w:p")) if p.find(path) is not None]
    sections = [p.find(path) for p in ends] + [body.find(qn("w:sectPr"))]
    return {p: _starts_new_page(nxt) for p, nxt in zip(ends, sections[1:], strict=True)}


def _add_paragraph(paragraph: etree._Element, out: PageBuilder, section_break: bool) -> None:
    if paragraph.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None:
        out.break_page()
    line = ""
    for piece in _pieces(paragraph):
        if piece is _PAGE_BREAK:
            out.add_line(line)
            line = ""
            out.break_page()
        else:
            line += str(piece)
    out.add_line(line)
    if section_break:
        out.break_page()


def _walk_body(container: etree._Element, out: PageBuilder, breaks: dict[etree._Element, bool]) -> None:
    for child in container:
        if child.tag == qn("w:p"):
            _add_paragraph(child, out, breaks.get(child, False))
        elif child.tag == qn("w:tbl"):
            out.add_table(_table(child))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                _walk_body(content, out, breaks)


def _header_footer_texts(document: docx.document.Document) -> tuple[list[str], list[str]]:
    """Distinct header and footer texts of the first section (linked ones are not defined)."""
    result: tuple[list[str], list[str]] = ([], [])
    if not document.sections:
        return result
    section = document.sections[0]
    parts = ((section.first_page_header, section.header, section.even_page_header),
             (section.first_page_footer, section.footer, section.even_page_footer))
    for texts, candidates in zip(result, parts, strict=True):
        for part in candidates:
            if part.is_linked_to_previous:
                continue
            text = _block_text(part._element)
            if text.strip() and text not in texts:
                texts.append(text)
    return result


def _open(path: Path) -> docx.document.Document:
    try:
        return docx.Document(str(path))
    # python-docx surfaces a broken package as any of many types (even AttributeError from a
    # malformed [Content_Types].xml); all mean the same to the user, and the cause is chained.
    except Exception as e:
        raise CorruptFileError(
            f"'{path.name}' bukan dokumen Word yang dapat dibaca ({type(e).__name__}: {e}); "
            "buka di Word atau LibreOffice lalu simpan ulang sebagai .docx"
        ) from e


def extract(source: SourceFile, options: ExtractOptions) -> ExtractedDocument:
    """Extract a DOCX into pages split at explicit page and section breaks (see module doc)."""
    document = _open(Path(source.path))
    body = document.element.body
    out = PageBuilder()
    _walk_body(body, out, _section_breaks(body))
    built = out.page_texts()
    headers, footers = _header_footer_texts(document)
    first_text, first_tables = built[0]
    built[0] = ("\n".join([*headers, first_text, *footers]), first_tables)
    pages = [PageText(number=n, text=text, method=TextMethod.docx, tables=tables)
             for n, (text, tables) in enumerate(built, start=1)]
    return ExtractedDocument(source=source, pages=pages, status=DocumentStatus.success)
