"""Several pages read by one Tesseract process, where pages are read one after another.

Each ``tesseract`` process loads its language models before reading: ~0.11 CPU-s for ``ind+eng``,
paid once per page when every page is its own process (~9 % of the OCR path's CPU on the corpus
scans). Given a list of image files, Tesseract reads them all in one process and its TSV says
which page each word is on (``page_num``); each page is read independently, so the text is the
same as read alone (checked word by word on the corpus scans: docs/benchmarks.md, "Scans: the
longest document first"). Only the first reading is batched: a doubtful page's second looks
(turned, smoothed) stay per page, as in :func:`extractors.ocr.engine.recognise`.

If the batch fails (a page that crashes Tesseract, the time limit) every page is read again on
its own, so one bad page fails alone, as it did before.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from PIL import Image

from extractors.ocr.engine import (
    TESSERACT_CONFIG,
    OcrJob,
    Recognition,
    parse_tsv,
    pytesseract,
    run_job,
    second_look,
)
from extractors.ocr.preprocess import prepare

# Pages read by one process: the model load is paid once per this many pages (1/8 of it per
# page), while the page images waiting for it stay few (~6 MB each for A4 at 250 dpi) ...
BATCH_PAGES = 8
# ... and small: a batch is read early once its images hold this many bytes (big pages, posters
# of up to ``reader.MAX_PAGE_PIXELS``, are read alone or nearly).
BATCH_BYTES = 50_000_000


def batch_full(jobs: list[OcrJob]) -> bool:
    """Whether ``jobs`` are enough pages, or enough image bytes, to be read now."""
    return len(jobs) >= BATCH_PAGES or sum(len(job.pixels) for job in jobs) >= BATCH_BYTES


def read_pages(
    images: list[Image.Image], languages: str, *, dpi: int | None, timeout: float
) -> list[Recognition]:
    """First readings of ``images`` (psm 3, Sauvola) from one Tesseract process, in order."""
    config = TESSERACT_CONFIG + (f" --dpi {dpi}" if dpi else "")
    with tempfile.TemporaryDirectory(prefix="bukti-ocr-") as tmp:
        paths = []
        for n, image in enumerate(images, start=1):
            paths.append(Path(tmp) / f"page{n}.pgm")
            image.save(paths[-1])  # uncompressed, as read_page does
        listing = Path(tmp) / "pages.txt"
        listing.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
        tsv = pytesseract.image_to_data(str(listing), lang=languages, config=config,
                                        timeout=timeout * len(images))
    rows = tsv.splitlines()
    by_page: dict[str, list[str]] = {str(n): [rows[0]] for n in range(1, len(images) + 1)}
    for row in rows[1:]:
        cells = row.split("\t", 2)
        if len(cells) > 1 and cells[1] in by_page:
            by_page[cells[1]].append(row)
    return [parse_tsv("\n".join(by_page[str(n)])) for n in range(1, len(images) + 1)]


def run_batch(jobs: list[OcrJob]) -> list[Recognition]:
    """Worker entry point for pages read in a row; never raises, like :func:`run_job`."""
    if len(jobs) < 2 or len({(j.languages, j.dpi) for j in jobs}) > 1:
        return [run_job(job) for job in jobs]
    start = time.perf_counter()
    first = jobs[0]
    try:
        prepared = [prepare(job.image()) for job in jobs]
        readings = read_pages([page for page, _ in prepared], first.languages, dpi=first.dpi,
                              timeout=first.timeout)
    except Exception:  # noqa: BLE001 - a page that breaks the batch is read (and fails) alone
        return [run_job(job) for job in jobs]
    shared = (time.perf_counter() - start) / len(jobs)
    results = []
    for job, (page, steps), reading in zip(jobs, prepared, readings, strict=True):
        page_start = time.perf_counter()
        try:
            reading.steps = steps
            result = second_look(page, reading, job.languages, dpi=job.dpi, osd=job.osd, timeout=job.timeout)
        except Exception:  # noqa: BLE001 - as run_job: this page fails, the others keep their reading
            result = run_job(job)
        result.seconds = shared + time.perf_counter() - page_start
        results.append(result)
    return results
