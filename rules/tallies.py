"""Running tallies of single criteria over the union of evidence, fed one document at a time.

A criterion reads the *pool* of its level: the documents that are relevant to the
indicator (topic met) and, when the level names ``evidence_classes``, belong to one of
them. Element coverage and term counts are unions over the pool, so two enacted policies
may together cover the required content. Document-class criteria look at every evidence
document, tied to the indicator through their ``topic`` mode.

Each tally keeps only what its outcome needs (counts, the distinct forms, the documents,
and at most the passages it will cite), so a document's matches can be dropped once it has
been added: scoring memory does not grow with each document's hits. Passages are quoted only
while they can still be cited (the first ones in document order; for proximity, the
tightest so far). ``absorb`` appends another tally of the *following* documents, so a
submission can be tallied in batches (in parallel) and the batches joined in order; the
outcome is the same as one tally over all documents in that order.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

from core.models import Passage
from rules.criteria import BOUNDARIES, MAX_CRITERION_PASSAGES, DocState, Outcome
from rules.hits import Hit
from rules.labels import classes_label
from rules.schema import (
    Criterion,
    DocumentClassCriterion,
    ElementsCriterion,
    Level,
    Near,
    ProximityCriterion,
    RulePack,
    TermsCriterion,
    Topic,
    TopicMode,
)
from rules.signatures import element_key, group_key, near_key

Closeness = tuple[bool, int, int]  # in a heading, clause boundaries crossed, span length: lower first


@dataclass
class TopicTally:
    """The topic criterion: relevant documents, their best score, forms and first passages."""

    topic: Topic
    key: str
    score: int = 0
    forms: set[str] = field(default_factory=set)
    passages: list[Passage] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)

    def add(self, state: DocState) -> None:
        if not state.relevant:
            return
        self.score = max(self.score, state.topic_score) if self.documents else state.topic_score
        self.documents.append(state.sha256)
        self.forms.update(h.text.lower() for h in state.topic_hits)
        for hit in state.topic_hits[:2]:
            if len(self.passages) < MAX_CRITERION_PASSAGES:
                self.passages.append(state.matches.passage(hit, self.key))

    def absorb(self, other: TopicTally) -> None:
        if other.documents:
            self.score = max(self.score, other.score) if self.documents else other.score
        self.documents.extend(other.documents)
        self.forms |= other.forms
        self.passages = (self.passages + other.passages)[:MAX_CRITERION_PASSAGES]

    def outcome(self) -> Outcome:
        if not self.documents:
            return Outcome(False, missing=[self.topic.description])
        return Outcome(
            True,
            strength=min(1.0, self.score / (2 * self.topic.min_count)),
            found=sorted(self.forms)[:10],
            passages=list(self.passages),
            documents=list(self.documents),
        )


def pooled(level: Level, state: DocState) -> bool:
    """Whether ``state``'s document is in the pool of ``level`` (relevant, of a wanted class)."""
    wanted = level.evidence_classes
    return state.relevant and (not wanted or not state.prepared.classes.isdisjoint(wanted))


@dataclass
class TermsTally:
    criterion: TermsCriterion
    rule_id: str
    count: int = 0
    forms: set[str] = field(default_factory=set)
    passages: list[Passage] = field(default_factory=list)
    documents: set[str] = field(default_factory=set)

    def add(self, state: DocState) -> None:
        hits = state.matches.get(self.rule_id, self.criterion.scope)
        if not hits:
            return
        self.count += len(hits)
        self.forms.update(h.text.lower() for h in hits)
        self.documents.add(state.sha256)
        for hit in hits[: MAX_CRITERION_PASSAGES - len(self.passages)]:
            self.passages.append(state.matches.passage(hit, self.rule_id))

    def absorb(self, other: TermsTally) -> None:
        self.count += other.count
        self.forms |= other.forms
        self.documents |= other.documents
        self.passages = (self.passages + other.passages)[:MAX_CRITERION_PASSAGES]

    def outcome(self) -> Outcome:
        c = self.criterion
        met = self.count >= c.min_count and len(self.forms) >= c.min_distinct
        return Outcome(
            met,
            strength=min(1.0, self.count / (c.min_count + 2)) if met else 0.0,
            found=sorted(self.forms)[:10],
            passages=list(self.passages),
            documents=sorted(self.documents),
        )


