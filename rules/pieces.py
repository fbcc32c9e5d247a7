"""Tokenise a long text in pieces, so that spaCy's tokenizer cache keeps working.

spaCy's ``Tokenizer`` caches the tokens of every whitespace-separated chunk it has split with
its prefix, suffix and infix expressions, but within one call it stops saving to that cache
from the first chunk that involves a special case (a tokenizer exception such as "dll." or
"Dr."): ``has_special`` is one flag per call, set and never cleared (spaCy's fix for its
issue #1250). A document's first abbreviation thus turned the cache off for the rest of it,
and every later word went through the affix expressions again: tokenising the text corpus a
third time still took 0.74 CPU-s, against 0.10 for a tokenizer without exceptions. Called on
pieces of ~``PIECE_CHARS`` characters, each call starts with the flag clear; the pieces'
tokens are joined into one ``Doc`` (texts, spaces, and the ``NORM`` of exceptions), ~40 %
cheaper on the corpus.

The tokens are the same: spaCy splits a text at whitespace and tokenises each chunk on its
own; only its special-case matcher looks across chunks, for the token sequences of its
exceptions. A piece ends at a single space between two letters or digits, and no exception's
token sequence has two neighbouring tokens meeting letter to letter (:func:`cut_safe`, checked
when the tokenizer is built; where it does not hold the text is tokenised whole), so no such
sequence spans a cut. ``tests/rules/test_tokenizer.py`` compares both on generated text and
the corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy
from spacy.attrs import NORM, ORTH, SPACY
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

PIECE_CHARS = 1000


def cut_safe(tokenizer: Tokenizer) -> bool:
    """True when no exception's token sequence joins two tokens letter (or digit) to letter."""
    plain = Tokenizer(tokenizer.vocab, rules={}, prefix_search=tokenizer.prefix_search,
                      suffix_search=tokenizer.suffix_search, infix_finditer=tokenizer.infix_finditer,
                      token_match=tokenizer.token_match, url_match=tokenizer.url_match)
    for key in tokenizer.rules or {}:
        texts = [t.text for t in plain(key)]  # what spaCy's special-case matcher looks for
        if any(a[-1:].isalnum() and b[:1].isalnum() for a, b in zip(texts, texts[1:], strict=False)):
            return False
    return True


def pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """``text`` cut at single spaces between two letters or digits, about every ``size`` characters
    (the spaces themselves dropped)."""
    out: list[str] = []
    start, end = 0, len(text)
    while True:
        cut = text.find(" ", start + size)
        while cut != -1 and not (cut + 1 < end and text[cut - 1].isalnum() and text[cut + 1].isalnum()):
            cut = text.find(" ", cut + 1)
        if cut == -1:
            out.append(text[start:])
            return out
        out.append(text[start:cut])
        start = cut + 1


def tokenize_in_pieces(tokenize: Callable[[str], Doc], text: str, size: int = PIECE_CHARS) -> Doc:
    """``tokenize(text)``, computed piece by piece (see the module docstring)."""
    parts = pieces(text, size)
    if len(parts) == 1:
        return tokenize(text)
    docs = [tokenize(part) for part in parts]
    vocab = docs[0].vocab
    strings = vocab.strings
    words: list[str] = []
    spaces: list[bool] = []
    norms = []
    for i, doc in enumerate(docs):
        orths, spacy, norm = doc.to_array([ORTH, SPACY, NORM]).T
        words += [strings[o] for o in orths.tolist()]
        flags = [bool(s) for s in spacy.tolist()]
        if i < len(docs) - 1:
            flags[-1] = True  # the space the text was cut at
        spaces += flags
        norms.append(norm)
    joined = Doc(vocab, words=words, spaces=spaces)
    norm_column: Any = numpy.concatenate(norms).reshape(-1, 1)  # thinc's Ints2d, as to_array gives it
    joined.from_array([NORM], norm_column)
    return joined


__all__ = ["PIECE_CHARS", "cut_safe", "pieces", "tokenize_in_pieces"]
