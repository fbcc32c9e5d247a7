"""Propose a maturity level per indicator from the union of evidence of several documents.

Level = the highest level whose criteria, and those of every lower level, are met; 0 when
no document is relevant to the indicator. Level 1 also requires the topic (relevance)
criterion. Indicators without rules, or marked ``manual``, get ``needs_manual=True`` and
level 0 with a rationale - never a silent level. Indicators marked ``manual_fallback``
(domain-4 services, judged on application capability) get a level when a document describes
the application's functions, and otherwise ``needs_manual=True`` with the criteria checked.
Documents of the pack's ``non_evidence_classes`` (e.g. official evaluation reports) are not
read as evidence.

Scoring folds the evidence one document at a time (``rules.fold``, ``rules.tallies``): a
proposal is read from per-criterion tallies, never from every document's matches at once.
Confidence comes from ``rules.confidence`` (features, hand-set or fitted weights); the cited
passages shown are curated by ``rules.citations``.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.models import CriterionResult, ExtractedDocument, Passage, Proposal
from rules.citations import curate
from rules.confidence import forget_captured, proposal_confidence, sibling_gaps
from rules.criteria import (
    Evaluation,
    Prepared,
    candidate_subjects,
    document_date,
    meta_confidence,
    topic_score,
)
from rules.doc_classes import document_classes
from rules.fold import EvidenceFold, IndicatorFold
from rules.guidance import attach_guidance
from rules.hits import DocumentMatches
from rules.rationale import capability_rationale, next_missing, rationale
from rules.schema import IndicatorRules, IndicatorSpec, RulePack, indicator_key

MAX_PASSAGES = 8  # per proposal, strongest first
MANUAL_DEFAULT = "belum ada aturan otomatis untuk indikator ini"
CAPABILITY_CEILING = 0.75  # highest confidence of a domain-4 level read from a document

Evaluated = list[Evaluation]


def propose_levels(documents: Sequence[ExtractedDocument], pack: RulePack) -> list[Proposal]:
    """One proposal per indicator of the pack, from the union of evidence of ``documents``."""
    return propose_from_prepared([prepare_document(doc, pack) for doc in documents], pack)


def prepare_document(document: ExtractedDocument, pack: RulePack) -> Prepared:
    """Match one document once (the expensive, cacheable part of :func:`propose_levels`)."""
    return _prepare(document, pack)


def propose_from_prepared(prepared: Sequence[Prepared], pack: RulePack) -> list[Proposal]:
    """:func:`propose_levels` on documents already matched by :func:`prepare_document`."""
    return propose_from_fold(fold_prepared(prepared, pack), pack)


def fold_prepared(prepared: Sequence[Prepared], pack: RulePack) -> EvidenceFold:
    """The documents folded in order (``rules.fold``); their matches are not kept."""
    fold = EvidenceFold.empty(pack)
    for document in prepared:
        fold.add(document, pack)
    return fold


def propose_from_fold(fold: EvidenceFold, pack: RulePack, others: Sequence[Proposal] = ()) -> list[Proposal]:
    """One proposal per indicator of the pack (of ``fold.only``, when the fold holds only some),
    from the evidence folded into ``fold``; ``others``: the proposals of the indicators left out,
    which their aspects' siblings are compared with (``sibling_gaps``)."""
    if fold.pack_hash != pack.content_hash:
        raise ValueError("the fold was made with another version of the rule pack")
    qualities = fold.page_quality()
    specs = [spec for spec in pack.indicators() if fold.only is None or spec.id in fold.only]
    proposals = [_propose_indicator(spec, pack, fold, qualities) for spec in specs]
    # an SPBE policy's indicators below their aspect's siblings are scored again as borderline
    ids = {spec.id for spec in specs}
    outside = [p for p in others if p.indicator_id not in ids]
    compared = sibling_gaps([*proposals, *outside], pack, fold.documents)
    gaps = {i: g for i, g in compared.items() if g > 0 and i in ids}
    if gaps:
        forget_captured(pack.name, {indicator_key(i) for i in gaps})
        proposals = [
            _propose_indicator(spec, pack, fold, qualities, gaps[spec.id]) if spec.id in gaps else proposal
            for spec, proposal in zip(specs, proposals, strict=True)
        ]
    return attach_guidance(proposals, pack, [d.document for d in fold.documents])  # rules/guidance.py


def propose_for_document(document: ExtractedDocument, pack: RulePack) -> list[Proposal]:
    """The same as :func:`propose_levels` on one document (what it alone supports)."""
    return propose_levels([document], pack)


def _prepare(document: ExtractedDocument, pack: RulePack) -> Prepared:
    from rules.matcher import match_document  # spaCy: imported where documents are matched

    return derive(match_document(document, pack), pack)


