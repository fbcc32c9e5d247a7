"""Builders for small XLSX, PPTX, ODT and ZIP samples (the tests of the "more formats" extractors).

PPTX and ODT packages are written by hand (python-pptx and odfpy are not dependencies), with
only the parts the extractors read plus the ones a real package always has.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import openpyxl

# ---------------------------------------------------------------- XLSX


def make_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A workbook with one sheet per entry (rows of cell values, ``None`` for an empty cell)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


# ---------------------------------------------------------------- PPTX

_NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL_SLIDE = f"{_NS_R}/slide"
_REL_NOTES = f"{_NS_R}/notesSlide"


@dataclass
class Slide:
    """One slide: text boxes (paragraph lists), an optional table, notes, a slide number field."""

    boxes: list[list[str]] = field(default_factory=list)
    table: list[list[str]] | None = None
    notes: str = ""
    slide_number: bool = True
    grouped: list[str] = field(default_factory=list)  # paragraphs of a box inside a group shape


def _paragraph(text: str) -> str:
    runs = "<a:br/>".join(f"<a:r><a:t>{escape(part)}</a:t></a:r>" for part in text.split("\n"))
    return f"<a:p>{runs}</a:p>"


def _shape(paragraphs: list[str], placeholder: str = "") -> str:
    ph = f'<p:nvPr><p:ph type="{placeholder}"/></p:nvPr>' if placeholder else "<p:nvPr/>"
    body = "".join(_paragraph(p) for p in paragraphs)
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="2" name="Box"/><p:cNvSpPr/>{ph}</p:nvSpPr><p:spPr/>'
            f"<p:txBody><a:bodyPr/>{body}</p:txBody></p:sp>")


def _table(rows: list[list[str]]) -> str:
    cell = "<a:tc><a:txBody><a:bodyPr/>{}</a:txBody></a:tc>"
    body = "".join("<a:tr>" + "".join(cell.format(_paragraph(c)) for c in row) + "</a:tr>" for row in rows)
    return ('<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="3" name="Table"/><p:cNvGraphicFramePr/>'
            '<p:nvPr/></p:nvGraphicFramePr><p:xfrm/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/'
            f'drawingml/2006/table"><a:tbl>{body}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>')


def _sld(root: str, shapes: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:{root} xmlns:a="{_NS_A}" '
            f'xmlns:p="{_NS_P}" xmlns:r="{_NS_R}"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/>'
            f"<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{shapes}</p:spTree></p:cSld></p:{root}>")


def _rels(rels: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in rels)
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_NS_REL}">{body}</Relationships>'


def _slide_xml(slide: Slide, number: int) -> str:
    shapes = "".join(_shape(box) for box in slide.boxes)
    if slide.grouped:
        shapes += ('<p:grpSp><p:nvGrpSpPr><p:cNvPr id="9" name="Group"/><p:cNvGrpSpPr/><p:nvPr/>'
                   f"</p:nvGrpSpPr><p:grpSpPr/>{_shape(slide.grouped)}</p:grpSp>")
    if slide.table:
        shapes += _table(slide.table)
    if slide.slide_number:
        shapes += _shape([str(number)], placeholder="sldNum")
    return _sld("sld", shapes)


def make_pptx(path: Path, slides: list[Slide], part_order: list[int] | None = None) -> Path:
    """A presentation; slide i (0-based) is stored as part ``slide{part_order[i]}.xml``.

    ``part_order`` lets a test store slides under part names that do not follow the
    presentation order (as after reordering slides in PowerPoint).
    """
    order = part_order or list(range(1, len(slides) + 1))
    files: dict[str, str] = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                               'package/2006/content-types"/>',
        "_rels/.rels": _rels([("rId1", f"{_NS_R}/officeDocument", "ppt/presentation.xml")]),
    }
    ids, pres_rels = [], []
    for index, (slide, part) in enumerate(zip(slides, order, strict=True), start=1):
        ids.append(f'<p:sldId id="{255 + index}" r:id="rId{index + 10}"/>')
        pres_rels.append((f"rId{index + 10}", _REL_SLIDE, f"slides/slide{part}.xml"))
        files[f"ppt/slides/slide{part}.xml"] = _slide_xml(slide, index)
        if slide.notes:
            files[f"ppt/slides/_rels/slide{part}.xml.rels"] = _rels(
                [("rId2", _REL_NOTES, f"../notesSlides/notesSlide{part}.xml")])
            notes = (_shape([], "sldImg") + _shape(slide.notes.split("\n"), "body")
                     + _shape([str(index)], "sldNum"))
            files[f"ppt/notesSlides/notesSlide{part}.xml"] = _sld("notes", notes)
    files["ppt/presentation.xml"] = (f'<?xml version="1.0"?><p:presentation xmlns:p="{_NS_P}" '
                                     f'xmlns:r="{_NS_R}"><p:sldIdLst>{"".join(ids)}</p:sldIdLst>'
                                     "</p:presentation>")
    files["ppt/_rels/presentation.xml.rels"] = _rels(pres_rels)
    return make_zip(path, files)


# ---------------------------------------------------------------- ODT

_ODT_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
_XMLNS = " ".join(f'xmlns:{k}="{v}"' for k, v in _ODT_NS.items())
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
# Automatic styles: PBreak breaks before, PAfter (via its parent style) after; TBreak a table;
# PSection starts a new page style (a Word "next page" section break, as LibreOffice saves it).
ODT_AUTO_STYLES = (
    '<style:style style:name="PSection" style:family="paragraph" style:master-page-name="Converted1"/>'
    '<style:style style:name="PBreak" style:family="paragraph" style:parent-style-name="Standard">'
    '<style:paragraph-properties fo:break-before="page"/></style:style>'
    '<style:style style:name="PAfter" style:family="paragraph" style:parent-style-name="EndsPage"/>'
    '<style:style style:name="TBreak" style:family="table"><style:table-properties fo:break-before="page"/>'
    "</style:style>"
)
ODT_COMMON_STYLES = (
    '<style:style style:name="Standard" style:family="paragraph"/>'
    '<style:style style:name="EndsPage" style:family="paragraph"><style:paragraph-properties '
    'fo:break-after="page"/></style:style>'
)


def make_odt(path: Path, body: str, header: str = "", footer: str = "", manifest_extra: str = "",
             content: str | None = None) -> Path:
    """An ODT whose ``office:text`` holds ``body`` (ODF XML using the prefixes above)."""
    content = content if content is not None else (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_XMLNS} office:version="1.3">'
        f"<office:automatic-styles>{ODT_AUTO_STYLES}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    head = f"<style:header><text:p>{escape(header)}</text:p></style:header>" if header else ""
    foot = f"<style:footer><text:p>{escape(footer)}</text:p></style:footer>" if footer else ""
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {_XMLNS}>'
              f"<office:styles>{ODT_COMMON_STYLES}</office:styles><office:master-styles>"
              f'<style:master-page style:name="Standard">{head}{foot}</style:master-page>'
              "</office:master-styles></office:document-styles>")
    manifest = (f'<?xml version="1.0"?><manifest:manifest {_XMLNS}><manifest:file-entry '
                f'manifest:full-path="/" manifest:media-type="{ODT_MIMETYPE}"/><manifest:file-entry '
                f'manifest:full-path="content.xml" manifest:media-type="text/xml">{manifest_extra}'
                "</manifest:file-entry></manifest:manifest>")
    return make_zip(path, {"mimetype": ODT_MIMETYPE, "content.xml": content, "styles.xml": styles,
                           "META-INF/manifest.xml": manifest})


# ---------------------------------------------------------------- ZIP


def make_zip(path: Path, members: dict[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A ZIP holding ``members`` in the given order (``mimetype`` first, stored, as ODF wants)."""
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else compression)
    return path
