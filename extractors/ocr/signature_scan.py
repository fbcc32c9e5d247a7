"""Second reading of a scanned page's signature block, when the page reading lost it.

On a scan the signature block sits in the right half of the page under a round stamp and a
handwritten signature. Tesseract's automatic layout analysis (psm 3) often takes that whole area
for a picture and returns nothing of it - no "Ditetapkan di", no date, no name - so a signed
decree reads as unsigned, or as a draft. :func:`read_scanned_signatures` reads the right half of
the last scanned pages again as one block of text (psm 6, which does no picture detection) and
appends to the page only the signature block found in that reading ("Ditetapkan di ..." or a
dateline, and the lines under it), recorded in ``PageText.ocr_regions``.

It runs for documents with OCR pages whose identity has no signer (at most ``MAX_PAGES`` pages)
or whose signer was read on an OCR page (that page only), one Tesseract pass each (0.3-1 s,
cached by pixels).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pypdfium2 as pdfium

from core.models import MetaField, OcrRegion, PageText, TextMethod
from core.settings import ExtractOptions
from extractors.identity.signature import find_dateline, find_enactment
from extractors.identity.text import Line, document_lines
from extractors.ocr.cache import OcrCache
from extractors.ocr.engine import Recognition, read_page
from extractors.ocr.signature_image import MIN_CONFIDENCE, REGION_DPI, REGION_TIMEOUT_S, Box, engine_for
from extractors.text import normalize_text

log = logging.getLogger(__name__)

# Signature blocks are set from about the middle of the page to the right margin; the crop starts
# a little left of the middle so a stamp over the block's left edge is read with it.
BLOCK_LEFT = 0.42
# Pages read again: the signature closes the body, so the last scanned pages (and the page of a
# dated block read without its signer).
MAX_PAGES = 2
# One uniform block of text: no picture detection, so text under a stamp is read.
BLOCK_CONFIG = "--psm 6 -c thresholding_method=2"
# Lines kept from the dated line on: place, date, office (two lines), stamp specks, name, rank, NIP.
BLOCK_LINES = 12


def pages_to_reread(pages: list[PageText], signed_page: int | None = None) -> list[int]:
    """OCR pages whose signature block may have been lost or damaged (at most ``MAX_PAGES``)."""
    scanned = [p.number for p in pages if p.method is TextMethod.ocr and p.text.strip()]
    if not scanned:
        return []
    if signed_page in scanned:
        # The signer was read: only its own block can give a better reading of that name (the
        # start lost under the stamp); reading the last pages too cost ~0.7 CPU-s a document for
        # nothing on the corpus scans (docs/benchmarks.md, "Scans: the longest document first").
        return [signed_page]
    lines = document_lines(pages)
    chosen: list[int] = []
    for signature in (find_enactment(lines), find_dateline(lines)):
        if signature is not None and signature.signer is None and signature.date_line is not None:
            if signature.date_line.page in scanned:
                chosen.append(signature.date_line.page)
    chosen += list(reversed(scanned))
    return list(dict.fromkeys(chosen))[:MAX_PAGES]


def signature_block(text: str) -> tuple[str, str] | None:
    """The signature block in a reading and its signer: from its "Ditetapkan di" or dateline line on."""
    lines = [Line(1, " ".join(raw.split()), 1.0) for raw in text.splitlines() if raw.strip()]
    for finder in (find_enactment, find_dateline):
        found = finder(lines)
        if found is not None and found.date_line is not None and found.signer is not None:
            start = lines.index(found.date_line)
            if finder is find_enactment and start > 0:
                start -= 1  # the "Ditetapkan di" line above "pada tanggal"
            return "\n".join(line.text for line in lines[start : start + BLOCK_LINES]), found.signer
    return None


def _letters(name: str) -> str:
    return re.sub(r"[^A-Z]", "", name.partition(",")[0].upper())


def better_signer(new: str, old: str | None) -> bool:
    """Whether the second reading's name improves on the first: the first had none, or lost the
    start of the same name under the stamp ("Aria Goreti Bria" for "Ir. Maria Goreti Bria")."""
    if old is None:
        return True
    a, b = _letters(new), _letters(old)
    same_surname = new.partition(",")[0].split()[-1:] == old.partition(",")[0].split()[-1:]
    return len(a) > len(b) and (a.endswith(b) or same_surname)


def read_scanned_signatures(
    path: Path, pages: list[PageText], options: ExtractOptions, signer: MetaField[str] | None = None
) -> list[PageText]:
    """``pages`` with the signature block of a scanned page read again where the first reading lost
    or damaged it; the block goes before the first reading's dated lines, so it is the one read."""
    if signer is not None and (signer.page is None or pages[signer.page - 1].method is not TextMethod.ocr):
        return pages  # the signer came from a text layer: nothing to improve
    targets = pages_to_reread(pages, signer.page if signer else None)
    engine = engine_for(options) if targets else None
    if engine is None:
        return pages
    cache = OcrCache(
        engine.cache.root, languages=f"{engine.languages}|block", tesseract_version=engine.version
    )
    out = list(pages)
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as e:
        log.warning("scan signature OCR: %s cannot be opened (%s)", path.name, e)
        return pages
    try:
        for number in targets:
            read = _read_right_half(pdf, number, cache, engine.languages)
            if read is None or read[0].error or (read[0].confidence or 0.0) < MIN_CONFIDENCE:
                continue
            found = signature_block(normalize_text(read[0].text))
            if found and better_signer(found[1], signer.value if signer else None):
                out[number - 1] = _insert(out[number - 1], found[0], read[1], read[0].confidence)
                break  # one signature block is the document's
    finally:
        pdf.close()
    return out


