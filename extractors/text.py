"""Text cleanup before matching, and the per-page "does this need OCR?" decision.

Everything here is pure and deterministic: the same input text gives the same output.
Pages store the *cleaned* text (see :func:`clean_pages`), so every character offset used by
structure marks and rule passages points into exactly what is stored and shown.

Cleanup, in order: Unicode NFKC, line ends, soft/PDFium line-end hyphens, whitespace per line
(line breaks kept, runs of blank lines collapsed); then, across pages, page-number lines
(``-2-``, ``Halaman 2 dari 10``, bare numbers running in step with the page) and running
headers/footers repeated on most pages (kept at their first occurrence); finally words
hyphenated across a line break are joined (``pemerin-`` / ``tahan`` -> ``pemerintahan``, but
``masing-`` / ``masing`` -> ``masing-masing``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable

from core.models import PageText
from extractors.quality import needs_ocr, text_quality
from extractors.structure import is_heading_line

__all__ = ["clean_page_texts", "clean_pages", "is_page_number_line", "join_hyphenated", "needs_ocr",
           "normalize_text", "text_quality"]

# How many non-empty lines at the top and at the bottom of a page count as its margins.
EDGE_LINES = 4
# Decorated page numbers ("-2-") are unambiguous, so they are looked for deeper: scans with an
# OCR layer often put a letterhead before them.
PAGE_NUMBER_EDGE_LINES = 6
# A line is a running header/footer when it sits in the margins of at least this share of
# pages (and at least RUNNING_MIN_PAGES pages). 0.6 stays clear of repeated body lines seen in
# the corpus (e.g. a questionnaire line on 50 % of the pages of PermenPANRB 59/2020).
RUNNING_MIN_SHARE = 0.6
RUNNING_MIN_PAGES = 3
# Bare page numbers must step with the page index on at least this many pages.
BARE_NUMBER_MIN_PAGES = 2

_LETTER = r"[^\W\d_]"
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_PAGE_NUMBER_RES = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"[-–—_]\s*\d{1,4}\s*[-–—_]?",  # -2-  - 2 -  _10_  -10
        r"(halaman|hal\.?|page)\s*[|:.]?\s*\d{1,4}(\s*(dari|of|/)\s*\d{1,4})?",
        r"\d{1,4}\s*(dari|of|/)\s*\d{1,4}",  # 2 dari 10, 2/10
    )
)
_BARE_NUMBER = re.compile(r"\d{1,4}|[ivxl]{1,7}")
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}
# Only at the start of a word: the leftmost match always starts there anyway, and without the
# look-behind the expression was tried (and backtracked) at every letter of every word, ~3 % of a
# text job. Same matches (tests/extractors/test_text_cleanup.py compares both).
_HYPHEN_BREAK = re.compile(rf"(?<!{_LETTER})({_LETTER}+)-\n[ \t]*({_LETTER}+)")


def normalize_text(raw: str) -> str:
    """NFKC, ``\\n`` line ends, line-end hyphen markers, tidy whitespace; keeps line breaks."""
    text = unicodedata.normalize("NFKC", raw).translate(_ZERO_WIDTH)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    # PDFium reports a hyphen at a line end as U+FFFE and drops the line break.
    text = text.replace("\ufffe", "-\n").replace("\u00ad\n", "-\n").replace("\u00ad", "")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return _collapse_blank_lines(lines)


def _collapse_blank_lines(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


def _keeps_hyphen(left: str, right: str) -> bool:
    """True when ``left-right`` is a real hyphenated word, not a word split by typesetting."""
    if len(left) == 1 or right[0].isupper():  # e-government, Undang-Undang
        return True
    left_l, right_l = left.lower(), right.lower()
    # Reduplication (masing-masing, perundang-undangan, sebaik-baiknya): a tail of the left
    # part starts the right part.
    for size in range(len(left_l), 2, -1):
        if right_l.startswith(left_l[-size:]):
            return True
    return False


def join_hyphenated(text: str) -> str:
    """Join words hyphenated across a line break; keep the hyphen of real compounds."""

    def _join(match: re.Match[str]) -> str:
        left, right = match.group(1), match.group(2)
        return f"{left}-{right}" if _keeps_hyphen(left, right) else f"{left}{right}"

    if "-\n" not in text:  # half the pages have no line-end hyphen at all
        return text
    return _HYPHEN_BREAK.sub(_join, text)


def is_page_number_line(line: str) -> bool:
    """True for decorated page-number lines: ``-2-``, ``- 2 -``, ``Halaman 2 dari 10``, ``Page 3``."""
    stripped = line.strip()
    return any(p.fullmatch(stripped) for p in _PAGE_NUMBER_RES)


def _edge_indexes(lines: list[str], size: int = EDGE_LINES) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:size] + filled[-size:]))


def _running_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


def _bare_value(line: str) -> tuple[str, int] | None:
    token = line.strip()
    if not _BARE_NUMBER.fullmatch(token):
        return None
    if token.isdigit():
        return "arabic", int(token)
    values = [_ROMAN[c] for c in token]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return "roman", total


def _bare_number_lines(pages: list[list[str]]) -> set[tuple[int, int]]:
    """(page index, line index) of bare numbers that step with the page index."""
    candidates: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for p, lines in enumerate(pages):
        for i in _edge_indexes(lines, 2):
            value = _bare_value(lines[i])
            if value is not None:
                candidates[(value[0], p - value[1])].append((p, i))
    return {
        hit for hits in candidates.values()
        if len({p for p, _ in hits}) >= BARE_NUMBER_MIN_PAGES for hit in hits
    }


def _running_lines(pages: list[list[str]]) -> set[tuple[int, int]]:
    """(page index, line index) of repeated margin lines, except each one's first occurrence."""
    occurrences: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for p, lines in enumerate(pages):
        for i in _edge_indexes(lines):
            line = lines[i]
            if len(re.findall(_LETTER, line)) >= 3 and not is_heading_line(line):
                occurrences[_running_key(line)].append((p, i))
    needed = max(RUNNING_MIN_PAGES, RUNNING_MIN_SHARE * len(pages))
    drop: set[tuple[int, int]] = set()
    for hits in occurrences.values():
        if len({p for p, _ in hits}) >= needed:
            drop.update(hits[1:])
    return drop


def _page_number_lines(pages: list[list[str]]) -> set[tuple[int, int]]:
    return {(p, i) for p, lines in enumerate(pages) for i in _edge_indexes(lines, PAGE_NUMBER_EDGE_LINES)
            if is_page_number_line(lines[i])}


_FURNITURE_FINDERS: tuple[Callable[[list[list[str]]], set[tuple[int, int]]], ...] = (
    _page_number_lines, _bare_number_lines, _running_lines,
)


def clean_page_texts(texts: list[str]) -> list[str]:
    """Clean the texts of one document's pages (order matters: headers repeat across pages)."""
    pages = [normalize_text(t).split("\n") for t in texts]
    drop: set[tuple[int, int]] = set()
    for finder in _FURNITURE_FINDERS:
        drop |= finder(pages)
    cleaned: list[str] = []
    for p, lines in enumerate(pages):
        kept = [line for i, line in enumerate(lines) if (p, i) not in drop]
        cleaned.append(join_hyphenated(_collapse_blank_lines(kept)))
    return cleaned


def clean_pages(pages: list[PageText]) -> list[PageText]:
    """Pages with cleaned text (tables and everything else unchanged)."""
    texts = clean_page_texts([p.text for p in pages])
    return [p.model_copy(update={"text": t}) for p, t in zip(pages, texts, strict=True)]

