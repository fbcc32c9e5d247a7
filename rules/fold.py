"""The evidence of a submission folded one document at a time, for scoring.

``EvidenceFold.add`` reads one matched document (``Prepared``) into per-indicator tallies
(``rules.tallies``) and keeps of the document itself only what proposals name or weigh: its
metadata (labels in rationales and guidance), classes, date, metadata confidence and the
quality of each page. The matches can then be dropped, so scoring holds one document's
matches at a time, not the submission's. ``absorb`` appends a fold of the following
documents: batches folded in parallel and joined in order give the same fold as one pass.
``rules.engine.propose_from_fold`` turns a fold into proposals.

A fold may hold only some indicators (``only``: those a rule-pack edit touched,
``rules.indicator_digest``); it still records, for every document, what a document's relevance
to any topic reads beyond that topic's own matches (``cross``: its classes, its strongest topic
score, how many topics it is a candidate subject of), so that a caller can tell whether the
indicators left out are still seeing the same evidence.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date

from core.models import ExtractedDocument, TextMethod
from rules.criteria import DocState, Prepared, topic_state, unnamed_state
from rules.schema import DocumentClassCriterion, IndicatorRules, Level, RulePack, Topic
from rules.tallies import ClassTally, CriterionTally, TopicTally, pooled, tally_for

DEFAULT_OCR_QUALITY = 0.7  # OCR page without a recorded confidence


@dataclass(frozen=True)
class DocumentInfo:
    """What scoring keeps of an evidence document once its matches are folded in."""

    sha256: str
    document: ExtractedDocument  # without its pages: metadata and source only
    classes: frozenset[str]
    meta_confidence: float
    when: date | None
    page_quality: dict[int, float]  # page number -> text quality (1 text layer, OCR confidence / 100)

    @classmethod
    def of(cls, prepared: Prepared) -> DocumentInfo:
        document = prepared.document
        quality = {p.number: page_quality(p.method, p.ocr_confidence) for p in document.pages}
        return cls(document.source.sha256, document.model_copy(update={"pages": []}), prepared.classes,
                   prepared.meta_confidence, prepared.when, quality)

    def __reduce__(self) -> tuple:
        # folds cross from workers to the flow process; pydantic's generic MetaField[...] classes
        # do not pickle, so the document travels as its JSON (as in ``pipeline.codec``)
        fields = (self.sha256, self.document.model_dump_json(), self.classes, self.meta_confidence,
                  self.when, self.page_quality)
        return (_unpickle_info, fields)


def _unpickle_info(sha256: str, document: str, *rest: object) -> DocumentInfo:
    return DocumentInfo(sha256, ExtractedDocument.model_validate_json(document), *rest)  # type: ignore[arg-type]


def page_quality(method: TextMethod, ocr_confidence: float | None) -> float:
    """Text quality of a page: 1 for a text layer or DOCX, OCR confidence / 100, 0 for no text."""
    if method is TextMethod.none:
        return 0.0
    if method is TextMethod.ocr:
        return (ocr_confidence / 100.0) if ocr_confidence is not None else DEFAULT_OCR_QUALITY
    return 1.0


@dataclass
class CriterionSlot:
    """One criterion of an indicator with its place in the checklist and its tally."""

    level: int
    rule_id: str
    description: str
    gap: str
    pool: Level | None  # the level whose pool it reads; None: every document (document class)
    tally: CriterionTally


@dataclass
class IndicatorFold:
    """What one indicator has seen of the evidence so far."""

    documents: list[DocumentInfo]  # the fold's documents (shared by its indicators)
    topic: TopicTally
    criteria: list[CriterionSlot]
    relevant: list[int] = field(default_factory=list)  # positions of the relevant documents
    subjects: dict[int, float] = field(default_factory=dict)  # relevant position -> DocState.subject
    mentions: bool = False  # some document mentions the topic at all
    headed: bool = False  # a relevant document has a topic match in a heading
    # the criteria's tallies by kind, sorted once: ``add`` runs for every indicator of every document
    by_class: list[ClassTally] = field(init=False, repr=False, compare=False)
    by_pool: list[tuple[Level, CriterionTally]] = field(init=False, repr=False, compare=False)
    readers: dict[frozenset[str], list[ClassTally]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.by_class = [s.tally for s in self.criteria if isinstance(s.tally, ClassTally)]
        self.by_pool = [(s.pool, s.tally) for s in self.criteria
                        if not isinstance(s.tally, ClassTally) and s.pool is not None]
        self.readers = {}  # a document's classes -> the class tallies reading any of them

    def add(self, state: DocState, position: int) -> None:
        if state.relevant:
            self.relevant.append(position)
            self.subjects[position] = state.subject
            self.headed = self.headed or any(h.heading for h in state.topic_hits)
        self.mentions = self.mentions or state.mentions
        self.topic.add(state)
        classes = state.prepared.classes
        readers = self.readers.get(classes)
        if readers is None:  # a submission's documents fall in a few sets of classes
            readers = self.readers[classes] = [t for t in self.by_class if not classes.isdisjoint(t.reads)]
        for tally in readers:  # the others' ``add`` would find nothing to do
            tally.add(state, position)
        if state.relevant:  # the pools hold relevant documents only: most are not
            for pool, pool_tally in self.by_pool:
                if pooled(pool, state):
                    pool_tally.add(state)  # type: ignore[call-arg]

    def absorb(self, other: IndicatorFold, offset: int) -> None:
        self.relevant.extend(p + offset for p in other.relevant)
        self.subjects.update({p + offset: s for p, s in other.subjects.items()})
        self.mentions = self.mentions or other.mentions
        self.headed = self.headed or other.headed
        self.topic.absorb(other.topic)
        for mine, theirs in zip(self.criteria, other.criteria, strict=True):
            if isinstance(mine.tally, ClassTally):
                mine.tally.absorb(theirs.tally, offset)  # type: ignore[arg-type]
            else:
                mine.tally.absorb(theirs.tally)  # type: ignore[arg-type]

    def relevant_documents(self) -> list[DocumentInfo]:
        return [self.documents[p] for p in self.relevant]


@dataclass
class EvidenceFold:
    """The evidence documents of a submission, folded in order into per-indicator tallies."""

    pack_hash: str
    ignored: frozenset[str]  # the pack's non-evidence classes: such documents are not evidence
    indicators: dict[str, IndicatorFold]  # by indicator id; indicators with rules only
    documents: list[DocumentInfo] = field(default_factory=list)
    only: frozenset[str] | None = None  # the indicators proposals are made for; None: every one
    cross: list[Cross] = field(default_factory=list)  # per document added, ignored ones included

    @classmethod
    def empty(cls, pack: RulePack, only: frozenset[str] | None = None) -> EvidenceFold:
        """A fold of no documents, of every indicator with rules or of those in ``only``."""
        documents: list[DocumentInfo] = []
        indicators = {
            spec.id: _indicator_fold(rules, pack, documents)
            for spec in pack.indicators()
            if not spec.manual and (only is None or spec.id in only)
            and (rules := pack.rules_for(spec.id)) is not None
        }
        return cls(pack.content_hash, frozenset(pack.non_evidence_classes), indicators, documents, only)

    def add(self, prepared: Prepared, pack: RulePack) -> None:
        """Fold one matched document in (after every document added before it)."""
        self.cross.append(cross_of(prepared))
        if prepared.classes & self.ignored:
            return
        position = len(self.documents)
        self.documents.append(DocumentInfo.of(prepared))
        hits, titles = prepared.matches.hits, prepared.matches.title_spans
        unnamed: DocState | None = None
        for indicator_id, topic, key in _topics(pack):
            fold = self.indicators.get(indicator_id)
            if fold is None:
                continue
            if key in hits or key in titles:
                fold.add(topic_state(prepared, topic, key, pack), position)
            else:  # the topic named nowhere in the document (most topics of most documents)
                unnamed = unnamed or unnamed_state(prepared, pack)
                fold.add(unnamed, position)

    def absorb(self, other: EvidenceFold) -> None:
        """Append ``other``, a fold of the documents that follow this fold's, with the same pack."""
        if other.pack_hash != self.pack_hash or other.only != self.only:
            raise ValueError("folds of different rule packs or indicators cannot be joined")
        offset = len(self.documents)
        self.documents.extend(other.documents)
        self.cross.extend(other.cross)
        for indicator_id, fold in self.indicators.items():
            fold.absorb(other.indicators[indicator_id], offset)

    def joined(self, other: EvidenceFold) -> EvidenceFold:
        """A new fold of this fold's documents followed by ``other``'s (neither is changed)."""
        # DocumentInfo is immutable: shared, not copied (copying 1,000 documents' metadata cost ~2 s)
        shared = {id(d): d for d in (*self.documents, *other.documents)}
        out = copy.deepcopy(self, dict(shared))
        out.absorb(copy.deepcopy(other, dict(shared)))
        return out

    def page_quality(self) -> dict[tuple[str, int], float]:
        """(sha256, page number) -> quality, over every evidence document in order."""
        return {(d.sha256, n): q for d in self.documents for n, q in d.page_quality.items()}


