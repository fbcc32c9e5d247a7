"""Overlaps within a match key resolved by ``rules.matcher._longest`` as spaCy's ``filter_spans``."""

from __future__ import annotations

import random

import pytest

from rules.matcher import _longest, get_nlp


def _reference(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``_longest`` as it was written before its one-pass and ``bytearray`` paths."""
    kept: list[tuple[int, int]] = []
    taken: set[int] = set()
    for start, end in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0])):
        if not taken.intersection(range(start, end)):
            kept.append((start, end))
            taken.update(range(start, end))
    return sorted(kept)


@pytest.mark.parametrize("seed", range(20))
def test_longest_keeps_what_the_reference_keeps(seed: int) -> None:
    rng = random.Random(seed)
    size = rng.choice([5, 40, 400])
    cases = []
    for _ in range(300):
        spans = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randrange(size)
            spans.append((start, min(size, start + rng.randint(1, 6))))
        cases.append(spans + spans[: rng.randint(0, 2)])  # duplicates, as several patterns give
    assert all(_longest(spans) == _reference(spans) for spans in cases)
    assert any(_longest(spans) != sorted(set(spans)) for spans in cases)  # overlaps were resolved


def test_longest_equals_spacys_filter_spans() -> None:
    from spacy.util import filter_spans

    doc = get_nlp().make_doc(" ".join(["kata"] * 50))
    rng = random.Random(7)
    for _ in range(200):
        starts = [rng.randrange(50) for _ in range(rng.randint(1, 10))]
        spans = [(s, min(50, s + rng.randint(1, 5))) for s in starts]
        expected = sorted((s.start, s.end) for s in filter_spans([doc[a:b] for a, b in set(spans)]))
        assert _longest(spans) == expected


def test_longest_of_disjoint_spans_is_them_sorted_once() -> None:
    assert _longest([(5, 7), (0, 2), (2, 5), (0, 2)]) == [(0, 2), (2, 5), (5, 7)]
    assert _longest([]) == []
