"""Tesseract on one page image; this is what runs inside an OCR worker process.

Per page: clean-up (``extractors.ocr.preprocess``), one Tesseract pass (psm 3, Sauvola
thresholding). Only when that reading looks wrong (low mean confidence) the page's orientation
is detected with Tesseract OSD on a half-size copy and the page is turned and read again; if
the reading is still doubtful, a median-smoothed copy is read too. The most confident reading
wins. Measured on this 2-core box: OSD costs ~0.7 s a page, so running it on every page would
add ~40 %; only 1 of 36 real scanned pages fell below the threshold.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageFilter

from extractors.ocr.preprocess import deskew, prepare

try:
    import pytesseract
except ImportError:  # optional extra `bukti[ocr]`; check_tesseract reports it with the install hint
    pytesseract = None

# Sauvola (adaptive) thresholding: same confidence as Otsu on clean scans, but recovers words on
# shaded photocopies (one corpus SOP page: 73 -> 211 words) and on grainy pages; ~5 % slower.
TESSERACT_CONFIG = "--psm 3 -c thresholding_method=2"
# Below this mean word confidence a reading is doubted (turned? grainy?). Upright corpus scans
# measure 85-95, poor photocopies 71-86, one dotted-rule table page 64-70; pages turned 90 or
# 180 degrees 43-47; heavy grain 61.
DOUBTFUL_CONFIDENCE = 70.0
# OSD answers with a lower orientation confidence are ignored (turned pages measure 22-30).
MIN_OSD_CONFIDENCE = 3.0
# A second reading (turned or smoothed) replaces the first only when this many mean-confidence
# points better, so noise in the confidence never swaps a good reading for an equal one.
RETRY_MARGIN = 5.0


@dataclass
class Recognition:
    """What Tesseract read on one page; plain data so it pickles cheaply between processes."""

    text: str = ""
    confidence: float | None = None
    words: int = 0
    rotated: int = 0
    steps: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class OcrJob:
    """One page to OCR: raw grayscale pixels (no PNG round trip) and how to read them."""

    mode: str
    size: tuple[int, int]
    pixels: bytes
    languages: str
    dpi: int | None
    osd: bool
    timeout: float

    @classmethod
    def from_image(
        cls, image: Image.Image, *, languages: str, dpi: int | None, osd: bool, timeout: float
    ) -> OcrJob:
        return cls(image.mode, image.size, image.tobytes(), languages, dpi, osd, timeout)

    def image(self) -> Image.Image:
        return Image.frombytes(self.mode, self.size, self.pixels)


def single_thread_tesseract() -> None:
    """One OpenMP thread per Tesseract run: 2.4x faster on 2 cores than its default threading."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


def init_worker() -> None:
    """Process-pool initializer: Tesseract environment, and exit when the parent dies.

    Without the watch, workers of a parent killed by a signal wait for work forever.
    """
    single_thread_tesseract()
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()


def _exit_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def run_job(job: OcrJob) -> Recognition:
    """Worker entry point: never raises, a failed page comes back with ``error`` set."""
    start = time.perf_counter()
    try:
        result = recognise(job.image(), job.languages, dpi=job.dpi, osd=job.osd, timeout=job.timeout)
    except Exception as e:  # noqa: BLE001 - one bad page must not sink the document; it is recorded
        result = Recognition(error=describe_error(e))
    result.seconds = time.perf_counter() - start
    return result


def describe_error(error: BaseException) -> str:
    """An exception as one short line for an issue message: its type and its text, at most 400 chars."""
    message = " ".join(str(error).split()) or "tanpa rincian"
    return f"{type(error).__name__}: {message}"[:400]


def recognise(
    image: Image.Image, languages: str, *, dpi: int | None, osd: bool, timeout: float
) -> Recognition:
    """Read one page; when the reading looks wrong, try it turned upright, then smoothed."""
    page, steps = prepare(image)
    best = read_page(page, languages, dpi=dpi, timeout=timeout)
    best.steps = steps
    return second_look(page, best, languages, dpi=dpi, osd=osd, timeout=timeout)


