"""Evaluation of single criteria over the union of evidence of several documents.

A criterion reads the *pool* of its level: the documents that are relevant to the
indicator (topic met) and, when the level names ``evidence_classes``, belong to one of
them. Element coverage and term counts are unions over the pool, so two enacted policies
may together cover the required content. Document-class criteria look at every evidence
document, tied to the indicator through their ``topic`` mode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from core.models import ExtractedDocument, Passage
from rules.hits import DocumentMatches, Hit
from rules.labels import classes_label
from rules.schema import (
    Criterion,
    DocumentClassCriterion,
    ElementsCriterion,
    Level,
    Near,
    ProximityCriterion,
    RulePack,
    Scope,
    TermsCriterion,
    Topic,
    TopicMode,
)
from rules.signatures import element_key, group_key, near_key

MAX_CRITERION_PASSAGES = 3  # per criterion (elements: one per element)
UNKNOWN_META_CONFIDENCE = 0.5  # metadata confidence when type/status were not detected
_CONNECTORS = frozenset({",", "dan", "serta", "atau", "dan/atau", "maupun", "/"})
_BOUNDARIES = frozenset({";", ":", ".", "(", ")"})
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
    cues = _cue_tokens(tuple(p for name in topic.references for p in pack.term_lists[name].phrases))
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
    if prepared.classes & set(topic.title_only_classes):
        relevant = in_title  # e.g. an umbrella regulation: relevant only when it is about the topic
    elif relevant and not in_title and pack.relevance is not None:
        relevant = _own_subject(prepared, hits, score, pack)
    mentions = bool(matches.get(key, Scope.all)) or bool(matches.title_spans.get(key))
    ordered = sorted(hits, key=lambda h: (not h.heading, h.page, h.page_start))
    return DocState(prepared, relevant, mentions, ordered, score, _subject_strength(prepared, in_title, pack))


def _subject_strength(prepared: Prepared, in_title: bool, pack: RulePack) -> float:
    """1.0 when the title names the topic or the document is an SPBE policy as a whole, else 0.5:
    a topic read from the body alone is the likelier misreading on a document nobody has seen."""
    if in_title or pack.relevance is None or prepared.classes & set(pack.relevance.broad_classes):
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


def is_reference(start: int, tokens: list[str], cues: tuple[tuple[str, ...], ...], lookback: int) -> bool:
    """True when a cue precedes token ``start``, directly or across a list ("pada A, B dan <hit>")."""
    if not cues:
        return False
    if _cue_ends_at(tokens, start, cues):
        return True
    if start == 0 or tokens[start - 1] not in _CONNECTORS:
        return False
    for k in range(start - 1, max(start - 1 - lookback, 0), -1):
        if tokens[k] in _BOUNDARIES or _LIST_MARKER.match(tokens[k]):
            return False
        if _cue_ends_at(tokens, k, cues):
            return True
    return False


def _cue_ends_at(tokens: list[str], k: int, cues: tuple[tuple[str, ...], ...]) -> bool:
    return any(k >= len(c) and tuple(tokens[k - len(c) : k]) == c for c in cues)


@lru_cache(maxsize=32)
def _cue_tokens(phrases: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    from rules.matcher import get_nlp  # spaCy only where cue phrases are tokenised (workers)

    nlp = get_nlp()
    return tuple(tuple(t.lower_ for t in nlp.make_doc(p)) for p in phrases)


def topic_outcome(states: list[DocState], topic: Topic, key: str) -> Outcome:
    """Whether the indicator's topic is a subject of the relevant documents, with passages."""
    relevant = [s for s in states if s.relevant]
    if not relevant:
        return Outcome(False, missing=[topic.description])
    score = max(s.topic_score for s in relevant)
    passages = [s.matches.passage(h, key) for s in relevant for h in s.topic_hits[:2]]
    found = sorted({h.text.lower() for s in relevant for h in s.topic_hits})
    return Outcome(
        True,
        strength=min(1.0, score / (2 * topic.min_count)),
        found=found[:10],
        passages=passages[:MAX_CRITERION_PASSAGES],
        documents=[s.sha256 for s in relevant],
    )


