"""bukti's fast-built tokenizer gives exactly the tokens of spaCy's ``id`` tokenizer with bukti's suffix."""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import pytest
from spacy.lang.id import Indonesian

from rules.tokenizer import EXTRA_SUFFIXES, HYPHENATED_WORDS, BuktiIndonesian


class _ReferenceDefaults(Indonesian.Defaults):
    suffixes = [*(Indonesian.Defaults.suffixes or ()), *EXTRA_SUFFIXES]


class _Reference(Indonesian):
    """The tokenizer as spaCy builds it: every exception a special case (~1.5 s to build)."""

    Defaults = _ReferenceDefaults


@lru_cache(maxsize=1)
def _pair() -> tuple[BuktiIndonesian, _Reference]:
    return BuktiIndonesian(), _Reference()


def _tokens(nlp, text: str) -> list[tuple[str, str, int]]:
    return [(t.text, t.whitespace_, t.idx) for t in nlp.make_doc(text)]


def _generated(seed: int) -> str:
    rng = random.Random(seed)
    words = sorted(HYPHENATED_WORDS)
    plain = ["data", "SPBE", "e", "government", "x", "2024", "Kota", "-", "--", "/", "(", ")", ",", ".",
             ":-)"]
    joins = ["", "", " ", "-", "/", ",", ")", "(", "-nya", " - ", "'"]
    parts = []
    for _ in range(1500):
        part = rng.choice(words) if rng.random() < 0.5 else rng.choice(plain)
        if rng.random() < 0.3:
            part = part.upper() if rng.random() < 0.5 else part.title()
        parts.append(part + rng.choice(joins))
    return "".join(parts)


@pytest.mark.parametrize("seed", range(8))
def test_same_tokens_as_spacy_on_generated_text(seed: int) -> None:
    fast, reference = _pair()
    text = _generated(seed)
    assert _tokens(fast, text) == _tokens(reference, text)


@pytest.mark.parametrize("text", [
    "e-government/TIK", "kupu-kupu-kupu-kupu", "kupu - kupu-kupu", "(kupu-kupu/abang-abang)",
    "e-government-nya", "anak-Anak", "x kupu-kupu-kupu", "masing-masing.", "-kupu-kupu-", "a-b-c-d",
])
def test_same_tokens_on_edge_cases(text: str) -> None:
    fast, reference = _pair()
    assert _tokens(fast, text) == _tokens(reference, text)


def test_same_tokens_on_the_corpus(corpus_dir: Path) -> None:
    from core.settings import ExtractOptions, OcrMode
    from extractors.api import extract_document
    from rules.text import build_doc_text

    fast, reference = _pair()
    pdfs = sorted(corpus_dir.rglob("*.pdf"))[:40]
    checked = 0
    for path in pdfs:
        doc = extract_document(path, ExtractOptions(ocr=OcrMode.never))
        text = build_doc_text(doc.pages).text if doc.pages else ""
        if text.strip():
            assert _tokens(fast, text) == _tokens(reference, text), path.name
            checked += 1
    assert checked >= 10


def test_the_hyphenated_words_are_the_exceptions_spacy_keeps_whole() -> None:
    assert len(HYPHENATED_WORDS) > 15_000
    fast, _ = _pair()
    assert "masing-masing" in HYPHENATED_WORDS and len(fast.make_doc("masing-masing")) == 1


# Tokenising in pieces (rules/pieces.py): the same tokens as one call, whatever the piece size.

def _spacy_tokens(doc) -> list[tuple[str, str, int, str]]:
    return [(t.text, t.whitespace_, t.idx, t.norm_) for t in doc]


def _abbreviations(seed: int) -> str:
    """Text full of the exceptions spaCy keeps as special cases (``dll.``, ``Dr. rer. nat.``)."""
    rng = random.Random(seed)
    fast, _ = _pair()
    specials = sorted(k for k in fast.tokenizer.tokenizer.rules if k.strip())
    plain = ["data", "SPBE", "2024", "Kota", "(", ")", ",", ".", "kupu-kupu", "a", "x1"]
    joins = [" ", " ", " ", "", ",", ".", ")", "("]
    return "".join((rng.choice(specials) if rng.random() < 0.3 else rng.choice(plain)) + rng.choice(joins)
                   for _ in range(3000))


def test_the_tokenizer_is_safe_to_cut_and_uses_pieces() -> None:
    from rules.pieces import cut_safe

    fast, _ = _pair()
    assert fast.tokenizer.in_pieces and cut_safe(fast.tokenizer.tokenizer)


@pytest.mark.parametrize("size", [1, 7, 50, 400])
@pytest.mark.parametrize("seed", range(4))
def test_pieces_give_the_tokens_of_one_call(seed: int, size: int) -> None:
    from rules.pieces import pieces, tokenize_in_pieces

    base = _pair()[0].tokenizer.tokenizer
    for text in (_abbreviations(seed), _generated(seed), " " + _abbreviations(seed + 10) + " "):
        assert len(pieces(text, size)) > 1
        assert _spacy_tokens(tokenize_in_pieces(base, text, size)) == _spacy_tokens(base(text))


def test_pieces_give_the_tokens_of_one_call_on_the_corpus(corpus_dir: Path) -> None:
    from core.settings import ExtractOptions, OcrMode
    from extractors.api import extract_document
    from rules.pieces import tokenize_in_pieces
    from rules.text import build_doc_text

    base = _pair()[0].tokenizer.tokenizer
    checked = 0
    for path in sorted(corpus_dir.rglob("*.pdf"))[:25]:
        doc = extract_document(path, ExtractOptions(ocr=OcrMode.never))
        text = build_doc_text(doc.pages).text if doc.pages else ""
        if text.strip():
            for size in (60, 1000):
                pieced = tokenize_in_pieces(base, text, size)
                assert _spacy_tokens(pieced) == _spacy_tokens(base(text)), path.name
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize("seed", range(3))
def test_pieces_keep_whitespace_tokens(seed: int) -> None:
    """Runs of spaces, tabs and other whitespace (tokens of their own) around the cuts."""
    from rules.pieces import tokenize_in_pieces

    base = _pair()[0].tokenizer.tokenizer
    rng = random.Random(seed)
    parts = ["data", "Dr.", "rer.", "nat.", "dll.", " ", "  ", "\n", "\t", "\xa0", "x1", "(", ".", "\u3000"]
    text = "".join(rng.choice(parts) + rng.choice(["", " ", " ", "  "]) for _ in range(2000))
    for size in (1, 5, 30):
        assert _spacy_tokens(tokenize_in_pieces(base, text, size)) == _spacy_tokens(base(text))
