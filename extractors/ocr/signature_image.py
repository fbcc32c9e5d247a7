"""Targeted OCR of a signature block drawn as an image on a text-layer PDF page.

Born-digital government PDFs often carry the signature block as a picture: the BSrE
electronic-signature box ("Ditandatangani secara elektronik oleh : / NAMA / jabatan / NIP")
or a scan of the signed block, pasted under a dateline that is real text. Identity detection
then finds the dateline but no signer. :func:`ocr_missing_signatures` finds those pages, OCRs
only the images drawn just below the dateline and appends what it read to the page's text
(it is content of the page), recorded in ``PageText.ocr_regions``; the page keeps its method.

Cost stays bounded: it runs only when a dated block has no signer, on text-layer pages, for at
most ``MAX_REGIONS`` areas a document, one Tesseract pass each on a small crop (0.3-0.9 s,
cached by pixels in the OCR page cache). Without OCR (``ocr=never``, no Tesseract, no
``extractors.ocr.reader``) it does nothing. PDFium is not thread-safe: like the extractors, this
opens its own document and runs inside ``extract_document``, which the pipeline serialises.
"""

from __future__ import annotations

import importlib
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from core.errors import MissingDependencyError
from core.models import Issue, OcrRegion, PageText, Severity, TextMethod
from core.settings import ExtractOptions, OcrMode
from extractors.identity.signature import find_dateline, find_enactment
from extractors.identity.text import document_lines
from extractors.ocr.cache import OcrCache
from extractors.ocr.engine import OcrJob, Recognition, run_job
from extractors.ocr.tesseract import split_languages
from extractors.text import normalize_text

log = logging.getLogger(__name__)

Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points (y up)

# At most this many areas are read per document (a regulation's "Ditetapkan" block and a
# letter's dateline are the two places identity looks for a signer).
MAX_REGIONS = 2
# Crops are rendered at 300 dpi: on the corpus e-signature boxes (120-220 ppi images) 200, 300
# and 400 dpi all read the name and NIP; 300 read the header best on the sharper box.
REGION_DPI = 300
# An image may start this far above the dateline's top (a scanned block including the dateline).
ABOVE_PT = 36.0
# How far below the dateline a signature block reaches (office, stamp, signature, name, NIP:
# about 6 cm; 250 pt is 8.8 cm).
DEPTH_PT = 250.0
# Image areas narrower or lower than this are bullets, specks or rules, not a signature block.
MIN_WIDTH_PT, MIN_HEIGHT_PT = 40.0, 18.0
# Readings with a lower mean word confidence are dropped (a QR code or a seal read as letters
# scores far below; the corpus e-signature boxes read at 93-95).
MIN_CONFIDENCE = 60.0
REGION_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class UnsignedBlock:
    """A dated block (dateline or "pada tanggal" line) with no signer under it in the text."""

    page: int
    anchor: str  # the dated line's text, searched for on the page to place the block


@dataclass
class SignatureOcr:
    """Pages after the fallback, issues it raised, and the pages whose text it extended."""

    pages: list[PageText]
    issues: list[Issue]
    read: list[int]
    seconds: float = 0.0


@dataclass(frozen=True)
class Engine:
    cache: OcrCache
    languages: str
    version: str  # Tesseract's, for caches of other kinds of reading


def unsigned_blocks(pages: list[PageText]) -> list[UnsignedBlock]:
    """Dated blocks on text-layer pages whose signer is missing (at most ``MAX_REGIONS``)."""
    lines = document_lines(pages)
    methods = {p.number: p.method for p in pages}
    blocks: list[UnsignedBlock] = []
    for signature in (find_enactment(lines), find_dateline(lines)):
        if signature is None or signature.signer is not None or signature.date_line is None:
            continue
        line = signature.date_line
        if methods.get(line.page) is TextMethod.text_layer and all(b.page != line.page for b in blocks):
            blocks.append(UnsignedBlock(line.page, line.text))
    return blocks[:MAX_REGIONS]


