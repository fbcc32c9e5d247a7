"""Compile a rule pack into spaCy matchers and run them over extracted documents.

One ``spacy.blank("id")`` pipeline is built per process (it takes ~3 s: the Indonesian
tokenizer has ~16k exception rules). Phrases go into a ``PhraseMatcher(attr="LOWER")``,
token patterns into a ``Matcher(validate=True)``; the match keys are rule ids, with a
suffix for the parts of one criterion (``#e<n>`` element, ``#g<n>`` proximity group,
``#near`` anchor). Compiled matchers are cached per pack content hash.

Matching runs once per document over the normalised text of all its pages
(:mod:`rules.text`), so every hit keeps its page, character span, zone and heading flag.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from core.models import ExtractedDocument
from rules.anchors import AnchoredMatcher, token_lowers
from rules.hits import DocumentMatches, Hit, new_hit
from rules.schema import (
    RulePack,
    TermSet,
    expand_phrases,
    termset_phrases,
)
from rules.signatures import element_key as element_key  # re-exported: rules.criteria reads them here
from rules.signatures import group_key as group_key
from rules.signatures import near_key as near_key
from rules.signatures import pack_table
from rules.signatures import termsets as _termsets
from rules.stems import StemFilter, stem_doc, stem_words
from rules.text import DocText, Zone, build_doc_text
from rules.tokenizer import BuktiIndonesian


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared blank Indonesian pipeline (tokenizer only).

    A trailing slash is split off ("memverifikasi/ mengesahkan"): the default suffixes keep it
    on the word, so phrases would miss enumerations written with slashes. The rule is part of
    the language defaults (``rules.tokenizer``), so the tokenizer is built once, with it.
    """
    return BuktiIndonesian()


@dataclass
class CompiledPack:
    content_hash: str
    phrase_matcher: PhraseMatcher
    matcher: AnchoredMatcher
    keys: frozenset[str]
    stem_matcher: PhraseMatcher | None = None  # stem phrases, run on the document's stems
    # Term sets identical to an earlier one (the 14 service indicators share theirs) are matched
    # once under the first key; the others get its hits. Key -> keys sharing its term set.
    aliases: dict[str, list[str]] = field(default_factory=dict)
    stem_filter: StemFilter | None = None  # words worth stemming at all
    stem_words: set[str] = field(default_factory=set)  # the words (LOWER) of the stem phrases


_COMPILED: dict[str, CompiledPack] = {}


def compile_pack(pack: RulePack) -> CompiledPack:
    """Build (or fetch from the per-process cache) the matchers of a pack."""
    cached = _COMPILED.get(pack.content_hash)
    if cached is not None and pack.content_hash:
        return cached
    nlp = get_nlp()
    compiled = CompiledPack(
        pack.content_hash,
        PhraseMatcher(nlp.vocab, attr="LOWER"),
        AnchoredMatcher(Matcher(nlp.vocab, validate=True)),
        frozenset(),
        PhraseMatcher(nlp.vocab, attr="LOWER"),
    )
    keys: set[str] = set()
    first_with: dict[str, str] = {}  # term set signature -> first key registered with it
    stem_phrases: list[str] = []
    table = pack_table(pack)
    for key, terms in _termsets(pack):
        keys.add(key)
        sig = table.signatures[key]
        if sig in first_with:
            compiled.aliases.setdefault(first_with[sig], []).append(key)
            continue
        first_with[sig] = key
        stem_phrases += _register(compiled, key, terms, pack)
    compiled.stem_filter = StemFilter(get_nlp(), stem_phrases)
    for name, doc_class in pack.document_classes.items():
        if doc_class.text_phrases:
            phrases = expand_phrases(doc_class.text_phrases, pack.term_lists)
            compiled.phrase_matcher.add(pack.class_rule_id(name), _phrase_docs(phrases))
            keys.add(pack.class_rule_id(name))
    compiled.keys = frozenset(keys)
    if pack.content_hash:
        _COMPILED[pack.content_hash] = compiled
    return compiled


