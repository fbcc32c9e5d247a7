"""The per-page OCR decision: too little text, garbage glyphs, OCR-layer noise."""

from __future__ import annotations

import pytest

from core.settings import OcrMode
from extractors.quality import needs_ocr, text_quality

CLEAN = (
    "Pasal 8 (1) Tim Koordinasi SPBE melaksanakan evaluasi penerapan Sistem Pemerintahan Berbasis "
    "Elektronik secara berkala setiap tahun. (2) Hasil evaluasi sebagaimana dimaksud pada ayat (1) "
    "dilaporkan kepada Bupati melalui Sekretaris Daerah dan ditindaklanjuti oleh Perangkat Daerah "
    "sesuai dengan ketentuan peraturan perundang-undangan yang berlaku di Kabupaten."
)
NOISY_OCR_LAYER = (
    "PERATURAN PRESIDEN REPUBLIK INDONESIA NOMOR 39 TAHUN 2OL9 TENTANG SATU DATA INDONESIA "
    "DENGAN RAHMAT TUHAN YT\\NC MAHA ESA PRESIDE}J REPUBLIK INDONESIA, a. bah'uva untuk mewujudkan "
    "keterpaduan perencanaan, pelaksanaan, evaluasi, dan pengendalian pcnrbangllnan, perlu didukung "
    "dcngan Data yang akurat, mutakhir, terpadu, dapat dipertanggungjawabkan, mudah diakses"
)
GARBAGE = "\ue000\ue001\ue002 \ue003\ue004 " * 30 + CLEAN


@pytest.mark.parametrize(
    ("text", "mode", "kwargs", "expected", "reason"),
    [
        (CLEAN, OcrMode.auto, {}, False, "text layer ok"),
        ("", OcrMode.auto, {}, True, "too little text"),
        ("SALINAN", OcrMode.auto, {}, True, "too little text"),
        ("SALINAN", OcrMode.auto, {"has_images": False}, False, "no image"),
        (GARBAGE, OcrMode.auto, {}, True, "garbage glyphs"),
        (NOISY_OCR_LAYER, OcrMode.auto, {}, True, "OCR-layer noise"),
        (NOISY_OCR_LAYER, OcrMode.auto, {"ocr_layer": True}, True, "OCR-layer noise"),
        (CLEAN, OcrMode.auto, {"ocr_layer": True}, False, "text layer ok"),
        (CLEAN, OcrMode.force, {}, True, "forced"),
        ("", OcrMode.never, {}, False, "disabled"),
    ],
)
def test_needs_ocr(text: str, mode: OcrMode, kwargs: dict[str, bool], expected: bool, reason: str) -> None:
    decision, why = needs_ocr(text, mode, **kwargs)
    assert decision is expected
    assert reason in why


@pytest.mark.parametrize(
    ("word", "noisy"),
    [
        ("2OL9", True),
        ("2OI9", True),
        ("Januart202l", True),
        ("PRESIDE}J", True),
        ("MEMUTUSI(AN:", True),
        ("bah'uva", True),
        ("dcngan", True),
        ("tcntang", True),
        ("2019", False),
        ("188.45/1612/HK/2019", False),
        ("f)Tahap", False),
        ("e-KTP", False),
        ("Jaringan", False),
        ("(1)", False),
        ("Rp1.000.000", False),
        ("K7Xp33oE4U/l2SxwuD3UK1B3tx3FqOUxlzLW", False),
    ],
)
def test_text_quality_noise_words(word: str, noisy: bool) -> None:
    assert (text_quality(f"kata {word} lain").noisy_words == 1) is noisy


def test_noise_threshold_depends_on_ocr_layer() -> None:
    # about 2 % noisy words: tolerated in born-digital text, re-OCR'd in an old OCR layer
    text = f"{CLEAN} 2OL9"
    assert needs_ocr(text, OcrMode.auto)[0] is False
    assert needs_ocr(text, OcrMode.auto, ocr_layer=True)[0] is True


def test_text_quality_counts() -> None:
    quality = text_quality("Pasal 1\n\ue000 ab")
    assert quality.chars == 8 and quality.words == 2
    assert quality.garbage_share == pytest.approx(1 / 9)