def ocr_missing_signatures(path: Path, pages: list[PageText], options: ExtractOptions) -> SignatureOcr:
    """OCR the images under dated blocks that lack a signer; append the text to their pages."""
    started = time.perf_counter()
    blocks = unsigned_blocks(pages)
    engine = engine_for(options) if blocks else None
    if engine is None:
        return SignatureOcr(pages, [], [])
    out, issues, read = list(pages), [], []
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as e:
        log.warning("signature OCR: %s cannot be opened (%s)", path.name, e)
        return SignatureOcr(pages, [], [])
    try:
        for block in blocks:
            found = _read_block(pdf, block, engine)
            if isinstance(found, str):
                issues.append(_failed(block.page, found))
            elif found is not None:
                out[block.page - 1] = _append(out[block.page - 1], *found)
                read.append(block.page)
    finally:
        pdf.close()
    seconds = time.perf_counter() - started
    log.info("signature OCR %s: pages %s read, %.2f s", path.name, read or "none", seconds)
    return SignatureOcr(out, issues, read, seconds)


def engine_for(options: ExtractOptions) -> Engine | None:
    """The OCR cache and languages, or None when OCR is off or cannot run."""
    if options.ocr is OcrMode.never:
        return None
    try:
        # Through extractors.ocr.reader like every OCR caller: when it is missing (or replaced by a
        # module without these functions) OCR counts as unavailable.
        ocr = importlib.import_module("extractors.ocr.reader")
        info = ocr.check_tesseract(options.ocr_languages)
        root = options.ocr_cache_dir or ocr.default_cache_dir()
    except (ImportError, AttributeError, MissingDependencyError) as e:
        log.info("signature OCR skipped: %s", e)
        return None
    languages = "+".join(split_languages(options.ocr_languages))
    cache = OcrCache(root, languages=languages, tesseract_version=info.version)
    return Engine(cache, languages, info.version)


def _read_block(
    pdf: pdfium.PdfDocument, block: UnsignedBlock, engine: Engine
) -> tuple[str, Box, float | None] | str | None:
    """(text, area, confidence) read under the block; an error message; None if nothing."""
    try:
        page = pdf[block.page - 1]
    except (pdfium.PdfiumError, IndexError) as e:
        return f"halaman {block.page} tidak dapat dibuka ({e})"
    try:
        box = _signature_area(page, block.anchor)
        if box is None:
            return None
        image = _render(page, box)
    except (pdfium.PdfiumError, OSError, ValueError) as e:
        return f"area di bawah baris tanggal tidak dapat dirender ({e})"
    finally:
        page.close()
    result = _recognise(image, engine)
    if result.error:
        return result.error
    anchor = "".join(block.anchor.split()).casefold()
    lines = normalize_text(result.text).splitlines()
    # the dateline itself, when the image includes it, is already in the text layer
    text = "\n".join(ln for ln in lines if "".join(ln.split()).casefold() != anchor).strip()
    if (result.confidence or 0.0) < MIN_CONFIDENCE or not re.search(r"[A-Za-z]{3}", text):
        log.info("signature OCR page %d: reading dropped (confidence %s)", block.page, result.confidence)
        return None
    return text, box, result.confidence


