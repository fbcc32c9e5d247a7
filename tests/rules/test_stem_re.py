"""rules.stem_re: Sastrawi with its own ``re`` stems exactly as Sastrawi with Python's ``re``."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from rules import stem_re, stems

PREFIXES = ("me", "mem", "men", "meng", "meny", "di", "pe", "pen", "peng", "ber", "ter", "ke", "se", "per",
            "memper", "diper", "keber", "pember")
SUFFIXES = ("", "kan", "an", "i", "nya", "lah", "kah", "pun", "annya", "kannya", "isasi", "isme")
# words whose letters ``re`` and ``str`` could treat differently, if anything did
ODD = ["naïve", "ſosial", "\u212aelola", "ıdentitas", "mengelolaſ", "pengelolaan²", "kebijakanⅣ", "memper",
       "di", "an", "kan", "ber-", "berbalas-balasan", "meniru-nirukan", "buku-bukunya", "", "a"]


def _sastrawi_modules() -> list:
    return [m for n, m in list(sys.modules.items()) if n == "Sastrawi" or n.startswith("Sastrawi.")]


def _stems_with(module_re: object, words: list[str]) -> list[str]:
    """Stems of ``words`` by a new Sastrawi stemmer whose modules see ``module_re`` as ``re``."""
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    stemmer = Stemmer(ArrayDictionary([*StemmerFactory().get_words(), *stems.EXTRA_ROOTS]))
    saved = {m: m.re for m in _sastrawi_modules() if hasattr(m, "re")}
    try:
        for module in saved:
            module.re = module_re
        return [stemmer.stem(w) for w in words]
    finally:
        for module, before in saved.items():
            module.re = before


def _generated_words() -> list[str]:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    roots = StemmerFactory().get_words()[::23]  # ~1,300 roots of every initial letter
    return [p + r + s for r in roots for p in PREFIXES[::3] for s in SUFFIXES[::2]] + ODD


def _assert_same_stems(words: list[str]) -> None:
    stems._stemmer()  # Sastrawi's modules loaded (and, through rules.stems, given StemmerRe)
    assert _stems_with(re, words) == _stems_with(stem_re.StemmerRe(), words)


def test_install_reaches_every_sastrawi_module_using_re() -> None:
    stems._stemmer()
    users = [m for m in _sastrawi_modules() if hasattr(m, "re")]
    assert len(users) > 40  # visitors, disambiguators, the normaliser, the stemmer
    assert all(isinstance(m.re, stem_re.StemmerRe) for m in users)
    assert stem_re.install() == 0  # nothing left that sees Python's re


def test_same_results_as_re_for_each_call() -> None:
    ours = stem_re.StemmerRe()
    cases = [("kelola", "pengelolaan"), ("", "abc"), ("an", "ananan"), ("²", "x²y²"), ("a", "b"),
             ("k", "\u212aelola"), ("ab", "abab"), ("ke.a", "kelola"), ("(is|i|kan|an)$", "dikelolakan")]
    for pattern, word in cases:
        for count in (0, 1, 2):
            assert ours.sub(pattern, "", word, count=count) == re.sub(pattern, "", word, count=count)
        assert ours.sub(pattern, "-", word, count=1) == re.sub(pattern, "-", word, count=1)
        assert ours.sub(pattern, "", word, flags=re.IGNORECASE) == re.sub(pattern, "", word,
                                                                           flags=re.IGNORECASE)
    match = ours.match(r"^meng([aiueo].*)$", "mengelola")
    assert match is not None and match.group(1) == "elola"
    assert ours.match(r"^ber([aiueo].*)$", "mengelola") is None
    assert ours.escape("a.b") == re.escape("a.b")  # anything else is Python's re


def test_generated_affixed_words_stem_the_same() -> None:
    _assert_same_stems(_generated_words())


def test_corpus_words_stem_the_same(corpus_dir: Path) -> None:
    from core.settings import ExtractOptions
    from extractors.api import extract_document

    words: set[str] = set()
    for path in sorted(corpus_dir.rglob("*.docx"))[:6] + sorted(corpus_dir.rglob("*.pdf"))[:12]:
        document = extract_document(path, ExtractOptions(ocr="never"), raise_errors=False)
        for page in document.pages:
            words.update(w.lower() for w in re.findall(r"\w+", page.text) if len(w) >= 4)
    if len(words) < 500:
        pytest.skip("too few corpus words with a text layer")
    _assert_same_stems(sorted(words))
