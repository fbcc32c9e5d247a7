"""Hits placed for all spans at once (rules.matcher._hits) are the hits placed one by one."""

from __future__ import annotations

import random

import pytest
from spacy.attrs import IDX, LENGTH

from core.models import PageText, TextMethod
from rules.hits import Hit
from rules.matcher import _hits, get_nlp
from rules.text import build_doc_text


def _one_by_one(found, doc, doc_text, page_texts) -> dict[str, list[Hit]]:
    """The hits as matching built them before: page offsets looked up per hit."""
    starts, lengths = doc.to_array([IDX, LENGTH]).T.tolist()
    out = {}
    for key, spans in found.items():
        out[key] = []
        for start, end in spans:
            char_start = starts[start]
            char_end = starts[end - 1] + lengths[end - 1]
            page, page_start = doc_text.page_offset(char_start)
            end_page, last = doc_text.page_offset(char_end - 1)
            page_end = last + 1 if end_page == page else len(page_texts.get(page, ""))
            out[key].append(Hit(key, start, end, page, page_start, page_end, doc_text.zone_at(char_start),
                                doc_text.in_heading(char_start), doc_text.text[char_start:char_end]))
    return out


def _pages(rng: random.Random) -> list[PageText]:
    words = ["BAB I", "Pasal 1", "Menimbang", "MEMUTUSKAN", "yang dimaksud dengan:", "data", "SPBE",
             "arsitektur", "\n", "\n\n", "  ", "DAFTAR ISI", "Bab II ........ 12", "a.", "(1)", "e-Gov"]
    pages = []
    for number in range(1, rng.randint(2, 8)):
        text = " ".join(rng.choice(words) for _ in range(rng.choice([0, 3, 40, 200])))
        pages.append(PageText(number=number, text=text, method=TextMethod.text_layer))
    return pages


@pytest.mark.parametrize("seed", range(12))
def test_hits_placed_at_once_equal_hits_placed_one_by_one(seed: int) -> None:
    rng = random.Random(seed)
    pages = _pages(rng)
    doc_text = build_doc_text(pages)
    if not doc_text.text.strip():
        pytest.skip("nothing to tokenise")
    doc = get_nlp().make_doc(doc_text.text)
    page_texts = {p.number: p.text for p in pages}
    found: dict[str, list[tuple[int, int]]] = {}
    for key in ("a", "b", "c"):
        spans = set()
        for _ in range(rng.randint(0, 60)):
            start = rng.randrange(len(doc))
            spans.add((start, min(len(doc), start + rng.randint(1, 30))))  # some cross pages
        found[key] = sorted(spans)
    found["shared"] = found["a"]
    assert _hits(found, doc, doc_text, page_texts) == _one_by_one(found, doc, doc_text, page_texts)


def test_new_hit_builds_the_hit_its_init_builds() -> None:
    import pickle
    from dataclasses import astuple

    from rules.hits import new_hit
    from rules.text import Zone

    for key, place in [("a#e1", (1, 0, 5, Zone.body, False, "teks")),
                       ("b", (12, 30, 31, Zone.contents, True, "")),
                       ("", (0, 0, 0, Zone.body, True, "x\ny"))]:
        made, built = new_hit(key, 3, 7, *place), Hit(key, 3, 7, *place)
        assert made.key == built.key and astuple(made) == astuple(built)
        assert pickle.dumps(made) == pickle.dumps(built) and hash(made) == hash(built)
        assert pickle.loads(pickle.dumps(made)) == built