def _read_right_half(
    pdf: pdfium.PdfDocument, number: int, cache: OcrCache, languages: str
) -> tuple[Recognition, Box] | None:
    """The reading of the right part of a page and that part's box in PDF points."""
    try:
        page = pdf[number - 1]
        left, bottom, right, top = page.get_cropbox()
        bitmap = page.render(scale=REGION_DPI / 72, grayscale=True)
        image = bitmap.to_pil().convert("L").copy()
        bitmap.close()
        page.close()
    except (pdfium.PdfiumError, IndexError, OSError, ValueError) as e:
        log.info("scan signature OCR: page %d not rendered (%s)", number, e)
        return None
    crop = image.crop((int(image.width * BLOCK_LEFT), 0, image.width, image.height))
    box = (round(left + (right - left) * BLOCK_LEFT, 1), bottom, right, top)
    key = cache.key(crop)
    if (hit := cache.get(key)) is not None:
        return hit, box
    try:
        result = read_page(crop, languages, dpi=REGION_DPI, timeout=REGION_TIMEOUT_S, config=BLOCK_CONFIG)
    except Exception as e:  # noqa: BLE001 - a failed second reading leaves the first one as it was
        log.info("scan signature OCR: page %d not read (%s)", number, e)
        return None
    cache.put(key, result)
    return result, box


def _insert(page: PageText, block: str, box: Box, confidence: float | None) -> PageText:
    """The block put before the page's first dated line ("itetapkan di ..."), else at its end."""
    lines = page.text.split("\n")
    at = next(
        (
            i
            for i, ln in enumerate(lines)
            if re.search(r"[il1]\s?t\s?[ec]\s?t\s?a\s?p\s?k\s?a\s?n\b", ln, re.I)
        ),
        None,
    )
    if at is None:
        base = page.text.rstrip("\n")
        start = len(base) + 2
        text = f"{base}\n\n{block}"
    else:
        start = len("\n".join(lines[:at])) + (1 if at else 0)
        text = "\n".join([*lines[:at], block, *lines[at:]])
    region = OcrRegion(
        start=start, end=start + len(block), box=box, confidence=confidence, reason="signature"
    )
    return page.model_copy(update={"text": text, "ocr_regions": [*page.ocr_regions, region]})


__all__ = ["better_signer", "pages_to_reread", "read_scanned_signatures", "signature_block"]