def derive(matches: DocumentMatches, pack: RulePack) -> Prepared:
    """Everything :func:`prepare_document` computes from a document's matches (cheap)."""
    document = matches.document
    scores = {
        rules.indicator: topic_score(matches, rules.topic, pack.topic_rule_id(rules.indicator), pack)[2]
        for rules in pack.indicator_rules
    }
    min_counts = {rules.indicator: rules.topic.min_count for rules in pack.indicator_rules}
    return Prepared(
        matches,
        document_classes(matches, pack),
        meta_confidence(document),
        document_date(document),
        scores,
        candidate_subjects(scores, min_counts, pack),
    )


def _propose_indicator(
    spec: IndicatorSpec,
    pack: RulePack,
    fold: EvidenceFold,
    qualities: dict[tuple[str, int], float],
    sibling_gap: float = 0.0,
) -> Proposal:
    rules = pack.rules_for(spec.id)
    if spec.manual or rules is None:
        return _manual(spec, pack)
    seen = fold.indicators[spec.id]
    topic = rules.topic
    topic_key = pack.topic_rule_id(spec.id)
    topic_outcome = seen.topic.outcome()
    evaluated: Evaluated = [Evaluation(1, topic_key, topic.description, topic.description, topic_outcome)]
    for slot in seen.criteria:
        outcome = slot.tally.outcome()
        evaluated.append(Evaluation(slot.level, slot.rule_id, slot.description, slot.gap, outcome))
    level = _reached_level(evaluated, rules)
    return _proposal(spec, pack, rules, seen, qualities, evaluated, level, sibling_gap)


def _reached_level(evaluated: Evaluated, rules: IndicatorRules) -> int:
    reached = 0
    for number in sorted(rules.levels):
        if not all(e.outcome.met for e in evaluated if e.level == number):
            break
        reached = number
    return reached


def _proposal(
    spec: IndicatorSpec,
    pack: RulePack,
    rules: IndicatorRules,
    seen: IndicatorFold,
    qualities: dict[tuple[str, int], float],
    evaluated: Evaluated,
    level: int,
    sibling_gap: float = 0.0,
) -> Proposal:
    shown = [e for e in evaluated if e.level <= min(level + 1, 5)]
    criteria = [_criterion_result(e) for e in shown]
    ranked = _strongest_passages(evaluated, level)
    passages = ranked[:MAX_PASSAGES]  # what confidence reads; the citations shown are curated
    documents = sorted(
        {d for e in evaluated if e.level <= level and e.outcome.met for d in e.outcome.documents}
    )
    missing = next_missing(evaluated, level)
    manual = spec.manual_fallback and level == 0
    text = rationale(pack, spec, level, seen, missing, documents)
    if spec.manual_fallback:
        text = capability_rationale(spec, level, text)
    return Proposal(
        framework=pack.name,
        pack_version=pack.version,
        pack_hash=pack.content_hash,
        indicator_id=spec.id,
        level=level,
        confidence=0.0 if manual else _confidence(evaluated, level, seen, qualities, passages, spec,
                                                  sibling_gap),
        needs_manual=manual,
        rule_ids=[e.rule_id for e in shown if e.outcome.met or e.outcome.passages],
        passages=curate(ranked, MAX_PASSAGES),  # rules/citations.py
        criteria=criteria,
        next_level_missing=missing,
        documents=documents,
        rationale=text,
    )


def _criterion_result(entry: Evaluation) -> CriterionResult:
    outcome = entry.outcome
    return CriterionResult(
        rule_id=entry.rule_id,
        level=entry.level,
        description=entry.description,
        met=outcome.met,
        found=outcome.found,
        missing=outcome.missing,
        passages=curate(outcome.passages),
    )


def _strongest_passages(evaluated: Evaluated, level: int) -> list[Passage]:
    """Passages of met criteria, highest level first, then the topic; unique (not capped)."""
    ordered = sorted(
        (e for e in evaluated if e.level <= level and e.outcome.met),
        key=lambda e: (-e.level, e.rule_id.endswith("/topic")),
    )
    seen: set[tuple[str, int, int]] = set()
    out: list[Passage] = []
    for entry in ordered:
        for passage in entry.outcome.passages:
            key = (passage.sha256, passage.page, passage.start)
            if key not in seen:
                seen.add(key)
                out.append(passage)
    return out


def _confidence(
    evaluated: Evaluated,
    level: int,
    seen: IndicatorFold,
    qualities: dict[tuple[str, int], float],
    passages: list[Passage],
    spec: IndicatorSpec,
    sibling_gap: float,
) -> float:
    value = proposal_confidence(evaluated, level, seen, qualities, passages, sibling_gap)
    if spec.manual_fallback and level > 0:
        # a service level read from a description of the application stays below the bar an
        # assessor may confirm without looking: it is verified in the running application
        return min(value, CAPABILITY_CEILING)
    return value


def _manual(spec: IndicatorSpec, pack: RulePack) -> Proposal:
    reason = spec.manual_reason or MANUAL_DEFAULT
    return Proposal(
        framework=pack.name,
        pack_version=pack.version,
        pack_hash=pack.content_hash,
        indicator_id=spec.id,
        level=0,
        confidence=0.0,
        needs_manual=True,
        rationale=f"Perlu penilaian manual: {reason}.",
    )
