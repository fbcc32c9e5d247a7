"""The fast paths of ``rules.text`` decide as the plain expressions they skip."""

from __future__ import annotations

import random

import pytest

from rules.text import _CAPTION, _LEADER_ENTRY, _MULTI_NUMBERED, _is_heading, _may_lead

_CHARS = "abcXYZ019 .,;:()-_…\tⅫⒶéÉ"


def _lines(seed: int, count: int = 20_000) -> list[str]:
    rng = random.Random(seed)
    pieces = [*_CHARS, "....", ". . . .", "……", "____", "BAB IV", "Pasal 3", "iv", "12"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 24))) for _ in range(count)]


def _reference_heading(text: str, previous: str) -> bool:
    """``_is_heading`` as it was written before its ASCII fast path."""
    if not 3 <= len(text) <= 100 or text[-1] in ";,":
        return False
    letters = [c for c in text if c.isalpha()]
    upper = len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) >= 0.8
    after_caption = bool(_CAPTION.match(previous)) and not _CAPTION.match(text)
    return upper or after_caption or bool(_MULTI_NUMBERED.match(text))


@pytest.mark.parametrize("seed", range(3))
def test_heading_fast_path_decides_as_the_reference(seed: int) -> None:
    lines = _lines(seed) + [s.upper() for s in _lines(seed + 10, 5000)]
    previous = ["", "BAB I", "Bagian Kedua", "x"]
    decided = [(_is_heading(t, p), _reference_heading(t, p)) for t in lines for p in previous[seed:seed + 2]]
    assert all(a == b for a, b in decided)
    assert sum(a for a, _ in decided) > 100  # the generated lines include headings


@pytest.mark.parametrize("seed", range(3))
def test_leader_prefilter_never_drops_a_leader_line(seed: int) -> None:
    # rules.text tests stripped lines; letters that case-fold near i, v, x, l, c end some
    odd = ["ı", "İ", "Ⅰ", "ⅰ", "K", "ſ", "Ｉ", "٣"]
    lines = [t.strip() for t in _lines(seed)]
    lines += [t + random.Random(seed).choice(odd) for t in lines[:5000]]
    matched = [t for t in lines if t and _LEADER_ENTRY.search(t)]
    assert len(matched) > 100
    assert all(_may_lead(t) for t in matched)
    assert not all(_may_lead(t) for t in lines if t and t.count(".") >= 4)  # it does skip lines