def evaluate(
    criterion: Criterion, rule_id: str, level: Level, states: list[DocState], pack: RulePack
) -> Outcome:
    """Evaluate one criterion of ``level`` over the documents."""
    if isinstance(criterion, DocumentClassCriterion):
        return _document_class(criterion, rule_id, states, pack)
    wanted = set(level.evidence_classes)
    pool = [s for s in states if s.relevant and (not wanted or s.prepared.classes & wanted)]
    if isinstance(criterion, TermsCriterion):
        return _terms(criterion, rule_id, pool)
    if isinstance(criterion, ElementsCriterion):
        return _elements(criterion, rule_id, pool)
    if isinstance(criterion, ProximityCriterion):
        return _proximity(criterion, rule_id, pool)
    raise TypeError(f"unknown criterion kind: {type(criterion).__name__}")


def _terms(c: TermsCriterion, rule_id: str, pool: list[DocState]) -> Outcome:
    hits = [(s, h) for s in pool for h in s.matches.get(rule_id, c.scope)]
    forms = sorted({h.text.lower() for _, h in hits})
    met = len(hits) >= c.min_count and len(forms) >= c.min_distinct
    return Outcome(
        met,
        strength=min(1.0, len(hits) / (c.min_count + 2)) if met else 0.0,
        found=forms[:10],
        passages=[s.matches.passage(h, rule_id) for s, h in hits[:MAX_CRITERION_PASSAGES]],
        documents=sorted({s.sha256 for s, _ in hits}),
    )


def _elements(c: ElementsCriterion, rule_id: str, pool: list[DocState]) -> Outcome:
    found: list[str] = []
    missing: list[str] = []
    passages: list[Passage] = []
    documents: set[str] = set()
    for n, element in enumerate(c.elements):
        located = _first_element_hit(c, rule_id, n, pool)
        if located is None:
            missing.append(element.name)
            continue
        state, hit = located
        found.append(element.name)
        passages.append(state.matches.passage(hit, rule_id))
        documents.add(state.sha256)
    met = len(found) >= c.required
    strength = len(found) / len(c.elements) if met else 0.0
    return Outcome(met, strength, found, missing, passages, sorted(documents))


def _first_element_hit(
    c: ElementsCriterion, rule_id: str, n: int, pool: list[DocState]
) -> tuple[DocState, Hit] | None:
    for state in pool:
        anchors = state.matches.get(near_key(rule_id), c.scope) if c.near else []
        for hit in state.matches.get(element_key(rule_id, n), c.scope):
            if c.near is None or any(_within(c.near, a, hit) for a in anchors):
                return state, hit
    return None


def _within(near: Near, anchor: Hit, hit: Hit) -> bool:
    distance = hit.start_tok - anchor.start_tok
    if near.direction == "after":
        return 0 <= distance <= near.window
    if near.direction == "before":
        return -near.window <= distance <= 0
    return abs(distance) <= near.window


def _proximity(c: ProximityCriterion, rule_id: str, pool: list[DocState]) -> Outcome:
    found: set[str] = set()
    documents: set[str] = set()
    ranked: list[tuple[tuple[bool, int, int], DocState, list[Hit]]] = []
    for state in pool:
        groups = [state.matches.get(group_key(rule_id, n), c.scope) for n in range(len(c.groups))]
        for anchor in groups[0]:
            partners = [_nearest(anchor, group, c.window) for group in groups[1:]]
            if any(p is None for p in partners):
                continue
            hits = [anchor, *[p for p in partners if p is not None]]
            documents.add(state.sha256)
            found.update(h.text.lower() for h in hits)
            ranked.append((_closeness(hits, state.matches.tokens), state, hits))
    # Cite the tightest co-occurrences first: outside headings, within one clause, shortest span.
    ranked.sort(key=lambda r: r[0])
    passages = [_joined_passage(state, hits, rule_id) for _, state, hits in ranked[:MAX_CRITERION_PASSAGES]]
    met = len(ranked) >= c.min_count
    strength = min(1.0, len(ranked) / (c.min_count + 1)) if met else 0.0
    return Outcome(met, strength, sorted(found)[:10], [], passages, sorted(documents))


