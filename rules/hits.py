"""What matching produces, without spaCy: hits and a document's matches.

Kept apart from ``rules.matcher`` (which builds the spaCy pipeline) so that what only reads
match results (the scorer, the codec, the flow process that stores them) does not import spaCy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from core.models import ExtractedDocument, Passage
from rules.citations import weakness
from rules.schema import Scope
from rules.text import DocText, Zone, make_quote


@dataclass(frozen=True, slots=True)
class Hit:
    """One match: token span, normalised char span, page span, zone and heading flag."""

    # The key it was matched under: keys sharing a term set share one list of hits, whose key
    # is the first of them, so two hits at the same place are equal whatever their key.
    key: str = field(compare=False)
    start_tok: int
    end_tok: int
    page: int
    page_start: int
    page_end: int
    zone: Zone
    heading: bool
    text: str



_HIT_FIELDS = ("key", "start_tok", "end_tok", "page", "page_start", "page_end", "zone", "heading", "text")
if tuple(f.name for f in fields(Hit)) != _HIT_FIELDS or Hit.__slots__ != _HIT_FIELDS:  # pragma: no cover
    raise ImportError("rules.hits.new_hit: update it to Hit's fields")
_new = object.__new__
(_set_key, _set_start, _set_end, _set_page, _set_page_start, _set_page_end, _set_zone, _set_heading,
 _set_text) = (getattr(Hit, name).__set__ for name in _HIT_FIELDS)


def new_hit(key: str, start_tok: int, end_tok: int, page: int, page_start: int, page_end: int, zone: Zone,
            heading: bool, text: str) -> Hit:
    """``Hit(...)`` with the same fields, set slot by slot: the frozen dataclass's ``__init__``
    takes twice as long (it goes through ``object.__setattr__`` per field), and matching builds
    ~86k hits over the text corpus (~1.5 % of its jobs' CPU), re-scoring 1,000 generated
    documents ~60k (``pipeline.codec``). Nothing is checked or derived in ``__init__``, so the
    objects are the same."""
    hit = _new(Hit)
    _set_key(hit, key)
    _set_start(hit, start_tok)
    _set_end(hit, end_tok)
    _set_page(hit, page)
    _set_page_start(hit, page_start)
    _set_page_end(hit, page_end)
    _set_zone(hit, zone)
    _set_heading(hit, heading)
    _set_text(hit, text)
    return hit


@dataclass
class DocumentMatches:
    """All hits of one document, grouped by match key."""

    document: ExtractedDocument
    doc_text: DocText
    hits: Mapping[str, list[Hit]]  # a dict, or built per key on reading (pipeline.codec.LazyHits)
    page_texts: dict[int, str]
    tokens: list[str]  # lower-cased token texts, for context checks around hits
    title_spans: dict[str, list[tuple[int, int]]]  # matches in metadata.title, by key
    title_tokens: list[str]
    basis: str = ""  # what was matched (text, name, code): set by pipeline.jobs, checked before reuse

    def get(self, key: str, scope: Scope = Scope.body) -> list[Hit]:
        hits = self.hits.get(key, [])
        return hits if scope is Scope.all else [h for h in hits if h.zone is Zone.body]

    def passage(self, hit: Hit, rule_id: str) -> Passage:
        text = self.page_texts.get(hit.page, "")
        location = self.document.citation_label(hit.page, hit.page_start)
        return Passage(
            sha256=self.document.source.sha256,
            file_name=self.document.source.name,
            page=hit.page,
            start=hit.page_start,
            end=hit.page_end,
            quote=make_quote(text, hit.page_start, hit.page_end),
            matched=hit.text,
            rule_id=rule_id,
            location=location,
            weakness=weakness(text, hit.page_start, hit.page_end, location),
        )
