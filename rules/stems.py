"""Indonesian stems for matching across affixes (menerapkan / diterapkan / penerapan -> terap).

Stem phrases of a rule pack (``TermSet.stems``) are matched on a parallel document whose
words are the stems of the text's tokens, so token indexes, pages and offsets are those of
the text itself. The stemmer is PySastrawi (Nazief-Adriani with a root-word dictionary):
measured against the ``id`` lemma table of spacy-lookups-data on 75 affixed forms of 25 roots
common in regulations (``python tools/stem_compare.py``), Sastrawi stemmed 73 (it reads
mengesahkan and pengesahan as "kesah"); the lookup table missed 28, 25 of them passive ``di-``
forms (diterapkan, dikelola, diunggah ...). Stems are cached per word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

_MIN_LETTERS = 4  # shorter words ("dan", "di", "TIK") are kept as they are
# Loanwords of e-government that Sastrawi's root dictionary lacks, so "menginputkan",
# "diverifikasi" or "terintegrasi" keep their affixes without them. Roots only, no phrases.
EXTRA_ROOTS = (
    "input", "entri", "upload", "download", "login", "logout", "update", "verifikasi", "validasi",
    "integrasi", "sinkronisasi", "interkoneksi", "evaluasi", "reviu", "review", "audit", "monitoring",
    "implementasi", "digitalisasi", "publikasi", "otorisasi", "autentikasi", "enkripsi", "backup",
    "instal", "konfigurasi", "migrasi", "registrasi", "notifikasi", "konsultasi", "koordinasi",
    "sosialisasi", "optimalisasi", "identifikasi", "inventarisasi", "klasifikasi", "dokumentasi",
)


@lru_cache(maxsize=1)
def _stemmer() -> Any:  # Sastrawi ships no type information
    # ~0.3 s for the dictionary, imported on first use
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    from rules.stem_re import install

    words = StemmerFactory().get_words()
    stemmer = Stemmer(ArrayDictionary([*words, *EXTRA_ROOTS]))
    install()  # Sastrawi's patterns compiled once, its word-as-pattern removals as str.replace (~20 %)
    return stemmer


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one lower-case word; words with digits or symbols are kept whole."""
    if len(word) < _MIN_LETTERS or not word.isalpha():
        return word
    return _stemmer().stem(word) or word


def stem_doc(nlp: Language, doc: Doc) -> Doc:
    """A Doc of the stems of ``doc``'s tokens, token for token (same indexes)."""
    return Doc(nlp.vocab, words=[stem(t.lower_) for t in doc])


class StemFilter:
    """Tells which words could stem to a word of the pack's stem phrases; others need no stemming.

    Sastrawi only takes affixes off a word, and where a prefix assimilated the root's first
    letter (me-N-: "menyusun" <- "susun", "mengelola" <- "kelola") it puts back that one letter.
    So a word whose stem is ``r`` always contains ``r`` without its first letter, and a word
    containing none of those cores cannot stem to any phrase word: it is matched as itself.
    Stemming the ~5 % of words that pass costs a tenth of stemming them all (PySastrawi takes
    ~0.2 ms a word).
    """

    def __init__(self, nlp: Language, phrases: Iterable[str]) -> None:
        roots = {stem(t.lower_) for p in phrases for t in nlp.make_doc(p)}
        cores = sorted({r[1:] for r in roots if len(r) > 1}, key=len, reverse=True)
        self._core = re.compile("|".join(map(re.escape, cores))) if cores else None

    def wants(self, word: str) -> bool:
        # Sastrawi blanks every character outside [a-z0-9 -] ("naïve" -> "na ve"), so the
        # substring argument holds for ASCII words only: the others are always stemmed.
        return self._core is not None and (not word.isascii() or self._core.search(word) is not None)


# Stands for every stem no stem phrase has (no phrase word is a lone NUL: checked where used).
OTHER_WORD = "\x00"


def stem_words(lowers: list[str], keep: StemFilter | None = None,
               phrase_words: set[str] | None = None) -> list[str]:
    """The stems of lower-case token texts; words ``keep`` rules out stay as they are.

    With ``phrase_words`` (the lower-case words of the stem phrases), a stem that is none of them
    comes back as :data:`OTHER_WORD`: a phrase matcher on ``LOWER`` matches runs of phrase words
    only, so its matches are the same, and the ``Doc`` of the stems is built from a few hundred
    distinct words instead of ~20k a document, most of them lower-case forms the vocabulary did
    not hold yet (each a new lexeme: ~2 % of a job's CPU on the text corpus).
    """
    table = {w: stem(w) if keep is None or keep.wants(w) else w for w in set(lowers)}  # ~1 in 10 distinct
    if phrase_words and OTHER_WORD not in phrase_words:
        table = {w: s if s.lower() in phrase_words else OTHER_WORD for w, s in table.items()}
    return [table[w] for w in lowers]


__all__ = ["OTHER_WORD", "StemFilter", "stem", "stem_doc", "stem_words"]
