"""One document seen from one indicator: its relevance to the topic, and what criteria report.

``topic_state`` decides whether a matched document (``Prepared``) is relevant to an
indicator; ``rules.tallies`` then reads the criteria over the relevant documents, one
document at a time, into an ``Outcome`` per criterion (an ``Evaluation`` in the checklist).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from core.models import ExtractedDocument, Passage
from rules.hits import DocumentMatches, Hit
from rules.schema import RulePack, Topic

MAX_CRITERION_PASSAGES = 3  # per criterion (elements: one per element)
UNKNOWN_META_CONFIDENCE = 0.5  # metadata confidence when type/status were not detected
_CONNECTORS = frozenset({",", "dan", "serta", "atau", "dan/atau", "maupun", "/"})
BOUNDARIES = frozenset({";", ":", ".", "(", ")"})
_LIST_MARKER = re.compile(r"^([a-z]|\d+)\.$")


@dataclass(frozen=True)
class Prepared:
    """A document matched once, with its document classes."""

    matches: DocumentMatches
    classes: frozenset[str]
    meta_confidence: float
    when: date | None
    topic_scores: dict[str, int] = field(default_factory=dict)  # indicator id -> topic score, ungated
    candidate_subjects: int = 0  # topics at their min_count and dominant enough (see Relevance)

    @property
    def document(self) -> ExtractedDocument:
        return self.matches.document


@dataclass(frozen=True)
class DocState:
    """A prepared document seen from one indicator."""

    prepared: Prepared
    relevant: bool
    mentions: bool
    topic_hits: list[Hit]
    topic_score: int = 0
    subject: float = 1.0  # how the document is about the topic: 1 title or SPBE policy, 0.5 its body only

    @property
    def matches(self) -> DocumentMatches:
        return self.prepared.matches

    @property
    def sha256(self) -> str:
        return self.prepared.document.source.sha256


@dataclass
class Outcome:
    met: bool
    strength: float = 0.0  # 0..1, feeds the confidence heuristic
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Evaluation:
    """One evaluated criterion of an indicator (the topic counts as a level-1 criterion)."""

    level: int
    rule_id: str
    description: str  # checklist text
    gap: str  # guidance when unmet
    outcome: Outcome


def meta_confidence(document: ExtractedDocument) -> float:
    """The lower detection confidence of the document's type and status (a default when neither)."""
    meta = document.metadata
    present = [f.confidence for f in (meta.doc_type, meta.status) if f is not None]
    return min(present) if present else UNKNOWN_META_CONFIDENCE


def document_date(document: ExtractedDocument) -> date | None:
    """The date the document was set, else 1 January of its year, else None."""
    meta = document.metadata
    if meta.date_set is not None:
        return meta.date_set.value
    return date(meta.year.value, 1, 1) if meta.year is not None else None


def topic_score(
    matches: DocumentMatches, topic: Topic, key: str, pack: RulePack
) -> tuple[list[Hit], bool, int]:
    """Topic matches in scope that are not mere citations or names of bodies, whether the title
    names the topic, and the score: a match in a heading counts ``heading_weight``, the title too."""
    if key not in matches.hits and key not in matches.title_spans:
        return [], False, 0  # most documents name most topics nowhere: nothing to weigh
    cues = _topic_cues(pack, topic.references)
    lookback = topic.reference_lookback
    hits = [
        h
        for h in matches.get(key, topic.scope)
        if not is_reference(h.start_tok, matches.tokens, cues, lookback)
    ]
    in_title = any(
        not is_reference(s, matches.title_tokens, cues, lookback) for s, _ in matches.title_spans.get(key, [])
    )
    score = (
        len(hits)
        + (topic.heading_weight - 1) * sum(h.heading for h in hits)
        + topic.heading_weight * in_title
    )
    return hits, in_title, score


def topic_state(prepared: Prepared, topic: Topic, key: str, pack: RulePack) -> DocState:
    """Relevance of one document to one indicator (see :class:`rules.schema.Relevance`)."""
    matches = prepared.matches
    hits, in_title, score = topic_score(matches, topic, key, pack)
    relevant = score >= topic.min_count
    if not prepared.classes.isdisjoint(topic.title_only_classes):
        relevant = in_title  # e.g. an umbrella regulation: relevant only when it is about the topic
    elif relevant and not in_title and pack.relevance is not None:
        relevant = _own_subject(prepared, hits, score, pack)
    mentions = bool(matches.hits.get(key)) or bool(matches.title_spans.get(key))
    ordered = sorted(hits, key=_cited_first) if len(hits) > 1 else hits
    return DocState(prepared, relevant, mentions, ordered, score, _subject_strength(prepared, in_title, pack))


