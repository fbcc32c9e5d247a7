"""The stem matcher finds the same matches when stems outside every stem phrase are one placeholder.

``rules.stems.stem_words(..., phrase_words)`` replaces every stem that is no word of the pack's
stem phrases with ``OTHER_WORD`` before the ``Doc`` of stems is built. Compared here with the
full ``Doc`` of stems, through the compiled packs' own stem matchers, on generated text made of
the stem phrases' words (affixed, mixed case, next to each other and to other words) and on
corpus documents.
"""

from __future__ import annotations

import random

import pytest
from spacy.tokens import Doc

from rules.anchors import token_lowers
from rules.loader import load_rule_pack
from rules.matcher import _termsets, compile_pack, get_nlp
from rules.stems import OTHER_WORD, stem_words

FILLER = ["dan", "yang", "sistem", "aplikasi", "2024", ",", ".", "(", "naïve", "di", "-", "data", "layanan"]


def _both(framework: str, lowers: list[str]) -> tuple[list, list]:
    compiled = compile_pack(load_rule_pack(framework))
    assert compiled.stem_matcher is not None and len(compiled.stem_matcher)
    vocab = get_nlp().vocab
    full = Doc(vocab, words=stem_words(lowers, compiled.stem_filter))
    short = Doc(vocab, words=stem_words(lowers, compiled.stem_filter, compiled.stem_words))
    return list(compiled.stem_matcher(full)), list(compiled.stem_matcher(short))


def _stem_phrases(framework: str) -> list[str]:
    pack = load_rule_pack(framework)
    return [p for _, terms in _termsets(pack) for p in terms.stems or []]


# pemdi-2026 has no stem phrases
@pytest.mark.parametrize(("framework", "seed"), [("spbe-2020", s) for s in range(5)])
def test_same_stem_matches_on_generated_text(framework: str, seed: int) -> None:
    rng = random.Random(seed)
    words = sorted({w for p in _stem_phrases(framework) for w in p.split()})
    affixed = [a + w + b for w in words for a, b in (("", ""), ("di", "kan"), ("pe", "an"), ("ber", ""))]
    parts = []
    for _ in range(3000):
        word = rng.choice(affixed + FILLER)
        parts.append(word.upper() if rng.random() < 0.1 else word.title() if rng.random() < 0.2 else word)
        if rng.random() < 0.15:
            parts.append(rng.choice(_stem_phrases(framework)))  # whole phrases, so that some match
    doc = get_nlp().make_doc(" ".join(parts))
    full, short = _both(framework, token_lowers(doc))
    assert len(full) > 50
    assert short == full


def test_placeholder_is_no_phrase_word() -> None:
    phrase_words = compile_pack(load_rule_pack("spbe-2020")).stem_words
    assert len(phrase_words) > 20 and OTHER_WORD not in phrase_words
    assert stem_words(["menerapkan", "kota"], None, {"terap"}) == ["terap", OTHER_WORD]


def test_same_stem_matches_on_the_corpus(corpus_dir) -> None:
    from core.settings import ExtractOptions
    from extractors.api import extract_document
    from rules.text import build_doc_text

    paths = sorted(corpus_dir.rglob("*.docx"))[:4] + sorted(corpus_dir.rglob("*.pdf"))[:8]
    compared = 0
    for path in paths:
        document = extract_document(path, ExtractOptions(ocr="never"), raise_errors=False)
        text = build_doc_text(document.pages).text
        if not text.strip():
            continue
        full, short = _both("spbe-2020", token_lowers(get_nlp().make_doc(text)))
        assert short == full, path.name
        compared += len(full)
    if compared == 0:
        pytest.skip("no corpus document with stem matches")