@dataclass
class ElementsTally:
    """Per element, the first document of the pool (in order) that has it, and where."""

    criterion: ElementsCriterion
    rule_id: str
    located: list[tuple[str, Passage] | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.located = self.located or [None] * len(self.criterion.elements)

    def add(self, state: DocState) -> None:
        c = self.criterion
        anchors = state.matches.get(near_key(self.rule_id), c.scope) if c.near else []
        for n, found in enumerate(self.located):
            if found is not None:
                continue
            for hit in state.matches.get(element_key(self.rule_id, n), c.scope):
                if c.near is None or any(_within(c.near, a, hit) for a in anchors):
                    self.located[n] = (state.sha256, state.matches.passage(hit, self.rule_id))
                    break

    def absorb(self, other: ElementsTally) -> None:
        pairs = zip(self.located, other.located, strict=True)
        self.located = [mine if mine is not None else theirs for mine, theirs in pairs]

    def outcome(self) -> Outcome:
        c = self.criterion
        found = [e.name for e, at in zip(c.elements, self.located, strict=True) if at is not None]
        missing = [e.name for e, at in zip(c.elements, self.located, strict=True) if at is None]
        passages = [at[1] for at in self.located if at is not None]
        met = len(found) >= c.required
        strength = len(found) / len(c.elements) if met else 0.0
        return Outcome(met, strength, found, missing, passages, sorted({at[0] for at in self.located if at}))


def _within(near: Near, anchor: Hit, hit: Hit) -> bool:
    distance = hit.start_tok - anchor.start_tok
    if near.direction == "after":
        return 0 <= distance <= near.window
    if near.direction == "before":
        return -near.window <= distance <= 0
    return abs(distance) <= near.window


@dataclass
class ProximityTally:
    """Co-occurrences of the groups within the window; the tightest ones are cited."""

    criterion: ProximityCriterion
    rule_id: str
    count: int = 0
    found: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    best: list[tuple[Closeness, Passage]] = field(default_factory=list)  # tightest first, ties in order

    def add(self, state: DocState) -> None:
        c = self.criterion
        groups = [state.matches.get(group_key(self.rule_id, n), c.scope) for n in range(len(c.groups))]
        ranked: list[tuple[Closeness, list[Hit]]] = []
        for anchor in groups[0]:
            partners = [_nearest(anchor, group, c.window) for group in groups[1:]]
            if any(p is None for p in partners):
                continue
            hits = [anchor, *[p for p in partners if p is not None]]
            self.documents.add(state.sha256)
            self.found.update(h.text.lower() for h in hits)
            ranked.append((_closeness(hits, state.matches.tokens), hits))
        self.count += len(ranked)
        ranked.sort(key=lambda r: r[0])  # stable: equally close ones keep their order
        for closeness, hits in ranked[:MAX_CRITERION_PASSAGES]:
            at = bisect_right([b[0] for b in self.best], closeness)  # after the earlier documents' ties
            if at >= MAX_CRITERION_PASSAGES:
                break
            self.best.insert(at, (closeness, _joined_passage(state, hits, self.rule_id)))
            del self.best[MAX_CRITERION_PASSAGES:]

    def absorb(self, other: ProximityTally) -> None:
        self.count += other.count
        self.found |= other.found
        self.documents |= other.documents
        self.best = sorted(self.best + other.best, key=lambda b: b[0])[:MAX_CRITERION_PASSAGES]

    def outcome(self) -> Outcome:
        c = self.criterion
        met = self.count >= c.min_count
        strength = min(1.0, self.count / (c.min_count + 1)) if met else 0.0
        passages = [p for _, p in self.best]
        return Outcome(met, strength, sorted(self.found)[:10], [], passages, sorted(self.documents))


def _closeness(hits: list[Hit], tokens: list[str]) -> Closeness:
    """Cite the tightest co-occurrences first: outside headings, within one clause, shortest span."""
    start = min(h.start_tok for h in hits)
    end = max(h.end_tok for h in hits)
    boundaries = sum(1 for t in tokens[start:end] if t in BOUNDARIES)
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
    joined = Hit(anchor.key, anchor.start_tok, anchor.end_tok, anchor.page, start, end, anchor.zone,
                 anchor.heading, " … ".join(h.text for h in same_page))
    return state.matches.passage(joined, rule_id)


@dataclass(frozen=True)
class ClassCandidate:
    """A document of a wanted class (and topic mode) for a document-class criterion."""

    position: int  # in the evidence, for "another document than this one"
    sha256: str
    when: date | None
    strength: float
    label: str
    passage: Passage | None  # quoted only while it can be among the cited ones


@dataclass
class ClassTally:
    """Documents of the wanted classes; with ``after``, only those dated after another reference."""

    criterion: DocumentClassCriterion
    rule_id: str
    weights: dict[str, float]  # document class -> weight, from the pack
    candidates: list[ClassCandidate] = field(default_factory=list)
    references: list[tuple[int, date | None]] = field(default_factory=list)
    # the classes ``add`` reads (wanted ones and the reference's): asked for every indicator of every
    # document, the fold skips the call for a document of none of them (most documents)
    reads: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        c = self.criterion
        self.reads = frozenset([*c.classes, *([c.after] if c.after else [])])

    @classmethod
    def of(cls, criterion: DocumentClassCriterion, rule_id: str, pack: RulePack) -> ClassTally:
        return cls(criterion, rule_id, {n: c.weight for n, c in pack.document_classes.items()})

    def add(self, state: DocState, position: int) -> None:
        c = self.criterion
        classes = state.prepared.classes
        if c.after and c.after in classes and state.mentions:
            self.references.append((position, state.prepared.when))
        if classes.isdisjoint(c.classes):
            return  # asked for every indicator of every document: most are of no wanted class
        wanted = classes.intersection(c.classes)
        if not _topic_ok(state, c.topic):
            return
        # with ``after`` any candidate may end up cited (others can drop out); else the first ones
        quote = bool(c.after) or len(self.candidates) < MAX_CRITERION_PASSAGES
        self.candidates.append(ClassCandidate(
            position, state.sha256, state.prepared.when,
            max(self.weights[n] for n in wanted) * state.prepared.meta_confidence,
            f"{state.prepared.document.source.name} ({classes_label(wanted)})",
            _class_passage(state, self.rule_id) if quote else None,
        ))

    def absorb(self, other: ClassTally, offset: int) -> None:
        self.candidates.extend(_moved(c, offset) for c in other.candidates)
        self.references.extend((p + offset, when) for p, when in other.references)

    def _others(self, candidate: ClassCandidate) -> list[tuple[int, date | None]]:
        return [r for r in self.references if r[0] != candidate.position]

    def outcome(self) -> Outcome:
        c = self.criterion
        chosen = self.candidates
        if c.after:
            chosen = [k for k in chosen if _dated_after(k, self._others(k))]
        if not chosen:
            return Outcome(False, missing=[c.gap or c.description])
        passages = [k.passage for k in chosen[:MAX_CRITERION_PASSAGES] if k.passage is not None]
        return Outcome(True, max(k.strength for k in chosen), [k.label for k in chosen], [], passages,
                       [k.sha256 for k in chosen])


def _moved(candidate: ClassCandidate, offset: int) -> ClassCandidate:
    return ClassCandidate(candidate.position + offset, candidate.sha256, candidate.when, candidate.strength,
                          candidate.label, candidate.passage)


def _dated_after(candidate: ClassCandidate, references: list[tuple[int, date | None]]) -> bool:
    """A reference (e.g. a review) exists besides the candidate, which is not dated before the earliest.

    A follow-up report may itself read like a review; it still needs another, earlier review. Undated
    documents are accepted (the assessor checks the order).
    """
    if not references:
        return False
    dates = [when for _, when in references if when is not None]
    return not dates or candidate.when is None or candidate.when >= min(dates)


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


CriterionTally = TermsTally | ElementsTally | ProximityTally | ClassTally


def tally_for(criterion: Criterion, rule_id: str, pack: RulePack) -> CriterionTally:
    """An empty tally for one criterion of the pack."""
    if isinstance(criterion, DocumentClassCriterion):
        return ClassTally.of(criterion, rule_id, pack)
    if isinstance(criterion, TermsCriterion):
        return TermsTally(criterion, rule_id)
    if isinstance(criterion, ElementsCriterion):
        return ElementsTally(criterion, rule_id)
    if isinstance(criterion, ProximityCriterion):
        return ProximityTally(criterion, rule_id)
    raise TypeError(f"unknown criterion kind: {type(criterion).__name__}")
