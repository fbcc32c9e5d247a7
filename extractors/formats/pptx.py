"""PPTX extraction: one page per slide, in presentation order, speaker notes included.

Read straight from the OOXML package with lxml (python-pptx is not a dependency). Slide order
comes from ``p:sldIdLst`` in ``ppt/presentation.xml`` and its relationships, not from part
names. A slide's text is its DrawingML paragraphs (``a:p``, runs ``a:t``, breaks ``a:br``) in
shape-tree order, which is the order PowerPoint reads them out; tables become one line per
row, cells joined by `` | ``, and are also kept in ``PageText.tables``. The slide's notes
follow its text on the same page. Slide-number and date placeholders are left out: they
carry no evidence and would only repeat on every page.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

from core.models import DocumentStatus, ExtractedDocument, Issue, PageText, Severity, SourceFile, TextMethod
from core.settings import ExtractOptions
from extractors.formats.zipparts import open_package, read_part

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_NOTES_REL = "/notesSlide"
_SKIPPED_PLACEHOLDERS = frozenset({"sldNum", "dt", "sldImg"})
_LABEL = "presentasi PowerPoint"
_ADVICE = "buka di PowerPoint atau LibreOffice lalu simpan ulang, atau ekspor slide-nya ke PDF"
Table = list[list[str]]


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _relationships(archive: zipfile.ZipFile, part: str, path: Path) -> list[tuple[str, str, str]]:
    """(id, type, target part) of ``part``'s relationships; internal targets only."""
    root = read_part(archive, _rels_name(part), path, _LABEL, _ADVICE)
    if root is None:
        return []
    folder = posixpath.dirname(part)
    rels = []
    for rel in root.iter(_REL):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        rels.append((rel.get("Id", ""), rel.get("Type", ""), posixpath.normpath(resolved)))
    return rels


def _slide_order(archive: zipfile.ZipFile, path: Path) -> list[str]:
    """Slide part names in presentation order (part-name order if the list is missing)."""
    presentation = read_part(archive, "ppt/presentation.xml", path, _LABEL, _ADVICE)
    targets = {rid: target for rid, _, target in _relationships(archive, "ppt/presentation.xml", path)}
    ids = presentation.find(f"{_P}sldIdLst") if presentation is not None else None
    if ids is not None:
        return [targets[i] for i in (s.get(f"{_R}id") for s in ids.iter(f"{_P}sldId")) if i in targets]
    numbered = (n for n in archive.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))
    return sorted(numbered, key=lambda n: int(re.sub(r"\D", "", n)))


def _paragraph_text(paragraph: etree._Element) -> str:
    pieces = []
    for node in paragraph.iter(f"{_A}t", f"{_A}br"):
        pieces.append("\n" if node.tag == f"{_A}br" else node.text or "")
    return "".join(pieces)


def _cell_text(cell: etree._Element) -> str:
    return "\n".join(t for t in (_paragraph_text(p) for p in cell.iter(f"{_A}p")) if t.strip())


def _table(tbl: etree._Element) -> Table:
    return [[_cell_text(tc) for tc in tr.iterchildren(f"{_A}tc")] for tr in tbl.iterchildren(f"{_A}tr")]


def _placeholder_type(shape: etree._Element) -> str | None:
    ph = shape.find(f"./*/{_P}nvPr/{_P}ph")
    return ph.get("type", "body") if ph is not None else None


def _walk(element: etree._Element, lines: list[str], tables: list[Table]) -> None:
    for child in element:
        tag = child.tag
        if tag == _MC_FALLBACK or _placeholder_type(child) in _SKIPPED_PLACEHOLDERS:
            continue
        if tag == f"{_A}tbl":
            table = _table(child)
            tables.append(table)
            lines.extend(" | ".join(" ".join(cell.split()) for cell in row) for row in table)
        elif tag == f"{_A}p":
            lines.append(_paragraph_text(child))
        else:
            _walk(child, lines, tables)


def _part_text(archive: zipfile.ZipFile, part: str, path: Path) -> tuple[list[str], list[Table]] | None:
    root = read_part(archive, part, path, _LABEL, _ADVICE)
    if root is None:
        return None
    lines: list[str] = []
    tables: list[Table] = []
    tree = root.find(f"{_P}cSld/{_P}spTree")
    _walk(tree if tree is not None else root, lines, tables)
    return lines, tables


def _slide_page(archive: zipfile.ZipFile, part: str, number: int, path: Path,
                issues: list[Issue]) -> PageText:
    slide = _part_text(archive, part, path)
    if slide is None:
        issues.append(Issue(code="page_unreadable", severity=Severity.error, page=number,
                            message=f"slide {number} ({part}) tidak ada di dalam berkas; {_ADVICE}"))
        return PageText(number=number, text="", method=TextMethod.none)
    lines, tables = slide
    notes = [t for _, kind, t in _relationships(archive, part, path) if kind.endswith(_NOTES_REL)]
    for notes_part in notes[:1]:
        lines.extend((_part_text(archive, notes_part, path) or ([], []))[0])
    text = "\n".join(line for line in lines if line.strip())
    return PageText(number=number, text=text, method=TextMethod.pptx, tables=tables)


def extract(source: SourceFile, options: ExtractOptions) -> ExtractedDocument:
    """Extract a presentation: one page per slide, notes after the slide's text."""
    path = Path(source.path)
    issues: list[Issue] = []
    with open_package(path, _LABEL, _ADVICE) as archive:
        slides = _slide_order(archive, path)
        pages = [_slide_page(archive, part, n, path, issues) for n, part in enumerate(slides, start=1)]
    if not pages:
        issues.append(Issue(code="no_text", page=1, severity=Severity.warning,
                            message="presentasi ini tidak memiliki slide; pastikan berkasnya benar"))
        pages = [PageText(number=1, text="", method=TextMethod.none)]
    status = DocumentStatus.partial_success if issues else DocumentStatus.success
    return ExtractedDocument(source=source, pages=pages, issues=issues, status=status)
