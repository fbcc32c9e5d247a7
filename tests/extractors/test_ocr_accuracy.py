"""OCR accuracy on generated pages of known Indonesian text: clean, noised, skewed, turned.

Accuracy is character accuracy = 1 - Levenshtein(reference, OCR) / len(reference), after
collapsing whitespace (``extractors.ocr.eval.character_accuracy``); the bar is 0.98.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from core.errors import MissingDependencyError
from core.settings import ExtractOptions
from extractors.ocr.eval import (
    SAMPLE_PARAGRAPHS,
    character_accuracy,
    degrade,
    find_font,
    render_text_page,
    rotate_page,
    sample_text,
)
from extractors.ocr.reader import OcrPage, check_tesseract, ocr_image, ocr_pdf_pages

FONT = find_font()
MIN_ACCURACY = 0.98


def _skip_reason() -> str | None:
    if FONT is None:
        return "no DejaVu font on this system"
    try:
        check_tesseract("ind+eng")
    except MissingDependencyError as e:
        return str(e)
    return None


pytestmark = [
    pytest.mark.ocr,
    pytest.mark.slow,
    pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or ""),
]

# (name, degrees turned counter-clockwise, damage) -> the clockwise turn OCR must report back.
VARIANTS: list[tuple[str, float, dict[str, float], int]] = [
    ("clean", 0, {}, 0),
    ("speckled", 0, {"gaussian_sigma": 25, "salt_pepper": 0.005, "blur_radius": 0.8}, 0),
    ("grainy", 0, {"gaussian_sigma": 40, "blur_radius": 1.0}, 0),
    ("skew_clockwise_3", -3, {"gaussian_sigma": 15, "blur_radius": 0.6}, 0),
    ("skew_counter_2", 2, {"gaussian_sigma": 15, "blur_radius": 0.6}, 0),
    ("turned_90", 90, {"gaussian_sigma": 15, "blur_radius": 0.6}, 90),
    ("turned_180", 180, {"gaussian_sigma": 15, "blur_radius": 0.6}, 180),
]


def _variant(page: Image.Image, degrees: float, damage: dict[str, float], seed: int) -> Image.Image:
    damaged = degrade(page, seed=seed, **damage) if damage else page
    return rotate_page(damaged, degrees) if degrees else damaged


@pytest.fixture(scope="module")
def source_page() -> Image.Image:
    assert FONT is not None
    return render_text_page(SAMPLE_PARAGRAPHS, font_path=FONT, font_pt=11)


@pytest.fixture(scope="module")
def tiff_results(source_page: Image.Image, tmp_path_factory: pytest.TempPathFactory) -> list[OcrPage]:
    """All variants as frames of one multi-page TIFF, OCR'd in one call (2 workers)."""
    frames = [_variant(source_page, deg, damage, seed) for seed, (_, deg, damage, _) in enumerate(VARIANTS)]
    folder = tmp_path_factory.mktemp("ocr-accuracy")
    tiff = folder / "variants.tif"
    frames[0].save(
        tiff, save_all=True, append_images=frames[1:], compression="tiff_adobe_deflate", dpi=(300, 300)
    )
    return ocr_image(tiff, ExtractOptions(ocr_cache_dir=folder / "cache", ocr_workers=2))


def test_multi_frame_tiff_gives_one_page_per_frame(tiff_results: list[OcrPage]) -> None:
    assert len(tiff_results) == len(VARIANTS)
    assert all(page.error is None and not page.cached for page in tiff_results)


@pytest.mark.parametrize(("index", "name"), [(i, v[0]) for i, v in enumerate(VARIANTS)])
def test_generated_page_is_read_accurately_and_upright(
    tiff_results: list[OcrPage], index: int, name: str
) -> None:
    page = tiff_results[index]
    accuracy = character_accuracy(sample_text(), page.text)
    assert accuracy >= MIN_ACCURACY, f"{name}: accuracy {accuracy:.4f}\n{page.text}"
    assert page.rotated == VARIANTS[index][3], name
    assert page.confidence is not None and page.confidence > 80, name


def test_image_only_pdf_pages_are_read(source_page: Image.Image, tmp_path: Path) -> None:
    """A scan-like PDF (each page one image): noised upright page and an upside-down page."""
    noised = _variant(source_page, 0, {"gaussian_sigma": 25, "salt_pepper": 0.003, "blur_radius": 0.8}, 11)
    upside_down = _variant(source_page, 180, {"gaussian_sigma": 15}, 12)
    pdf = tmp_path / "scan.pdf"
    noised.save(pdf, save_all=True, append_images=[upside_down], resolution=300)
    pages = ocr_pdf_pages(pdf, [1, 2], ExtractOptions(ocr_cache_dir=tmp_path / "cache"))
    for number in (1, 2):
        accuracy = character_accuracy(sample_text(), pages[number].text)
        assert accuracy >= MIN_ACCURACY, f"page {number}: {accuracy:.4f}\n{pages[number].text}"
    assert (pages[1].rotated, pages[2].rotated) == (0, 180)


def test_vector_pdf_rendered_and_read(tmp_path: Path) -> None:
    """A born-digital PDF (reportlab text, no image) goes through pypdfium2 rendering."""
    canvas_module = pytest.importorskip("reportlab.pdfgen.canvas")
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit

    pdf = tmp_path / "perwali.pdf"
    canvas = canvas_module.Canvas(str(pdf), pagesize=A4)
    y = A4[1] - 72
    for paragraph in SAMPLE_PARAGRAPHS:
        for line in simpleSplit(paragraph, "Times-Roman", 11, A4[0] - 144):
            canvas.setFont("Times-Roman", 11)
            canvas.drawString(72, y, line)
            y -= 15
        y -= 12
    canvas.save()
    page = ocr_pdf_pages(pdf, [1], ExtractOptions(ocr_cache_dir=tmp_path / "cache"))[1]
    assert character_accuracy(sample_text(), page.text) >= MIN_ACCURACY, page.text