Cross = tuple[str, tuple[str, ...], int, int]  # sha256, classes, strongest topic score, candidate subjects


def cross_of(prepared: Prepared) -> Cross:
    """What any indicator's view of the document reads beyond its own topic's matches."""
    return (prepared.document.source.sha256, tuple(sorted(prepared.classes)),
            max(prepared.topic_scores.values(), default=0), prepared.candidate_subjects)


_topic_keys: dict[str, list[tuple[str, Topic, str]]] = {}  # pack hash -> (indicator, topic, key)


def _topics(pack: RulePack) -> list[tuple[str, Topic, str]]:
    """Each indicator with rules, its topic and topic key, in the fold's order: looked up once
    per pack, not once per indicator and document (``rules_for`` scans the pack's rules)."""
    found = _topic_keys.get(pack.content_hash) if pack.content_hash else None
    if found is None:
        found = [(spec.id, rules.topic, pack.topic_rule_id(spec.id)) for spec in pack.indicators()
                 if not spec.manual and (rules := pack.rules_for(spec.id)) is not None]
        if pack.content_hash:  # a pack built in code, unhashed, is never cached
            _topic_keys[pack.content_hash] = found
    return found


def _indicator_fold(rules: IndicatorRules, pack: RulePack, documents: list[DocumentInfo]) -> IndicatorFold:
    slots = []
    for number in sorted(rules.levels):
        level = rules.levels[number]
        for criterion in level.criteria:
            rule_id = pack.rule_id(rules.indicator, number, criterion.id)
            pool = None if isinstance(criterion, DocumentClassCriterion) else level
            slots.append(CriterionSlot(number, rule_id, criterion.description,
                                       criterion.gap or criterion.description, pool,
                                       tally_for(criterion, rule_id, pack)))
    topic = TopicTally(rules.topic, pack.topic_rule_id(rules.indicator))
    return IndicatorFold(documents, topic, slots)
