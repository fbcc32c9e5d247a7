"""Whitespace collapsed over arrays (rules/spaces.py) gives what the word-by-word loop gave."""

from __future__ import annotations

import random
import re

import pytest

from rules.spaces import append_collapsed

_SOFT_HYPHEN_TABLE = str.maketrans({"\ufffe": "-", "\u00ad": "-", "\u2011": "-"})
_WHITESPACE_RUN = re.compile(r"\s+")


def _reference(text: str, parts: list[str], offsets: list[int]) -> list[int]:
    """``rules.text._append_normalised`` as it was (parts: words and single spaces)."""
    text = text.translate(_SOFT_HYPHEN_TABLE)
    normal: list[int] = []
    position = 0
    for run in _WHITESPACE_RUN.finditer(text):
        _word(text, position, run.start(), parts, offsets, normal)
        if not parts or parts[-1] != " ":
            parts.append(" ")
            offsets.append(run.start())
        normal.extend([len(offsets) - 1] * (run.end() - run.start()))
        position = run.end()
    _word(text, position, len(text), parts, offsets, normal)
    return normal


def _word(text: str, start: int, end: int, parts: list[str], offsets: list[int], normal: list[int]) -> None:
    if start < end:
        normal.extend(range(len(offsets), len(offsets) + end - start))
        parts.append(text[start:end])
        offsets.extend(range(start, end))


def _join(pages: list[str], append, ends_with_space) -> tuple[str, list[int], list[list[int]]]:
    """build_doc_text's loop over pages with one of the two ways of appending a page."""
    parts: list[str] = []
    offsets: list[int] = []
    normals = []
    for text in pages:
        if parts and not ends_with_space(parts):
            parts.append(" ")
            offsets.append(offsets[-1])
        normals.append(append(text, parts, offsets))
    return "".join(parts), offsets, normals


_PIECES = ["kata", "SPBE", "a", "1.", " ", "  ", "\n", "\r\n", "\t", "\xa0", "\u3000", "\x1c", "\x85",
           "\u2028", "\u00ad", "\u2011", "\ufffe", "é", "\ud800", "-", "…", "\u200b"]


def _page(rng: random.Random) -> str:
    return "".join(rng.choice(_PIECES) for _ in range(rng.choice([0, 1, 2, 5, 40, 300])))


@pytest.mark.parametrize("seed", range(20))
def test_collapsed_pages_equal_the_word_by_word_loop(seed: int) -> None:
    rng = random.Random(seed)
    pages = [_page(rng) for _ in range(rng.randint(1, 12))]
    old = _join(pages, _reference, lambda parts: parts[-1] == " ")
    new = _join(pages, lambda *a: append_collapsed(*a).tolist(), lambda parts: parts[-1].endswith(" "))
    assert new == old


def test_every_python_whitespace_character_collapses() -> None:
    spaces = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
    parts: list[str] = []
    offsets: list[int] = []
    assert append_collapsed(f"a{spaces}b", parts, offsets).tolist() == [0] + [1] * len(spaces) + [2]
    assert "".join(parts) == "a b" and offsets == [0, 1, len(spaces) + 1]


@pytest.mark.parametrize("seed", range(4))
def test_collapsed_by_split_equals_the_expression(seed: int) -> None:
    from rules.spaces import _collapsed

    rng = random.Random(seed)
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    pieces = [*spaces, "a", "Bc", "-", "\ud800", "é", "\u200b", "  \n"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert _collapsed(text, text[0].isspace(), text[-1].isspace()) == _WHITESPACE_RUN.sub(" ", text)