def _register(compiled: CompiledPack, key: str, terms: TermSet, pack: RulePack) -> list[str]:
    """Add one term set to the matchers; returns its stem phrases."""
    phrases = termset_phrases(terms, pack.term_lists)
    if phrases:
        compiled.phrase_matcher.add(key, _phrase_docs(phrases))
    if terms.patterns:
        compiled.matcher.add(key, terms.patterns)
    if not terms.stems or compiled.stem_matcher is None:
        return []
    nlp = get_nlp()
    stems = expand_phrases(list(terms.stems), pack.term_lists)
    docs = [stem_doc(nlp, nlp.make_doc(p)) for p in stems]
    compiled.stem_matcher.add(key, docs)
    compiled.stem_words.update(t.lower_ for d in docs for t in d)
    return stems


def _phrase_docs(phrases: list[str]) -> list:
    """Phrase docs in several casings: the tokenizer splits "e-Government" but not "e-government"."""
    nlp = get_nlp()
    docs: dict[tuple[str, ...], object] = {}
    for phrase in phrases:
        for variant in (phrase, phrase.lower(), phrase.upper(), phrase.title()):
            doc = nlp.make_doc(variant)
            docs.setdefault(tuple(t.lower_ for t in doc), doc)
    return list(docs.values())


def match_document(document: ExtractedDocument, pack: RulePack) -> DocumentMatches:
    """Run the pack's matchers over one document."""
    compiled = compile_pack(pack)
    doc_text = build_doc_text(document.pages)
    page_texts = {p.number: p.text for p in document.pages}
    title = document.metadata.title.value if document.metadata.title else ""
    title_doc = get_nlp().make_doc(" ".join(title.split()))
    title_tokens = token_lowers(title_doc)
    title_spans = _with_aliases(compiled, _spans(compiled, title_doc, title_tokens))
    if not doc_text.text.strip():
        return DocumentMatches(document, doc_text, {}, page_texts, [], title_spans, title_tokens)
    doc = get_nlp().make_doc(doc_text.text)
    tokens = token_lowers(doc)
    hits = _hits(_spans(compiled, doc, tokens), doc, doc_text, page_texts)
    return DocumentMatches(document, doc_text, _with_aliases(compiled, hits), page_texts, tokens,
                           title_spans, title_tokens)


def _with_aliases(compiled: CompiledPack, found: dict) -> dict:
    """Give every key sharing a matched term set the same (shared, never mutated) list."""
    for key, others in compiled.aliases.items():
        if key in found:
            found.update(dict.fromkeys(others, found[key]))
    return found


