"""Compiled matchers: case, line breaks, casing variants, token patterns, citation cues, caches."""

from __future__ import annotations

import pytest
from rule_texts import build_document

from rules.criteria import is_reference
from rules.matcher import compile_pack, get_nlp, match_document
from rules.schema import RulePack


def _keys(text: str, pack: RulePack) -> set[str]:
    return set(match_document(build_document([text]), pack).hits)


def test_matcher_phrases_ignore_case_and_line_breaks(spbe_pack: RulePack) -> None:
    matches = match_document(build_document(["Pasal 8\nARSITEKTUR\r\n   SPBE disusun."]), spbe_pack)
    hits = matches.hits["spbe-2020/i01/topic"]
    assert len(hits) == 1
    hit = hits[0]
    assert hit.page == 1
    assert matches.page_texts[1][hit.page_start : hit.page_end] == "ARSITEKTUR\r\n   SPBE"


@pytest.mark.parametrize(
    "form", ["Cetak Biru e-Government", "CETAK BIRU E-GOVERNMENT", "cetak biru e-government"]
)
def test_matcher_registers_casing_variants(spbe_pack: RulePack, form: str) -> None:
    assert "spbe-2020/i01/topic" in _keys(f"Dokumen {form} Kota.", spbe_pack)


@pytest.mark.parametrize(
    ("text", "national"),
    [
        ("terhubung dengan Jaringan Intra Pemerintah yang diselenggarakan kementerian", True),
        ("setiap OPD menggunakan Jaringan Intra Pemerintah Daerah yang dikelola Diskominfo", False),
        ("jaringan intra pemerintah kabupaten", False),
        ("terhubung ke JIP", True),
    ],
)
def test_matcher_token_pattern_separates_national_network(
    spbe_pack: RulePack, text: str, national: bool
) -> None:
    assert ("spbe-2020/i06/l4/national-network" in _keys(text, spbe_pack)) is national


@pytest.mark.parametrize(
    ("text", "target", "cited"),
    [
        ("disusun dengan berpedoman pada arsitektur spbe", "arsitektur", True),
        ("berpedoman pada rencana induk spbe nasional , arsitektur spbe", "arsitektur", True),
        ("meliputi : a. rencana induk ; b. arsitektur spbe", "arsitektur", False),
        ("( 1 ) arsitektur spbe disusun", "arsitektur", False),
        ("untuk menyelaraskan arsitektur spbe", "arsitektur", False),
        ("forum satu data indonesia", "satu", True),
    ],
)
def test_matcher_citation_cues(spbe_pack: RulePack, text: str, target: str, cited: bool) -> None:
    tokens = text.split()
    cues = tuple(
        tuple(t.lower_ for t in get_nlp().make_doc(p))
        for name in ("citation_cues", "body_names")
        for p in spbe_pack.term_lists[name].phrases
    )
    assert is_reference(tokens.index(target), tokens, cues, 8) is cited


def test_matcher_compiled_pack_and_pipeline_are_cached(spbe_pack: RulePack) -> None:
    assert compile_pack(spbe_pack) is compile_pack(spbe_pack)
    assert get_nlp() is get_nlp()
    assert get_nlp().lang == "id"


def test_matcher_empty_document_has_no_hits(spbe_pack: RulePack) -> None:
    matches = match_document(build_document(["   "]), spbe_pack)
    assert matches.hits == {}