def unnamed_state(prepared: Prepared, pack: RulePack) -> DocState:
    """``topic_state`` of a document for any topic whose key it has neither hits nor title spans
    under: not relevant (``min_count`` >= 1), no mention, no hits; the same for every such topic,
    so the fold makes it once per document instead of once per indicator (most of them)."""
    return DocState(prepared, False, False, [], 0, _subject_strength(prepared, False, pack))


def _cited_first(hit: Hit) -> tuple[bool, int, int]:
    return not hit.heading, hit.page, hit.page_start


def _subject_strength(prepared: Prepared, in_title: bool, pack: RulePack) -> float:
    """1.0 when the title names the topic or the document is an SPBE policy as a whole, else 0.5:
    a topic read from the body alone is the likelier misreading on a document nobody has seen."""
    if in_title or pack.relevance is None or not prepared.classes.isdisjoint(pack.relevance.broad_classes):
        return 1.0
    return 0.5


def candidate_subjects(scores: dict[str, int], min_counts: dict[str, int], pack: RulePack) -> int:
    """How many topics reach their min_count with a dominant enough score (0 without settings)."""
    if pack.relevance is None:
        return 0
    floor = pack.relevance.dominance * max(scores.values(), default=0)
    return sum(1 for k, v in scores.items() if v >= min_counts.get(k, 1) and v >= floor)


def _own_subject(prepared: Prepared, hits: list[Hit], score: int, pack: RulePack) -> bool:
    """Whether a topic the title does not name is still one of the document's own subjects."""
    settings = pack.relevance
    assert settings is not None
    if prepared.classes & set(settings.broad_classes):
        return True  # an SPBE policy as a whole regulates many topics
    if score < settings.dominance * max(prepared.topic_scores.values(), default=0):
        return False  # named beside the document's real subject (a map of one process, a plan)
    if prepared.candidate_subjects > settings.max_subjects:
        return False  # a list or catalogue naming many topics is about none of them
    pages = len(prepared.document.pages)
    if pages <= settings.short_pages:
        return True
    return any(h.heading for h in hits) and score >= settings.per_page * pages


class Cues:
    """Cue phrases (lower-cased token tuples) indexed by their last token: a hit is checked
    against the few cues that can end right before it, not against all of them."""

    __slots__ = ("_by_last", "_empty", "phrases")

    def __init__(self, phrases: tuple[tuple[str, ...], ...]) -> None:
        self.phrases = phrases
        self._empty = any(not c for c in phrases)  # an empty cue "ends" everywhere
        self._by_last: dict[str, list[tuple[str, ...]]] = {}
        for cue in phrases:
            if cue:
                self._by_last.setdefault(cue[-1], []).append(cue)

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def end_at(self, tokens: list[str], k: int) -> bool:
        """Whether a cue ends right before token ``k``."""
        if self._empty:
            return True
        if k == 0:
            return False
        found = self._by_last.get(tokens[k - 1], [])
        return bool(found) and any(k >= len(c) and tuple(tokens[k - len(c) : k]) == c for c in found)


def is_reference(start: int, tokens: list[str], cues: Cues | tuple[tuple[str, ...], ...],
                 lookback: int) -> bool:
    """True when a cue precedes token ``start``, directly or across a list ("pada A, B dan <hit>")."""
    if not cues:
        return False
    index = cues if isinstance(cues, Cues) else Cues(cues)
    if index.end_at(tokens, start):
        return True
    if start == 0 or tokens[start - 1] not in _CONNECTORS:
        return False
    for k in range(start - 1, max(start - 1 - lookback, 0), -1):
        if tokens[k] in BOUNDARIES or _LIST_MARKER.match(tokens[k]):
            return False
        if index.end_at(tokens, k):
            return True
    return False


_topic_cue_index: dict[tuple[str, ...], Cues] = {}  # (pack hash, *term list names) -> their cues


def _topic_cues(pack: RulePack, references: list[str]) -> Cues:
    """The cues of a topic's reference term lists: scoring asks for each indicator of each
    document, and joining the lists' phrases into the cache key each time cost ~15 % of folding."""
    key = (pack.content_hash, *references)
    found = _topic_cue_index.get(key) if pack.content_hash else None
    if found is None:
        found = _cue_index(tuple(p for name in references for p in pack.term_lists[name].phrases))
        if pack.content_hash:  # a pack built in code, unhashed, is never cached
            _topic_cue_index[key] = found
    return found


@lru_cache(maxsize=32)
def _cue_index(phrases: tuple[str, ...]) -> Cues:
    return Cues(_cue_tokens(phrases))


@lru_cache(maxsize=32)
def _cue_tokens(phrases: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    from rules.matcher import get_nlp  # spaCy only where cue phrases are tokenised (workers)

    nlp = get_nlp()
    return tuple(tuple(t.lower_ for t in nlp.make_doc(p)) for p in phrases)
