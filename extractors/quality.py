"""Judging a page's text layer: enough text? garbage glyphs? OCR-layer noise?

OCR-layer noise is counted per word: glyph garbage caught by patterns (2OL9, PRESIDE}J) and near
misses of frequent Indonesian words (INOONESIA, rnenteri; :mod:`extractors.ocr.lexicon`).

:func:`needs_ocr` is the one per-page decision between the text layer and OCR
(``auto | force | never``). It is pure: it looks only at the text (and, optionally, at whether
the page has images at all), so it is easy to test with a table of examples.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from core.settings import OcrMode
from extractors.ocr.lexicon import is_near_miss, word_cores

# Fewer letters and digits than this and the text layer cannot be the real page content
# (scans often carry only a stamp such as "SALINAN" or a scanner name).
MIN_TEXT_CHARS = 40
# Share of non-space characters that are unusable glyphs (unassigned/private-use/control,
# U+FFFD) above which the font has no usable Unicode map. Symbol-font bullets (U+F0B7) are
# private-use too; real pages with bullets stay well below this.
MAX_GARBAGE_SHARE = 0.10
# Share of noisy words above which a page is re-OCR'd (noisy: glyph garbage or a near miss of a
# frequent word). Measured on the corpus text layers: born-digital pages peak at 1.7 % (template
# brackets "SPBE>>tercantum"; a policy whose text was pasted from an old OCR run, "sistern"), so
# their bar is high. A text layer an earlier OCR run left over a scan gets the low bar: 14 of the
# 35 pages of Perpres 39/2019 run at 1.2-10.2 % (INOONESIA, dacrah, rnelakukan, Fusat), 11 at
# 0.6-1.0 % (one misread word) and 10 at 0 %; the 6 pages of the Nganjuk minutes at 1.0-5.4 %.
MAX_NOISE_SHARE = 0.03
OCR_LAYER_MAX_NOISE_SHARE = 0.01
# Pages with fewer words than this are too short to judge noise reliably.
MIN_WORDS_FOR_NOISE = 20
# Longer "words" are keys, hashes or URLs, not text an OCR engine misread.
MAX_WORD_LENGTH = 25

_NOISE_PATTERNS = re.compile(
    "|".join(
        (
            r"\d[OoIlLSZB]+\d",  # 2OL9, 1O1
            r"\d{2,}[Ol](?![^\W_])",  # 202l
            r"(?<![^\W_])[Ol]\d{2,}",  # O19
            r"[^\W\d_][}{|\\\[\]<>^~]+[^\W\d_]",  # PRESIDE}J, YT\NC
            r"[^\W\d_]{2}\([^\W\d_]",  # MEMUTUSI(AN
            r"[a-z]['’:;][a-z]",  # bah'uva, te:'padu
            r"[a-z]c[bdfgjmnpqvwxz][a-z]",  # dcngan, tcntang: 'e' read as 'c' (never Indonesian)
        )
    )
)
_GARBAGE_CATEGORIES = frozenset({"Co", "Cn", "Cs", "Cc"})
_ALLOWED_CONTROLS = frozenset("\n\r\t\f\ufffe")  # U+FFFE: PDFium's line-end hyphen


@dataclass(frozen=True)
class TextQuality:
    """Measurements of one page's text used by :func:`needs_ocr`."""

    chars: int  # letters and digits
    garbage_share: float
    words: int
    noisy_words: int

    @property
    def noise_share(self) -> float:
        return self.noisy_words / self.words if self.words else 0.0


def _is_garbage(char: str) -> bool:
    if char in _ALLOWED_CONTROLS:
        return False
    return char == "\ufffd" or unicodedata.category(char) in _GARBAGE_CATEGORIES


def is_noisy_word(word: str) -> bool:
    """True for a word an OCR engine misread: glyph garbage (2OL9, PRESIDE}J) or a near miss
    of a frequent word (INOONESIA, rnenteri; see :mod:`extractors.ocr.lexicon`)."""
    return bool(_NOISE_PATTERNS.search(word)) or any(is_near_miss(core) for core in word_cores(word))


def text_quality(text: str) -> TextQuality:
    """Count characters, garbage glyphs and noisy words of ``text``."""
    visible = [c for c in text if not c.isspace()]
    garbage = sum(1 for c in visible if _is_garbage(c))
    words = [w for w in text.split() if len(w) <= MAX_WORD_LENGTH and any(c.isalpha() for c in w)]
    noisy = sum(1 for w in words if is_noisy_word(w))
    return TextQuality(
        chars=sum(1 for c in visible if c.isalnum()),
        garbage_share=garbage / len(visible) if visible else 0.0,
        words=len(words),
        noisy_words=noisy,
    )


def needs_ocr(
    text: str, mode: OcrMode, *, has_images: bool = True, ocr_layer: bool = False
) -> tuple[bool, str]:
    """Decide whether a page should be OCR'd; returns (decision, reason for the log).

    ``has_images=False`` says the page draws no image, so rendering it cannot reveal text
    the text layer lacks (a blank or vector-only page): then short text is kept as is.
    ``ocr_layer=True`` says the text is an earlier OCR run's invisible layer over a scan,
    judged against the stricter noise bar.
    """
    if mode is OcrMode.force:
        return True, "OCR forced"
    if mode is OcrMode.never:
        return False, "OCR disabled"
    quality = text_quality(text)
    if quality.chars < MIN_TEXT_CHARS:
        if not has_images:
            return False, f"only {quality.chars} characters but no image to OCR"
        return True, f"too little text ({quality.chars} characters)"
    if quality.garbage_share > MAX_GARBAGE_SHARE:
        return True, f"garbage glyphs ({quality.garbage_share:.0%} of characters)"
    limit = OCR_LAYER_MAX_NOISE_SHARE if ocr_layer else MAX_NOISE_SHARE
    if quality.words >= MIN_WORDS_FOR_NOISE and quality.noise_share > limit:
        return True, f"OCR-layer noise ({quality.noisy_words} of {quality.words} words)"
    return False, f"text layer ok ({quality.chars} characters)"
