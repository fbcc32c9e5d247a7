"""PDF extraction: the PDFium text layer, OCR where a page needs it, pdfplumber tables.

Page text comes from pypdfium2 (~1,000 pages/s). Each page then gets one logged decision,
text layer or OCR (:func:`extractors.quality.needs_ocr`), judged on its text and on whether it
draws images (a page without images has nothing OCR could read). Tables (opt-in, ``ExtractOptions.tables``:
nothing downstream reads PDF tables yet) come from pdfplumber,
which is ~100x slower, so it only looks at pages that draw enough straight line segments: its
default "lines" strategy builds tables from ruling lines, and a page without them cannot have
any. Curved paths (logos, seals) do not count.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from core.errors import CorruptFileError, EmptyFileError, EncryptedError
from core.models import DocumentStatus, ExtractedDocument, Issue, PageText, Severity, SourceFile, TextMethod
from core.settings import ExtractOptions, OcrMode
from extractors.formats.pdf_order import sparse_page_text
from extractors.ocr import bridge as ocr_bridge
from extractors.quality import needs_ocr, text_quality

log = logging.getLogger(__name__)

# A page whose text is mostly invisible (render mode 3) over an image covering at least
# half of it carries an earlier OCR run's text layer; such layers get a stricter noise test.
_OCR_LAYER_MIN_SHARE = 0.5
_FORM_DEPTH = 2  # page objects and those of the form XObjects they draw, as get_objects(max_depth=2)
# Pages drawing at least this many straight segments (in paths without curves) go to
# pdfplumber. Measured on the corpus: none of the 136 pages with 2-15 segments (page borders,
# underlines) had a table, 460 of the 495 pages with 16+ did. A 3x3 grid drawn as single
# lines has 16 segments; a smaller grid is missed, its text is still in the page text.
MIN_SEGMENTS_FOR_TABLES = 16


@dataclass(frozen=True)
class PageLayout:
    """What a page draws, counted from PDFium page objects (cheap)."""

    images: int = 0
    image_cover: float = 0.0  # the largest image's share of the page area
    text_objects: int = 0
    invisible_text: int = 0
    segments: int = 0  # segments of vector paths without curves (table rules, cell boxes)

    @property
    def ocr_layer(self) -> bool:
        """True when the text is an invisible layer over a scan (an earlier OCR run)."""
        return (self.text_objects > 0 and self.invisible_text / self.text_objects >= _OCR_LAYER_MIN_SHARE
                and self.image_cover >= _OCR_LAYER_MIN_SHARE)


def _has_no_pages(path: Path) -> bool:
    """True for a well-formed PDF with an empty page tree (PDFium refuses those to load)."""
    import pdfplumber  # only for PDFs PDFium refused (see extract_tables)

    try:
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages) == 0
    except Exception:  # pdfminer raises many types; any failure means "not an empty PDF"
        return False


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as e:
        # Checked first: for an empty page tree PDFium sets no error code, so err_code is stale.
        if _has_no_pages(path):
            raise EmptyFileError(
                f"'{path.name}' tidak memiliki halaman; ekspor ulang dari dokumen aslinya"
            ) from e
        if e.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedError(
                f"'{path.name}' dilindungi kata sandi; buka dengan kata sandinya, simpan atau cetak "
                "ke PDF tanpa kata sandi, lalu tambahkan kembali"
            ) from e
        raise CorruptFileError(
            f"'{path.name}' bukan PDF yang dapat dibaca ({e}); unduh ulang atau ekspor ulang dari "
            "dokumen aslinya"
        ) from e


def _straight_segments(path: object) -> int:
    """Segment count of a path without curves; 0 for a path with any (a drawing, not a rule)."""
    count = pdfium_c.FPDFPath_CountSegments(path)
    for index in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
        if pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            return 0
    return max(count, 0)


def _layout(page: pdfium.PdfPage, segments: bool) -> PageLayout:
    """Count the page's objects (and inside form XObjects, one level down) by kind.

    Raw PDFium calls rather than ``page.get_objects()``, whose Python object per page object
    (~170 per page on the corpus) cost more than reading the page's text. Invisible text is
    counted only under a large image (what ``ocr_layer`` asks about), straight path
    segments only when ``segments`` (tables are wanted).
    """
    width, height = page.get_size()
    area = max(width * height, 1.0)
    found: dict[int, list] = {pdfium_c.FPDF_PAGEOBJ_TEXT: [], pdfium_c.FPDF_PAGEOBJ_IMAGE: [],
                              pdfium_c.FPDF_PAGEOBJ_PATH: []}
    _collect(page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, found, depth=0)
    texts, images, paths = (found[pdfium_c.FPDF_PAGEOBJ_TEXT], found[pdfium_c.FPDF_PAGEOBJ_IMAGE],
                            found[pdfium_c.FPDF_PAGEOBJ_PATH])
    cover = max((_area(obj) / area for obj in images), default=0.0)
    invisible = 0
    if cover >= _OCR_LAYER_MIN_SHARE:
        invisible = sum(pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
                        for obj in texts)
    count = sum(_straight_segments(obj) for obj in paths) if segments else 0
    return PageLayout(len(images), min(cover, 1.0), len(texts), invisible, count)


def _collect(
    parent: object,
    count_objects: Callable[[object], int],
    get_object: Callable[[object, int], object],
    found: dict[int, list[object]],
    depth: int,
) -> None:
    for index in range(max(count_objects(parent), 0)):
        obj = get_object(parent, index)
        if not obj:
            continue
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind in found:
            found[kind].append(obj)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _FORM_DEPTH - 1:
            _collect(obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, found, depth + 1)


def _area(obj: object) -> float:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return 0.0
    return (right.value - left.value) * (top.value - bottom.value)


def _read_pages(path: Path, segments: bool = False, layout: bool = True
                ) -> tuple[list[str], list[PageLayout], list[Issue]]:
    """Each page's text and, with ``layout``, what it draws (else an empty ``PageLayout``)."""
    pdf = _open(path)
    try:
        if len(pdf) == 0:  # in case a PDFium build loads empty page trees
            raise EmptyFileError(f"'{path.name}' tidak memiliki halaman; ekspor ulang dari dokumen aslinya")
        texts: list[str] = []
        layouts: list[PageLayout] = []
        issues: list[Issue] = []
        for index in range(len(pdf)):
            try:
                page = pdf[index]
                textpage = page.get_textpage()
                cover = sparse_page_text(textpage) if index == 0 else None  # covers only
                texts.append(cover or textpage.get_text_range())
                layouts.append(_layout(page, segments) if layout else PageLayout())
                textpage.close()
                page.close()
            except pdfium.PdfiumError as e:
                texts.append("")
                layouts.append(PageLayout())
                issues.append(Issue(code="page_unreadable", severity=Severity.error, page=index + 1,
                                    message=f"halaman {index + 1} tidak dapat dibaca ({e}); periksa "
                                            "berkasnya di penampil PDF lalu ekspor ulang"))
        return texts, layouts, issues
    finally:
        pdf.close()


