"""Result models of the OCR stage, shared by ``extractors.ocr.reader`` and its worker processes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

# The exact hint every "Tesseract is missing" error carries (also shown by ``bukti doctor``).
INSTALL_HINT = (
    "Pasang dengan `apt-get install tesseract-ocr tesseract-ocr-ind` dan `pip install 'bukti[ocr]'`, "
    "atau jalankan dengan --ocr never."
)


class OcrPage(BaseModel):
    """OCR text of one page (or image frame).

    ``confidence`` is the mean Tesseract word confidence (0-100), ``None`` when no word was
    read. ``error`` is set (and ``text`` empty) when this page could not be OCR'd; callers
    record it as an issue instead of treating the page as blank. ``rotated`` is the number of
    degrees the page was turned clockwise to read it upright (0, 90, 180 or 270).
    """

    model_config = ConfigDict(extra="forbid")

    text: str = ""
    confidence: float | None = Field(default=None, ge=0.0, le=100.0)
    error: str | None = None
    rotated: int = 0
    cached: bool = False


class TesseractInfo(BaseModel):
    """What ``check_tesseract`` found: for ``bukti doctor`` and the OCR cache key."""

    model_config = ConfigDict(extra="forbid")

    version: str
    languages: list[str]
    command: str
    osd: bool  # orientation data present: rotated pages can be turned upright
