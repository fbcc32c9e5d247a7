"""Matching shortcuts must find exactly what the plain matchers find.

The anchored Matcher runs token patterns only near the tokens they require; the stem filter
skips stemming words that cannot stem to a phrase word; identical term sets are matched once.
Each is compared here with the plain path on generated text built from the packs' own words.
"""

from __future__ import annotations

import random
import re

import pytest
from spacy.attrs import ORTH
from spacy.matcher import Matcher

from rules.anchors import AnchoredMatcher, _strings, _tokens_whose_text, pattern_anchor, token_lowers
from rules.loader import load_rule_pack
from rules.matcher import _termsets, compile_pack, get_nlp
from rules.stems import StemFilter, stem, stem_words


def _pack_patterns(framework: str) -> list[tuple[str, list[dict]]]:
    pack = load_rule_pack(framework)
    return [(key, p) for key, terms in _termsets(pack) for p in terms.patterns or []]


def _vocabulary(patterns) -> list[str]:
    words = {"dan", "yang", "2024", "https://contoh.go.id", "12", "sekali", ",", ".", "aplikasi"}
    for _, pattern in patterns:
        for spec in pattern:
            for value in spec.values():
                if isinstance(value, str) and value.isalnum():
                    words.add(value)
                elif isinstance(value, dict):
                    words.update(v for v in value.get("IN", []) + value.get("NOT_IN", []) if " " not in v)
    return sorted(words)


@pytest.mark.parametrize("seed", range(6))
def test_anchored_matcher_finds_what_the_whole_document_matcher_finds(seed: int) -> None:
    nlp = get_nlp()
    patterns = _pack_patterns("spbe-2020")
    plain, anchored = Matcher(nlp.vocab), AnchoredMatcher(Matcher(nlp.vocab))
    for key, pattern in patterns:
        plain.add(key, [pattern])
        anchored.add(key, [pattern])
    assert not anchored.whole_doc
    rng = random.Random(seed)
    words = _vocabulary(patterns)
    doc = nlp.make_doc(" ".join(rng.choice(words) for _ in range(3000)))
    expected = sorted(plain(doc))
    assert expected, "the generated text should contain pattern matches"
    assert sorted(anchored(doc, token_lowers(doc))) == expected


def test_reach_and_anchor_of_patterns() -> None:
    anchor = pattern_anchor([{"LOWER": {"NOT_IN": ["akan"]}}, {"LOWER": {"IN": ["terhubung"]}}])
    assert anchor is not None and anchor.lowers == frozenset({"terhubung"}) and anchor.reach == 2
    anchor = pattern_anchor([{"LIKE_NUM": True}, {"OP": "{0,3}"}, {"LOWER": "sekali"}])
    assert anchor is not None and anchor.lowers == frozenset({"sekali"}) and anchor.reach == 5
    assert pattern_anchor([{"LIKE_URL": True}]).flag is not None
    assert pattern_anchor([{"LOWER": "a"}, {"OP": "*"}, {"LOWER": "b"}]) is None  # unbounded
    assert pattern_anchor([{"LOWER": "a"}, {"OP": "{2,}"}]) is None
    assert pattern_anchor([{"IS_TITLE": True}]) is None  # nothing to look for: whole document


def test_a_pattern_without_anchor_runs_on_the_whole_document() -> None:
    nlp = get_nlp()
    anchored = AnchoredMatcher(Matcher(nlp.vocab))
    anchored.add("title", [[{"IS_TITLE": True}, {"LOWER": "x", "OP": "?"}]])
    doc = nlp.make_doc("satu Dua tiga Empat")
    assert anchored.whole_doc
    assert [(s, e) for _, s, e in anchored(doc, token_lowers(doc))] == [(1, 2), (3, 4)]


def test_token_lowers_equal_the_tokens_lower() -> None:
    doc = get_nlp().make_doc("Peraturan WALI Kota Nomor 12/2024 tentang e-Government")
    assert token_lowers(doc) == [t.lower_ for t in doc]


def test_token_strings_are_looked_up_once_and_shared() -> None:
    doc = get_nlp().make_doc("Data DATA data, sistem Sistem data Ï ï 2024 2024 e-Government")
    lowers = token_lowers(doc)
    assert lowers == [t.lower_ for t in doc]
    assert _strings(doc, ORTH) == [t.text for t in doc]
    assert lowers[0] is lowers[1] is lowers[2] is lowers[6]  # one object per distinct string
    assert token_lowers(get_nlp().make_doc("")) == []