def extract_tables(path: Path, pages: list[int]) -> tuple[dict[int, list[list[list[str]]]], list[Issue]]:
    """``extractors.formats.pdf_tables.extract_tables``, imported on first use: pdfplumber (and
    pdfminer) is ~0.05 CPU-s of imports that a run without tables never needs, and the workers'
    fork server imports this module before any worker can start."""
    from extractors.formats.pdf_tables import extract_tables as read_tables

    return read_tables(path, pages)


def _decide(texts: list[str], layouts: list[PageLayout], options: ExtractOptions) -> dict[int, str]:
    """Page number -> reason, for the pages that need OCR (each decision is logged)."""
    wanted: dict[int, str] = {}
    for number, (text, layout) in enumerate(zip(texts, layouts, strict=True), start=1):
        ocr, reason = needs_ocr(text, options.ocr, has_images=layout.images > 0, ocr_layer=layout.ocr_layer)
        log.log(logging.INFO if ocr else logging.DEBUG, "page %d: %s (%s)", number,
                "OCR" if ocr else "text layer", reason)
        if ocr:
            wanted[number] = reason
    return wanted


def _use_ocr_text(layer_text: str, ocr_text: str, reason: str) -> bool:
    if not ocr_text.strip():
        return False
    if reason.startswith("too little text"):
        return text_quality(ocr_text).chars > text_quality(layer_text).chars
    return True


def _apply_ocr(path: Path, pages: list[PageText], wanted: dict[int, str], options: ExtractOptions
               ) -> list[Issue]:
    results, issues = ocr_bridge.ocr_pdf_pages(path, sorted(wanted), options)
    for number, reason in sorted(wanted.items()):
        page = pages[number - 1]
        result = results.get(number)
        if result is None or result.error:
            if result is not None:
                issues.append(Issue(code="ocr_failed", page=number, severity=Severity.warning,
                                    message=f"OCR gagal pada halaman {number}: {result.error}"))
            if not page.text.strip():
                pages[number - 1] = page.model_copy(update={"method": TextMethod.none})
            continue
        if _use_ocr_text(page.text, result.text, reason):
            pages[number - 1] = page.model_copy(
                update={"text": result.text, "method": TextMethod.ocr, "ocr_confidence": result.confidence}
            )
    return issues


def extract(source: SourceFile, options: ExtractOptions) -> ExtractedDocument:
    """Extract a PDF: one PageText per page (raw text; cleanup happens in the API)."""
    path = Path(source.path)
    # What a page draws decides OCR and where tables are looked for: without either, not counted.
    wants_layout = options.ocr != OcrMode.never or options.tables
    texts, layouts, issues = _read_pages(path, segments=options.tables, layout=wants_layout)
    pages = [PageText(number=n, text=t, method=TextMethod.text_layer) for n, t in enumerate(texts, start=1)]
    wanted = _decide(texts, layouts, options)
    if wanted:
        issues += _apply_ocr(path, pages, wanted, options)
    if options.tables:
        table_pages = [n for n, lay in enumerate(layouts, start=1) if lay.segments >= MIN_SEGMENTS_FOR_TABLES]
        tables, table_issues = extract_tables(path, table_pages)
        issues += table_issues
        pages = [p.model_copy(update={"tables": tables.get(p.number, [])}) for p in pages]
    status = DocumentStatus.partial_success if issues else DocumentStatus.success
    return ExtractedDocument(source=source, pages=pages, issues=issues, status=status)