def _closeness(hits: list[Hit], tokens: list[str]) -> tuple[bool, int, int]:
    start = min(h.start_tok for h in hits)
    end = max(h.end_tok for h in hits)
    boundaries = sum(1 for t in tokens[start:end] if t in _BOUNDARIES)
    return any(h.heading for h in hits), boundaries, end - start


def _nearest(anchor: Hit, group: list[Hit], window: int) -> Hit | None:
    close = [h for h in group if abs(h.start_tok - anchor.start_tok) <= window]
    return min(close, key=lambda h: abs(h.start_tok - anchor.start_tok)) if close else None


def _joined_passage(state: DocState, hits: list[Hit], rule_id: str) -> Passage:
    """One passage spanning the anchor and its partners when they share its page."""
    anchor = hits[0]
    same_page = [h for h in hits if h.page == anchor.page]
    passage = state.matches.passage(anchor, rule_id)
    start = min(h.page_start for h in same_page)
    end = max(h.page_end for h in same_page)
    if end - start > 400:  # partners far apart: cite the anchor alone
        return passage
    joined = Hit(
        anchor.key,
        anchor.start_tok,
        anchor.end_tok,
        anchor.page,
        start,
        end,
        anchor.zone,
        anchor.heading,
        " … ".join(h.text for h in same_page),
    )
    return state.matches.passage(joined, rule_id)


def _document_class(
    c: DocumentClassCriterion, rule_id: str, states: list[DocState], pack: RulePack
) -> Outcome:
    wanted = set(c.classes)
    candidates = [s for s in states if s.prepared.classes & wanted and _topic_ok(s, c.topic)]
    if c.after:
        references = [s for s in states if c.after in s.prepared.classes and s.mentions]
        candidates = [s for s in candidates if _dated_after(s, [r for r in references if r is not s])]
    if not candidates:
        return Outcome(False, missing=[c.gap or c.description])
    strengths = [
        max(pack.document_classes[n].weight for n in s.prepared.classes & wanted) * s.prepared.meta_confidence
        for s in candidates
    ]
    passages = [_class_passage(s, rule_id) for s in candidates[:MAX_CRITERION_PASSAGES]]
    found = [f"{s.prepared.document.source.name} ({classes_label(s.prepared.classes & wanted)})"
             for s in candidates]
    return Outcome(True, max(strengths), found, [], passages, [s.sha256 for s in candidates])


def _dated_after(state: DocState, references: list[DocState]) -> bool:
    """A reference (e.g. a review) exists besides ``state``, and ``state`` is not dated before the earliest.

    A follow-up report may itself read like a review; it still needs another, earlier review. Undated
    documents are accepted (the assessor checks the order).
    """
    if not references:
        return False
    dates = [r.prepared.when for r in references if r.prepared.when is not None]
    return not dates or state.prepared.when is None or state.prepared.when >= min(dates)


def _topic_ok(state: DocState, mode: TopicMode) -> bool:
    if mode is TopicMode.relevant:
        return state.relevant
    return state.mentions if mode is TopicMode.mention else True


def _class_passage(state: DocState, rule_id: str) -> Passage:
    """Cite the document's strongest topic match, else the page its status/type was read from."""
    if state.topic_hits:
        return state.matches.passage(state.topic_hits[0], rule_id)
    meta = state.prepared.document.metadata
    page = next((f.page for f in (meta.status, meta.doc_type, meta.title) if f is not None and f.page), None)
    pages = state.matches.page_texts
    page = page if page in pages else min(pages, default=1)
    text = pages.get(page, "")
    end = min(len(text), 80)
    label = meta.title.value if meta.title else state.prepared.document.source.name
    hit = Hit(rule_id, 0, 0, page, 0, end, state.matches.doc_text.zone_at(0), False, label)
    return state.matches.passage(hit, rule_id)
