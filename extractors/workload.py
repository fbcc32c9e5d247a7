"""How much work a file is, roughly, so a run can start the longest documents first.

A run extracts one document per worker process, and a scanned page costs ~1.5 CPU-s of OCR,
so a long scan started last keeps one worker busy while the other has run out of work. File
size does not tell: the 20-page scanned regulation of the corpus is 0.9 MB, smaller than
several 4-10 page scans of 1.3-3.9 MB (45 KB a page against 160-560), and text PDFs spread
over the same range. The page count does, for scans and text alike; it costs opening the PDF's
cross-reference table (~2 ms a file on the corpus), never a page.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, UnidentifiedImageError

# A file whose pages cannot be counted cheaply (DOCX, spreadsheets, slides) is counted as one
# page per this many bytes: the corpus DOCX run at 20-60 KB a page.
BYTES_PER_PAGE = 40_000
_IMAGES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"}


def estimated_pages(path: Path, size: int) -> int:
    """Pages of a PDF, frames of an image, else pages guessed from ``size``; never raises."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            pdf = pdfium.PdfDocument(path)
            try:
                return len(pdf)
            finally:
                pdf.close()
        if suffix in _IMAGES:
            with Image.open(path) as image:  # lazy: the header only, no pixels decoded
                return int(getattr(image, "n_frames", 1))
    except (pdfium.PdfiumError, OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        pass  # an unreadable file is quick work: extraction records why
    return 1 + size // BYTES_PER_PAGE