def second_look(
    page: Image.Image, best: Recognition, languages: str, *, dpi: int | None, osd: bool, timeout: float
) -> Recognition:
    """The first reading ``best`` of the prepared ``page``, or a clearly better one when it looks wrong."""
    steps = best.steps
    if _confident(best):
        return best
    turn = detect_rotation(page, dpi=dpi, timeout=timeout) if osd else 0
    if turn:
        upright, straightened = deskew(page.rotate(-turn, expand=True))
        turned = read_page(upright, languages, dpi=dpi, timeout=timeout)
        turned.rotated, turned.steps = turn, [*steps, f"rotate {turn}", *straightened]
        if _clearly_better(turned, best):
            best, page = turned, upright
    if not _confident(best) and "despeckle" not in best.steps:
        # Heavy grain defeats thresholding (accuracy 0.82, confidence 61); a median pass fixes it
        # (0.998, confidence 96). Only doubtful pages pay for this second reading.
        smoothed = read_page(page.filter(ImageFilter.MedianFilter(3)), languages, dpi=dpi, timeout=timeout)
        smoothed.rotated, smoothed.steps = best.rotated, [*best.steps, "smooth"]
        if _clearly_better(smoothed, best):
            best = smoothed
    return best


def _confident(result: Recognition) -> bool:
    return result.words == 0 or (result.confidence or 0.0) >= DOUBTFUL_CONFIDENCE


def _clearly_better(candidate: Recognition, current: Recognition) -> bool:
    return (candidate.confidence or 0.0) >= (current.confidence or 0.0) + RETRY_MARGIN


def read_page(
    image: Image.Image, languages: str, *, dpi: int | None, timeout: float, config: str = TESSERACT_CONFIG
) -> Recognition:
    """One Tesseract pass; text rebuilt from the TSV so confidence comes from the same run."""
    config = config + (f" --dpi {dpi}" if dpi else "")
    with tempfile.TemporaryDirectory(prefix="bukti-ocr-") as tmp:
        path = Path(tmp) / "page.pgm"
        image.save(path)  # uncompressed: PNG encoding alone cost 0.47 s on a 300 dpi page
        tsv = pytesseract.image_to_data(str(path), lang=languages, config=config, timeout=timeout)
    return parse_tsv(tsv)


def parse_tsv(tsv: str) -> Recognition:
    """Text (lines joined by newlines, paragraphs by blank lines) and mean word confidence."""
    lines: dict[tuple[str, str, str], list[str]] = {}
    confidences: list[float] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or not cells[11].strip():
            continue
        lines.setdefault((cells[2], cells[3], cells[4]), []).append(cells[11].strip())
        conf = float(cells[10])
        if conf >= 0:
            confidences.append(conf)
    parts: list[str] = []
    previous: tuple[str, str] | None = None
    for (block, par, _line), words in lines.items():
        if previous is not None:
            parts.append("\n\n" if (block, par) != previous else "\n")
        parts.append(" ".join(words))
        previous = (block, par)
    confidence = round(sum(confidences) / len(confidences), 2) if confidences else None
    return Recognition(text="".join(parts), confidence=confidence, words=len(confidences))


def detect_rotation(image: Image.Image, *, dpi: int | None, timeout: float) -> int:
    """Clockwise degrees (0/90/180/270) that make the page upright; 0 when OSD cannot tell."""
    half = image.reduce(2)  # 0.7 s instead of 1.5 s, same answers on the measured pages
    config = f"--dpi {dpi // 2}" if dpi else ""
    with tempfile.TemporaryDirectory(prefix="bukti-osd-") as tmp:
        path = Path(tmp) / "page.pgm"
        half.save(path)
        try:
            osd = pytesseract.image_to_osd(str(path), config=config, timeout=timeout)
        except pytesseract.TesseractError:  # "Too few characters": nothing to orient by
            return 0
    values = dict(line.split(": ", 1) for line in osd.splitlines() if ": " in line)
    try:
        turn = int(values.get("Rotate", "0")) % 360
        confidence = float(values.get("Orientation confidence", "0"))
    except ValueError:
        return 0
    return turn if confidence >= MIN_OSD_CONFIDENCE and turn in (90, 180, 270) else 0
