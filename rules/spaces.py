"""Whitespace runs collapsed to one space, with the way back to every original character.

``rules.text`` joins a document's pages into the one string the matcher reads; this does one
page: soft hyphens become ``-``, each whitespace run (``str.isspace``, which is what ``\\s``
matches in a ``str`` pattern) becomes one space, and two tables come back: for each kept
character its offset in the page, and for each page character the index of the kept character
standing for it (a run's characters all map to its space). The tables are computed over arrays
(numpy) instead of word by word in Python: word by word this was ~6 % of matching a document.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

_SOFT_HYPHENS = ("\ufffe", "\u00ad", "\u2011")  # each becomes "-" (str.replace: ~100x faster than translate)
_LAST_SPACE = 0x3000  # the highest code point str.isspace accepts (IDEOGRAPHIC SPACE)


@lru_cache(maxsize=1)
def _is_space() -> Any:
    """For each code point up to :data:`_LAST_SPACE`, whether it is whitespace (numpy, imported
    on first use: the flow process imports ``rules.text`` but never normalises a text)."""
    import numpy

    return numpy.array([chr(c).isspace() for c in range(_LAST_SPACE + 1)], dtype=bool)


def append_collapsed(text: str, parts: list[str], offsets: list[int]) -> Any:
    """Append ``text`` collapsed to ``parts`` and its kept characters' offsets to ``offsets``;
    returns the normalised index (in ``offsets``) of each character of ``text``, as a numpy
    array: only a few entries are read (line starts and ends, ``rules.text``), and turning one
    per character into a list was half of this function's time.

    A run at the start of ``text`` right after a space already in ``parts`` adds no second one:
    it maps to that space.
    """
    import numpy

    if not text:
        return numpy.zeros(0, dtype=numpy.int64)
    for hyphen in _SOFT_HYPHENS:
        text = text.replace(hyphen, "-")
    # 4 bytes a character, lone surrogates (PDF text may hold them) included
    codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    space = _is_space()[numpy.minimum(codes, _LAST_SPACE)] & (codes <= _LAST_SPACE)
    keep = ~space
    keep[1:] |= space[1:] & ~space[:-1]  # the first character of each run stands for the run
    after_space = bool(parts) and parts[-1].endswith(" ")
    keep[0] = not space[0] or not after_space
    base = len(offsets)
    offsets.extend(numpy.flatnonzero(keep).tolist())
    collapsed = _collapsed(text, bool(space[0]), bool(space[-1]))
    if space[0] and after_space:
        collapsed = collapsed[1:]
    if collapsed:
        parts.append(collapsed)
    return numpy.cumsum(keep) + (base - 1)


__all__ = ["append_collapsed"]


def _collapsed(text: str, starts_spaced: bool, ends_spaced: bool) -> str:
    """``re.sub(r"\\s+", " ", text)`` for a non-empty ``text``, 3x faster: ``str.split``
    cuts at the same characters (``str.isspace``) in C, without a match object per run."""
    words = " ".join(text.split())
    if not words:
        return " "
    return (" " if starts_spaced else "") + words + (" " if ends_spaced else "")
