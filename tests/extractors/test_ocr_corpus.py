"""OCR of a real image-only scan from the shared corpus (skipped when the corpus is absent)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from core.errors import MissingDependencyError
from core.settings import ExtractOptions
from extractors.ocr.reader import check_tesseract, ocr_pdf_pages

SCAN = "kota-denpasar_monev-spbe/indikator15.pdf"  # Keputusan Walikota Denpasar, image-only, 4 pages


def _tesseract_missing() -> bool:
    try:
        check_tesseract("ind+eng")
    except MissingDependencyError:
        return True
    return False


@pytest.mark.corpus
@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.skipif(_tesseract_missing(), reason="Tesseract with ind+eng not installed")
def test_image_only_scan_yields_readable_indonesian(
    corpus_file: Callable[[str], Path], tmp_path: Path
) -> None:
    path = corpus_file(SCAN)
    page = ocr_pdf_pages(path, [1], ExtractOptions(ocr_cache_dir=tmp_path))[1]
    assert page.error is None and not page.cached
    text = page.text.lower()
    assert any(word in text for word in ("keputusan", "walikota", "denpasar")), page.text
    # Readable, not just a lucky keyword: most of the page is ordinary Indonesian words.
    common = ("dan", "tentang", "nomor", "tahun", "yang", "republik", "indonesia")
    assert sum(text.count(f" {word} ") for word in common) >= 10, page.text
    assert page.confidence is not None and page.confidence >= 85
