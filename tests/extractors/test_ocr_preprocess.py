"""OCR pre-processing: skew estimate and speckle detection on generated pages (no Tesseract)."""

from __future__ import annotations

import pytest
from PIL import Image

from extractors.ocr.eval import degrade, find_font, render_text_page, rotate_page
from extractors.ocr.preprocess import MIN_SKEW_DEG, SPECKLE_SHARE, estimate_skew, prepare, speckle_share

FONT = find_font()
pytestmark = pytest.mark.skipif(FONT is None, reason="no DejaVu font on this system")


@pytest.fixture(scope="module")
def page() -> Image.Image:
    assert FONT is not None
    return render_text_page(font_path=FONT)


@pytest.mark.parametrize("degrees", [-4.0, -2.5, -1.0, 0.0, 0.6, 1.5, 3.0, 5.0])
def test_estimate_skew_finds_the_angle(page: Image.Image, degrees: float) -> None:
    skewed = rotate_page(degrade(page, gaussian_sigma=15, blur_radius=0.6), degrees) if degrees else page
    assert estimate_skew(skewed) == pytest.approx(degrees, abs=0.25)


def test_speckle_share_separates_salt_and_pepper_from_grain(page: Image.Image) -> None:
    assert speckle_share(page) < SPECKLE_SHARE
    assert speckle_share(degrade(page, gaussian_sigma=25, blur_radius=0.8)) < SPECKLE_SHARE
    assert speckle_share(degrade(page, salt_pepper=0.003, seed=3)) > SPECKLE_SHARE


def test_prepare_only_applies_what_the_page_needs(page: Image.Image) -> None:
    assert prepare(page)[1] == []
    speckled_and_skewed = rotate_page(degrade(page, salt_pepper=0.004, seed=4), -3)
    straightened, steps = prepare(speckled_and_skewed)
    assert steps[0] == "despeckle" and steps[1].startswith("deskew -3")
    assert abs(estimate_skew(straightened)) < MIN_SKEW_DEG
    assert prepare(rotate_page(page, 0.5))[1] == []  # small skews are left to Tesseract
