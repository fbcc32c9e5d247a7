"""Pages read in a row by one Tesseract process read exactly as each page read alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from core.errors import MissingDependencyError
from core.settings import ExtractOptions
from extractors.ocr.batch import BATCH_BYTES, BATCH_PAGES, batch_full, run_batch
from extractors.ocr.engine import OcrJob, run_job
from extractors.ocr.eval import degrade, find_font, render_text_page
from extractors.ocr.pool import PagePool
from extractors.ocr.reader import check_tesseract, ocr_image

pytest.importorskip("pytesseract")
FONT = find_font()


def _ready() -> bool:
    try:
        check_tesseract("ind+eng")
    except MissingDependencyError:
        return False
    return FONT is not None


pytestmark = pytest.mark.skipif(not _ready(), reason="Tesseract with ind+eng or a DejaVu font missing")

LINES = (
    ("Keputusan Bupati tentang Tim Koordinasi SPBE.", "Pasal 1 berlaku sejak tanggal ditetapkan."),
    ("Dari : Kepala Dinas Komunikasi dan Informatika", "Perihal : Undangan rapat evaluasi SPBE"),
    ("Nomor : 34/DISKOMINFO/2024", "Ditetapkan di Kota pada tanggal 2 Januari 2024"),
)


def _pages() -> list[Image.Image]:
    assert FONT is not None
    clean = [render_text_page(lines, font_path=FONT, width_in=6.0, margin_in=0.4) for lines in LINES]
    # a speckled page: despeckled before it is read, its clean-up steps kept with its reading
    return [*clean, degrade(clean[0], seed=3, salt_pepper=0.01)]


def _jobs(images: list[Image.Image]) -> list[OcrJob]:
    return [OcrJob.from_image(i, languages="ind+eng", dpi=300, osd=True, timeout=60) for i in images]


def test_batch_reads_each_page_as_read_alone() -> None:
    jobs = _jobs(_pages())
    together, alone = run_batch(jobs), [run_job(job) for job in jobs]
    assert [(r.text, r.confidence, r.words, r.steps) for r in together] == [
        (r.text, r.confidence, r.words, r.steps) for r in alone
    ]
    assert "Perihal" in together[1].text and all(r.error is None for r in together)
    assert together[3].steps == ["despeckle"]


def test_a_page_that_breaks_the_batch_fails_alone() -> None:
    good = _jobs(_pages()[:2])
    broken = OcrJob("L", (50, 50), b"\x00" * 10, "ind+eng", 300, True, 60)  # pixels do not fit the size
    results = run_batch([good[0], broken, good[1]])
    assert results[1].error and results[0].error is None and results[2].error is None
    assert "Perihal" in results[2].text


def test_pool_without_workers_reads_pages_in_batches_in_order() -> None:
    jobs = _jobs(_pages()[:3])
    finished = []
    with PagePool(1) as pool:
        for n, job in enumerate(jobs, start=1):
            finished += pool.submit(n, job)
        assert len(finished) == 3 - 3 % BATCH_PAGES  # held until a batch is full
        finished += pool.drain()
    assert sorted(n for n, _ in finished) == [1, 2, 3]
    assert all("SPBE" in r.text or "2024" in r.text for _, r in finished)


def test_multi_page_image_file_is_read_through_the_batch(tmp_path: Path) -> None:
    pages = _pages()[:3]
    tiff = tmp_path / "scan.tiff"
    pages[0].save(tiff, save_all=True, append_images=pages[1:], dpi=(300, 300))
    read = ocr_image(tiff, ExtractOptions(ocr_cache_dir=None, ocr_workers=1))
    assert [("Pasal" in p.text, "Perihal" in p.text, "DISKOMINFO" in p.text) for p in read] == [
        (True, False, False), (False, True, False), (False, False, True)]


def test_a_batch_is_full_at_its_page_count_or_its_image_bytes() -> None:
    small = OcrJob("L", (10, 10), b"\xff" * 100, "ind+eng", 300, True, 60)
    big = OcrJob("L", (BATCH_BYTES, 1), b"\xff" * BATCH_BYTES, "ind+eng", 300, True, 60)
    assert not batch_full([small] * (BATCH_PAGES - 1))
    assert batch_full([small] * BATCH_PAGES)
    assert batch_full([big])
