"""The Indonesian pipeline bukti matches with: spaCy's blank ``id``, one suffix rule, built fast.

A trailing slash is split off ("memverifikasi/ mengesahkan"): spaCy's default suffixes keep it
on the word, so phrases would miss enumerations written with slashes. The rule sits in the
language *defaults*, so the tokenizer is built once with it.

Built as ``spacy.blank("id")`` builds it, the tokenizer took 1.2-1.8 s: 15,573 of its 15,963
exceptions are hyphenated words kept whole ("masing-masing", "e-government"), and spaCy adds
each as a special case (validated, tokenised, two lexemes, an entry in its special-case
matcher). Every process paid it before matching its first document: a one-file ``assess``,
the workers' fork server, each test run. Here those words are given to the tokenizer as its
``token_match`` instead, which spaCy consults wherever it consults special cases, and the one
thing special cases do beyond that, merging a word found inside a longer string
("e-government/TIK", "kupu-kupu-kupu") after infix splitting, is done by
:class:`HyphenatedTokenizer` the way spaCy's special-case matcher does it. The tokens are the
same (tests/rules/test_tokenizer.py compares both tokenizers on generated text and, when
present, the corpus); the tokenizer builds in ~0.07 s.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.attrs import ORTH, SPACY
from spacy.lang.id import Indonesian, IndonesianDefaults
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from rules.pieces import cut_safe, tokenize_in_pieces

# The one rule bukti adds to spaCy's Indonesian suffixes.
EXTRA_SUFFIXES = (r"/+",)

_HYPHENATED = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)+$")  # letters, hyphen, letters (...)


def split_exceptions(exceptions: dict) -> tuple[frozenset[str], dict]:
    """(hyphenated words kept whole as one token, the other exceptions)."""
    words = frozenset(k for k, v in exceptions.items() if _HYPHENATED.match(k) and v == [{ORTH: k}])
    return words, {k: v for k, v in exceptions.items() if k not in words}


HYPHENATED_WORDS, _OTHER_EXCEPTIONS = split_exceptions(Indonesian.Defaults.tokenizer_exceptions)


class _BuktiIndonesianDefaults(IndonesianDefaults):
    suffixes = [*(IndonesianDefaults.suffixes or ()), *EXTRA_SUFFIXES]
    tokenizer_exceptions = _OTHER_EXCEPTIONS
    token_match = HYPHENATED_WORDS.__contains__


class HyphenatedTokenizer:
    """spaCy's tokenizer, then the hyphenated words found inside longer strings merged.

    spaCy's special-case matcher looks for a special case's own split ("kupu", "-", "kupu") in
    the tokens, takes the longest matches first (the earliest of equal length), skips one that
    starts or ends on a token an earlier match covered, and merges a kept match only when its
    text is the special case (no space inside). The same here, for the hyphenated words.
    """

    def __init__(self, tokenizer: Callable[[str], Doc], words: frozenset[str]) -> None:
        self.tokenizer = tokenizer
        self.words = words
        # long texts are tokenised in pieces, where that gives the same tokens (rules/pieces.py)
        self.in_pieces = isinstance(tokenizer, Tokenizer) and cut_safe(tokenizer)

    def __call__(self, text: str) -> Doc:
        doc = tokenize_in_pieces(self.tokenizer, text) if self.in_pieces else self.tokenizer(text)
        spans = _kept(_candidates(doc, self.words))
        if spans:
            with doc.retokenize() as retokenizer:
                for start, end in spans:
                    retokenizer.merge(doc[start:end])
        return doc

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)  # vocab, rules, explain ...


def _candidates(doc: Doc, words: frozenset[str]) -> list[tuple[int, int, bool]]:
    """(start, end, has a space inside) of every token run "w - w (- w ...)" spelling a word."""
    strings = doc.vocab.strings
    orths, spaces = doc.to_array([ORTH, SPACY]).T.tolist()
    hyphen = strings["-"] if "-" in strings else None
    hyphens = [i for i, orth in enumerate(orths) if orth == hyphen and 0 < i < len(orths) - 1]
    found: list[tuple[int, int, bool]] = []
    for start, end in _chains(hyphens, orths, hyphen):
        texts = [strings[o] for o in orths[start:end]]
        if any("-" in t for t in texts[::2]):
            texts = [t if "-" not in t or t == "-" else "\0" for t in texts]  # a whole word: no part
        for a in range(0, len(texts), 2):
            for b in range(a + 3, len(texts) + 1, 2):
                if "".join(texts[a:b]) in words:
                    found.append((start + a, start + b, any(spaces[start + a : start + b - 1])))
    return found


def _chains(hyphens: list[int], orths: list[int], hyphen: int | None) -> list[tuple[int, int]]:
    """Maximal runs word, hyphen, word, hyphen, ... word (token ranges)."""
    chains: list[list[int]] = []
    for h in hyphens:
        if orths[h - 1] == hyphen or orths[h + 1] == hyphen:
            continue
        if chains and chains[-1][1] == h:
            chains[-1][1] = h + 2
        else:
            chains.append([h - 1, h + 2])
    return [(s, e) for s, e in chains]


def _kept(candidates: list[tuple[int, int, bool]]) -> list[tuple[int, int]]:
    seen: set[int] = set()
    kept = []
    for start, end, spaced in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if start not in seen and end - 1 not in seen and not spaced:
            kept.append((start, end))
        seen.update(range(start, end))
    return sorted(kept)


class BuktiIndonesian(Indonesian):
    """``spacy.blank("id")`` with :data:`EXTRA_SUFFIXES` (same ``lang``, same vocabulary)."""

    Defaults = _BuktiIndonesianDefaults

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tokenizer = HyphenatedTokenizer(self.tokenizer, HYPHENATED_WORDS)