def _spans(compiled: CompiledPack, doc: Doc, lowers: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Token spans per match key, overlaps within a key resolved to the longest."""
    strings = get_nlp().vocab.strings
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    found = list(compiled.phrase_matcher(doc)) if len(compiled.phrase_matcher) else []
    found += compiled.matcher(doc, lowers) if len(compiled.matcher) else []
    if compiled.stem_matcher is not None and len(compiled.stem_matcher):
        stems = stem_words(lowers, compiled.stem_filter, compiled.stem_words)
        found += list(compiled.stem_matcher(Doc(get_nlp().vocab, words=stems)))  # same token indexes
    for match_id, start, end in found:
        spans[strings[match_id]].append((start, end))
    return {key: _longest(found) for key, found in spans.items()}


def _longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop spans overlapping a longer (or earlier) one, like ``spacy.util.filter_spans``.

    Nine keys in ten have no overlapping spans (text corpus): their sorted spans are the answer,
    found in one pass. Where spans overlap, the tokens taken are marked in a ``bytearray`` and
    looked up with ``find`` (in C) rather than a set of token indexes: ~2.5x faster in all.
    """
    ordered = sorted(set(spans))
    end = -1
    for start, stop in ordered:
        if start < end:
            break
        end = stop
    else:
        return ordered
    taken = bytearray(max(stop for _, stop in ordered))
    kept: list[tuple[int, int]] = []
    for start, stop in sorted(ordered, key=lambda s: (s[0] - s[1], s[0])):
        if taken.find(1, start, stop) < 0:
            kept.append((start, stop))
            taken[start:stop] = b"\x01" * (stop - start)
    kept.sort()
    return kept


def _hits(found: dict[str, list[tuple[int, int]]], doc: Doc, doc_text: DocText,
          page_texts: dict[int, str]) -> dict[str, list[Hit]]:
    """The hits of every key's token spans.

    Where a span lies (page, offsets, zone, heading, text) is worked out once per span: half the
    corpus's ~86k hits are at a span another key matched too. Character and page positions come
    from arrays for all spans at once (going through spaCy ``Token`` and ``Span`` objects per hit
    once cost a third of matching); the text is a slice of the document text (what
    ``Span.text`` is).
    """
    spans = sorted({span for key_spans in found.values() for span in key_spans})
    places = dict(zip(spans, _places(spans, doc, doc_text, page_texts), strict=True))
    return {key: [new_hit(key, s, e, *places[s, e]) for s, e in key_spans]
            for key, key_spans in found.items()}


def _places(spans: list[tuple[int, int]], doc: Doc, doc_text: DocText, page_texts: dict[int, str]
            ) -> list[tuple[int, int, int, Zone, bool, str]]:
    """(page, start and end in the page's text, zone, in a heading, text) of each token span."""
    if not spans:
        return []
    bounds = numpy.array(spans)
    starts, lengths = doc.to_array([IDX, LENGTH]).T
    char_start = starts[bounds[:, 0]]
    char_end = starts[bounds[:, 1] - 1] + lengths[bounds[:, 1] - 1]
    top = len(doc_text.text) - 1  # DocText.page_offset clamps the same way
    first, last = numpy.clip(char_start, 0, top), numpy.clip(char_end - 1, 0, top)
    first_page = numpy.searchsorted(doc_text.page_starts, first, side="right") - 1
    last_page = numpy.searchsorted(doc_text.page_starts, last, side="right") - 1
    numbers, offsets, text = doc_text.page_numbers, doc_text.offsets, doc_text.text
    out = []
    for start, end, at, upto, page_i, end_i, zone, heading in zip(
            char_start.tolist(), char_end.tolist(), first.tolist(), last.tolist(), first_page.tolist(),
            last_page.tolist(), *_zones_and_headings(doc_text, char_start.astype(numpy.int64)), strict=True):
        page = numbers[page_i]
        page_end = offsets[upto] + 1 if numbers[end_i] == page else len(page_texts.get(page, ""))
        out.append((page, offsets[at], page_end, zone, heading, text[start:end]))
    return out


def _zones_and_headings(doc_text: DocText, indexes: numpy.ndarray) -> tuple[list[Zone], list[bool]]:
    return _zones_at(doc_text, indexes), _in_headings(doc_text, indexes)


def _zones_at(doc_text: DocText, indexes: numpy.ndarray) -> list[Zone]:
    """``doc_text.zone_at`` of each index, for all at once (one call per hit span was ~2 % of
    matching): the first zone (zones are sorted) that contains the index, else body."""
    zones = doc_text.zones
    if not zones:
        return [Zone.body] * len(indexes)
    found = numpy.zeros(len(indexes), dtype=numpy.int64)  # 0: body, i + 1: zones[i]
    for i in range(len(zones) - 1, -1, -1):  # backwards: the earliest containing zone is written last
        start, end, _ = zones[i]
        found[(indexes >= start) & (indexes < end)] = i + 1
    choices = [Zone.body, *(zone for _, _, zone in zones)]
    return [choices[i] for i in found.tolist()]


def _in_headings(doc_text: DocText, indexes: numpy.ndarray) -> list[bool]:
    """``doc_text.in_heading`` of each index, for all at once: inside the last heading that starts
    at or before it."""
    if not doc_text.headings:
        return [False] * len(indexes)
    starts, ends = numpy.array(doc_text.headings, dtype=numpy.int64).T
    last = numpy.searchsorted(starts, indexes, side="right") - 1
    return ((last >= 0) & (indexes < ends[numpy.maximum(last, 0)])).tolist()