def _signature_area(page: pdfium.PdfPage, anchor: str) -> Box | None:
    """The images under the anchor line, cut to the band where a signature block lies.

    Rotated pages are skipped: "under the dateline" is not "lower on the page" there.
    """
    if page.get_rotation() % 360:
        log.info("signature OCR: page rotated by %s degrees, skipped", page.get_rotation())
        return None
    textpage = page.get_textpage()
    try:
        span = _anchor_span(textpage, anchor)
    finally:
        textpage.close()
    if span is None:
        log.info("signature OCR: dated line %r not found on the page", anchor)
        return None
    below, top = span[0] - DEPTH_PT, span[1] + ABOVE_PT
    areas = []
    for left, bottom, right, upper in _image_boxes(page):
        low, high = max(bottom, below), min(upper, top)
        if low < span[0] and high - low >= MIN_HEIGHT_PT and right - left >= MIN_WIDTH_PT:
            areas.append((left, low, right, high))
    if not areas:
        return None
    page_left, page_bottom, page_right, page_top = page.get_cropbox()
    box = (
        max(page_left, min(a[0] for a in areas)),
        max(page_bottom, min(a[1] for a in areas)),
        min(page_right, max(a[2] for a in areas)),
        min(page_top, max(a[3] for a in areas)),
    )
    return (round(box[0], 1), round(box[1], 1), round(box[2], 1), round(box[3], 1))


def _anchor_span(textpage: pdfium.PdfTextPage, anchor: str) -> tuple[float, float] | None:
    """(bottom, top) of the anchor line on the page; the date alone when the line is not found."""
    date = re.search(r"\d{1,2}\s+\S+\s+\d{4}", anchor)
    for needle in dict.fromkeys([anchor, date.group(0) if date else anchor]):
        searcher = textpage.search(needle)
        match = searcher.get_next()
        searcher.close()
        if match:
            boxes = [textpage.get_charbox(i) for i in range(match[0], match[0] + match[1])]
            return min(b[1] for b in boxes), max(b[3] for b in boxes)
    return None


def _image_boxes(page: pdfium.PdfPage) -> list[Box]:
    """Bounds of the images drawn on the page, and of form XObjects that draw images.

    Only top-level objects: bounds of objects inside a form are in the form's own space.
    """
    boxes = []
    kinds = [pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM]
    for obj in page.get_objects(filter=kinds, max_depth=1):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM and not any(
            page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], form=obj, level=1)
        ):
            continue
        boxes.append(tuple(obj.get_bounds()))
    return boxes


def _render(page: pdfium.PdfPage, box: Box) -> Image.Image:
    """The box (page space) rendered; crop margins are measured from the crop box, not from (0, 0)."""
    page_left, page_bottom, page_right, page_top = page.get_cropbox()
    left, bottom, right, top = box
    crop = (left - page_left, bottom - page_bottom, page_right - right, page_top - top)
    bitmap = page.render(scale=REGION_DPI / 72, grayscale=True, crop=crop)
    # copy(): the PIL image would otherwise share pdfium's buffer, freed with the bitmap.
    image = bitmap.to_pil().convert("L").copy()
    bitmap.close()
    return image


def _recognise(image: Image.Image, engine: Engine) -> Recognition:
    """One Tesseract reading of the crop, from the page cache when it was read before.

    In this process, not the OCR worker pool: a crop takes well under a second and starting
    workers for it would cost more.
    """
    key = engine.cache.key(image)
    if (hit := engine.cache.get(key)) is not None:
        return hit
    job = OcrJob.from_image(
        image, languages=engine.languages, dpi=REGION_DPI, osd=False, timeout=REGION_TIMEOUT_S
    )
    result = run_job(job)
    engine.cache.put(key, result)
    return result


def _append(page: PageText, text: str, box: Box, confidence: float | None) -> PageText:
    base = page.text.rstrip("\n")
    start = len(base) + 2
    region = OcrRegion(start=start, end=start + len(text), box=box, confidence=confidence, reason="signature")
    return page.model_copy(update={"text": f"{base}\n\n{text}", "ocr_regions": [*page.ocr_regions, region]})


def _failed(page: int, error: str) -> Issue:
    return Issue(
        code="ocr_failed",
        page=page,
        severity=Severity.warning,
        message=f"OCR gambar tanda tangan di bawah baris tanggal pada halaman {page} gagal: {error}; "
        "penanda tangan tidak terbaca, periksa dengan mata",
    )


__all__ = ["SignatureOcr", "UnsignedBlock", "ocr_missing_signatures", "unsigned_blocks"]
