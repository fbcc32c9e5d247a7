"""Known-text page images and a character-accuracy score, for measuring the OCR stage.

Used by the OCR tests and ``benchmarks/ocr_bench.py``: pages of known Indonesian text are
drawn with PIL (a DejaVu font found on the system), degraded like scans (noise, blur,
rotation, skew), OCR'd, and compared to the source text with :func:`character_accuracy`.
Nothing here is used on real documents.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from rapidfuzz.distance import Levenshtein

# Paragraphs in the register of SPBE evidence (decrees, SOPs); plain ASCII punctuation only,
# so the score measures recognition, not quote or dash normalisation.
SAMPLE_PARAGRAPHS: tuple[str, ...] = (
    "KEPUTUSAN WALI KOTA DENPASAR NOMOR 188.45/826/HK/2019 TENTANG PEMBENTUKAN TIM "
    "PENGELOLA JARINGAN DOKUMENTASI DAN INFORMASI HUKUM",
    "Menimbang: a. bahwa untuk mendukung penyelenggaraan Sistem Pemerintahan Berbasis "
    "Elektronik yang terpadu, perlu menetapkan kebijakan internal tentang tata kelola data, "
    "aplikasi umum berbagi pakai, dan layanan naskah dinas di lingkungan Pemerintah Daerah;",
    "b. bahwa berdasarkan pertimbangan sebagaimana dimaksud pada huruf a, perlu menetapkan "
    "Peraturan Wali Kota tentang Arsitektur dan Peta Rencana Sistem Pemerintahan Berbasis "
    "Elektronik Tahun 2023 sampai dengan Tahun 2026;",
    "Pasal 8 ayat (6): Perangkat Daerah wajib melaksanakan audit keamanan informasi paling "
    "sedikit 1 (satu) kali dalam setahun dan melaporkan hasilnya kepada Tim Koordinasi SPBE "
    "melalui Dinas Komunikasi, Informatika dan Statistik.",
    "Ditetapkan di Denpasar pada tanggal 12 Maret 2019. Salinan sesuai dengan aslinya, "
    "Kepala Bagian Hukum, dengan tembusan kepada Gubernur Bali dan Inspektur Kota.",
)

_FONT_NAMES = ("DejaVuSerif.ttf", "DejaVuSans.ttf")
_FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")


def find_font() -> Path | None:
    """A DejaVu TrueType font on this system, or ``None`` when there is none."""
    for name in _FONT_NAMES:
        for root in _FONT_DIRS:
            if root.is_dir():
                found = next(root.rglob(name), None)
                if found is not None:
                    return found
    return None


def sample_text(paragraphs: Sequence[str] = SAMPLE_PARAGRAPHS) -> str:
    """The reference text of a page drawn from ``paragraphs`` (one blank line between them)."""
    return "\n\n".join(paragraphs)


def render_text_page(
    paragraphs: Sequence[str] = SAMPLE_PARAGRAPHS,
    *,
    font_path: Path,
    dpi: int = 300,
    font_pt: float = 11.0,
    width_in: float = 8.27,
    margin_in: float = 1.0,
) -> Image.Image:
    """Draw ``paragraphs`` word-wrapped on a white grayscale page (A4 width by default)."""
    font = ImageFont.truetype(str(font_path), size=round(font_pt * dpi / 72))
    width, margin = round(width_in * dpi), round(margin_in * dpi)
    line_h = round(font.size * 1.45)
    lines: list[str] = []
    for para in paragraphs:
        lines.extend(_wrap(para, font, width - 2 * margin))
        lines.append("")
    height = 2 * margin + line_h * len(lines)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    for i, line in enumerate(lines):
        draw.text((margin, margin + i * line_h), line, font=font, fill=0)
    return page


def _wrap(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and font.getlength(candidate) > max_width:
            lines.append(current)
            candidate = word
        current = candidate
    if current:
        lines.append(current)
    return lines


def degrade(
    page: Image.Image,
    *,
    seed: int = 0,
    gaussian_sigma: float = 0.0,
    salt_pepper: float = 0.0,
    blur_radius: float = 0.0,
) -> Image.Image:
    """Scan-like damage: slight blur, gaussian grain and a share of salt-and-pepper pixels."""
    out = page.convert("L")
    if blur_radius > 0:
        out = out.filter(ImageFilter.GaussianBlur(blur_radius))
    if gaussian_sigma > 0:
        grain = Image.effect_noise(out.size, gaussian_sigma)  # centred on 128
        out = Image.eval(Image.blend(out, grain, 0.5), lambda v: max(0, min(255, 2 * v - 128)))
    if salt_pepper > 0:
        out = _salt_pepper(out, salt_pepper, seed)
    return out


def _salt_pepper(img: Image.Image, share: float, seed: int) -> Image.Image:
    rng = random.Random(seed)
    out = img.copy()
    pixels = out.load()
    assert pixels is not None
    w, h = out.size
    for _ in range(int(w * h * share)):
        pixels[rng.randrange(w), rng.randrange(h)] = 0 if rng.random() < 0.5 else 255
    return out


def rotate_page(page: Image.Image, degrees: float) -> Image.Image:
    """Turn a page counter-clockwise; right angles are exact, small skews are resampled."""
    if degrees % 90 == 0:
        return page.rotate(degrees, expand=True)
    return page.rotate(degrees, expand=True, resample=Image.Resampling.BICUBIC, fillcolor=255)


def normalise_whitespace(text: str) -> str:
    """``text`` with every run of whitespace (line breaks included) turned into one space."""
    return " ".join(text.split())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insert, delete, substitute each cost 1)."""
    return Levenshtein.distance(a, b)


def character_accuracy(reference: str, hypothesis: str) -> float:
    """``1 - levenshtein(ref, hyp) / len(ref)`` after collapsing whitespace, floored at 0.

    Whitespace runs (line breaks included) count as one space, because OCR line breaks
    differ from the drawn wrapping without being errors.
    """
    ref, hyp = normalise_whitespace(reference), normalise_whitespace(hypothesis)
    if not ref:
        return 1.0 if not hyp else 0.0
    return max(0.0, 1.0 - edit_distance(ref, hyp) / len(ref))
