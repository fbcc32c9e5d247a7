"""``collect_acronyms`` counts ASCII lines with ``bytes.translate`` and lines without two capitals
in a row at once: the same acronyms as reading every character and token in Python (the
reference below is the implementation it replaced), on generated lines and, when present, the corpus."""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest

from core.settings import ExtractOptions
from extractors.api import extract_document
from extractors.identity.text import KNOWN_ACRONYMS, Line, collect_acronyms, document_lines


def _reference(lines: list[Line]) -> set[str]:
    upper: Counter[str] = Counter()
    other: Counter[str] = Counter()
    for line in lines:
        letters = [ch for ch in line.text if ch.isalpha()]
        if not letters or sum(ch.islower() for ch in letters) < 0.5 * len(letters):
            continue
        tokens = re.findall(r"[A-Za-z]+", line.text)
        for i, token in enumerate(tokens):
            if not token.isupper() or len(token) < 2:
                other[token.upper()] += 1
                continue
            neighbours = tokens[max(0, i - 1) : i] + tokens[i + 1 : i + 2]
            if len(token) <= 6 and not any(n.isupper() and len(n) > 1 for n in neighbours):
                upper[token] += 1
    return {tok for tok, n in upper.items() if n > other[tok]} | set(KNOWN_ACRONYMS)


_WORDS = ["OPD", "opd", "Opd", "SPBE", "spbe", "TIK", "Dinas", "kominfo", "DISKOMINFO", "A", "I", "dan",
          "(BSSN)", "e-GOV", "ÉTÉ", "été", "Ärger", "ſ", "ǅ", "ⓐ", "ª", "123", "KAB.", "kab.", "x", "X",
          "KARMA", "SIMANIS", "data", "DATA", "Data", "OPDku", "/TIK/", "·", "\u00ad", "ＡＢ", "aBcD", "Ab"]


def _line(rng: random.Random) -> Line:
    return Line(1, " ".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 9))), 1.0)


@pytest.mark.parametrize("seed", range(40))
def test_same_acronyms_as_the_character_loop_on_generated_lines(seed: int) -> None:
    rng = random.Random(seed)
    lines = [_line(rng) for _ in range(rng.randint(1, 60))]
    assert collect_acronyms(lines) == _reference(lines)


def test_same_acronyms_on_the_corpus(corpus_dir: Path) -> None:
    files = sorted(p for p in corpus_dir.rglob("*") if p.suffix.lower() in {".pdf", ".docx"})[:40]
    assert files
    for path in files:
        lines = document_lines(extract_document(path, ExtractOptions(ocr="never")).pages)
        assert collect_acronyms(lines) == _reference(lines), path.name