@pytest.mark.parametrize("seed", range(4))
def test_tokens_whose_text_is_wanted_are_those_a_test_per_token_finds(seed: int) -> None:
    rng = random.Random(seed)
    words = ["2024", "2019", "20244", "tahun", "Data", "data", "DATA", "1999", "(2020)", "e-Government"]
    doc = get_nlp().make_doc(" ".join(rng.choice(words) for _ in range(400)))
    year = re.compile(r"^20[0-9][0-9]$")
    assert _tokens_whose_text(doc, lambda w: year.search(w) is not None) == [
        i for i, t in enumerate(doc) if year.search(t.text)]
    assert _tokens_whose_text(doc, {"Data", "tahun"}.__contains__) == [
        i for i, t in enumerate(doc) if t.text in {"Data", "tahun"}]
    assert _tokens_whose_text(doc, lambda w: False) == []
    assert _tokens_whose_text(get_nlp().make_doc(""), lambda w: True) == []


def test_stem_filter_keeps_every_word_that_stems_to_a_phrase_word() -> None:
    nlp = get_nlp()
    pack = load_rule_pack("spbe-2020")
    phrases = [p for _, terms in _termsets(pack) for p in terms.stems or []]
    keep = StemFilter(nlp, phrases)
    roots = {stem(t.lower_) for p in phrases for t in nlp.make_doc(p)}
    affixes = [("meN", ""), ("di", "kan"), ("peN", "an"), ("ter", ""), ("ber", "an"), ("", "nya"),
               ("di", "i")]
    words = set()
    for root in roots:
        for prefix, suffix in affixes:
            for nasal in ("me", "mem", "men", "meng", "meny", "pe", "pem", "pen", "peng", "peny"):
                body = root[1:] if prefix.endswith("N") and nasal.endswith(("m", "n", "g", "y")) else root
                words.add((prefix.replace("meN", nasal).replace("peN", nasal) if "N" in prefix else prefix)
                          + body + suffix)
    words = sorted(w for w in words if w.isalpha())
    assert len(words) > 500
    missed = [w for w in words if stem(w) in roots and not keep.wants(w)]
    assert missed == []
    # what the stem matcher sees: the same phrase words at the same places
    filtered = [w if w in roots else None for w in stem_words(words, keep)]
    assert filtered == [s if s in roots else None for s in stem_words(words)]


def test_identical_term_sets_are_matched_once_and_shared() -> None:
    compiled = compile_pack(load_rule_pack("spbe-2020"))
    shared = [key for others in compiled.aliases.values() for key in others]
    assert len(shared) >= 13  # the service indicators 32-45 share their application terms
    assert not set(shared) & set(compiled.aliases)


def test_stem_filter_always_stems_words_with_non_ascii_letters() -> None:
    keep = StemFilter(get_nlp(), ["naive"])
    assert keep.wants("naïve")  # Sastrawi blanks the ï: its stem is not a substring of the word
    assert stem_words(["naïve"], keep) == stem_words(["naïve"])


def test_anchored_matcher_finds_what_the_whole_document_matcher_finds_on_the_corpus(corpus_dir) -> None:
    from core.settings import ExtractOptions, OcrMode
    from extractors.api import extract_document
    from rules.text import build_doc_text

    nlp = get_nlp()
    plain, anchored = Matcher(nlp.vocab), AnchoredMatcher(Matcher(nlp.vocab))
    for framework in ("spbe-2020", "pemdi-2026"):
        for key, pattern in _pack_patterns(framework):
            plain.add(key, [pattern])
            anchored.add(key, [pattern])
    found = 0
    for path in sorted(corpus_dir.rglob("*.pdf"))[:12]:
        doc = extract_document(path, ExtractOptions(ocr=OcrMode.never))
        text = build_doc_text(doc.pages).text if doc.pages else ""
        if text.strip():
            spacy_doc = nlp.make_doc(text)
            expected = sorted(plain(spacy_doc))
            assert sorted(anchored(spacy_doc, token_lowers(spacy_doc))) == expected, path.name
            found += len(expected)
    assert found > 100
