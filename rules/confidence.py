"""Confidence of a proposal: a monotone mapping from evidence features to 0..1.

For a proposal at level >= 1 the confidence estimates P(the proposed level is exactly right);
for level 0, P(there really is no evidence). Features (each 0..1, see :class:`Features`):

    support    mean strength of the met criteria of levels 1..level (topic included)
    weakest    strength of the weakest met criterion of the deciding level: a level reached
               by one barely-met criterion may be a level too high
    structure  where the evidence sits: cited passages located in a Pasal/diktum/Lampiran and
               topic matches in headings score high, loose text scores low
    metadata   detection confidence of type/status of the supporting documents (the class of
               a document - enacted, draft, review record - decides levels 1, 2, 4 and 5)
    quality    text quality of the cited pages (1 text layer/DOCX, OCR confidence / 100)
    borderline share of the next level's criteria already met, or, for an SPBE policy as a whole,
               the share of the other indicators of its aspect it supports at a higher level (the
               level may be too low: a policy that regulates its other topics in full likely
               regulates this one in full too, in words the rules miss)
    subject    how the supporting documents are about the indicator: 1 when a title names the
               topic or the document is an SPBE policy as a whole, 0.5 when read from a body only

    logit = base + sum(weight * (feature - reference))      all weights >= 0, borderline <= 0
    confidence = clamp(sigmoid(logit), FLOOR, CEILING), rounded to 2 decimals

Every weight has a fixed sign, so the confidence never falls when evidence gets stronger.
The weights are hand-set from what each feature means (``rules/confidence_model.HAND_SET``)
unless the pack ships a fitted ``confidence.yaml`` (``bukti calibrate``, see
``rules/confidence_model.py``); level-0 confidence is always hand-set. Inside
:func:`capture_confidence` every computed confidence is recorded with its features, so the
calibration harness reads exactly what the engine used.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from core.models import Passage, Proposal
from rules.confidence_model import HAND_SET, ConfidenceModel, model_for_pack
from rules.criteria import Evaluation
from rules.fold import DocumentInfo, IndicatorFold
from rules.schema import RulePack

FLOOR, CEILING = 0.05, 0.95

# Level 0: log-odds of "no evidence" by what the documents show of the indicator.
NO_MENTION_LOGIT = 2.0  # the topic is not mentioned at all (p ~ 0.88 on clean text)
PASSING_MENTION_LOGIT = 0.0  # mentioned only in passing (preamble, definitions, citations)
RELEVANT_LOGIT = -0.8  # a document regulates the topic but its class does not count for level 1
NO_DOCUMENTS_CONFIDENCE = CEILING  # nothing was submitted: nothing can have been missed


@dataclass(frozen=True)
class Features:
    support: float
    weakest: float
    structure: float
    metadata: float
    quality: float
    borderline: float
    subject: float = 1.0

    def as_dict(self) -> dict[str, float]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Captured:
    """One computed confidence: the indicator (its key in rule ids, ``"i01"``), level and features."""

    pack: str
    indicator_key: str
    level: int
    features: Features | None  # None at level 0 (hand-set from what was seen, not from features)
    confidence: float


_CAPTURE: ContextVar[list[Captured] | None] = ContextVar("bukti_confidence_capture", default=None)


@contextmanager
def capture_confidence() -> Iterator[list[Captured]]:
    """Record every confidence computed inside the block (for ``rules/evaluation/calibrate.py``)."""
    log: list[Captured] = []
    token = _CAPTURE.set(log)
    try:
        yield log
    finally:
        _CAPTURE.reset(token)


def forget_captured(pack: str, indicator_keys: set[str]) -> None:
    """Drop the recorded confidences of these indicators (about to be scored again)."""
    log = _CAPTURE.get()
    if log is not None:
        log[:] = [c for c in log if not (c.pack == pack and c.indicator_key in indicator_keys)]


def proposal_confidence(
    evaluated: list[Evaluation],
    level: int,
    seen: IndicatorFold,
    qualities: dict[tuple[str, int], float],
    passages: list[Passage],
    sibling_gap: float = 0.0,
) -> float:
    """Confidence of a proposal at ``level`` (see the module docstring); ``seen`` is what the
    indicator saw of the evidence, ``qualities`` the evidence's page qualities (``rules.fold``)."""
    quality = text_quality(qualities, passages, bool(seen.documents))
    pack, key = _origin(evaluated)
    found: Features | None = None
    if level == 0:
        value = no_evidence_confidence(seen, quality)
    else:
        found = features(evaluated, level, seen, passages, quality)
        found = dataclasses.replace(found, borderline=max(found.borderline, sibling_gap))
        value = positive_confidence(found, model_for_pack(pack))
    log = _CAPTURE.get()
    if log is not None:
        log.append(Captured(pack, key, level, found, value))
    return value


def positive_confidence(f: Features, model: ConfidenceModel = HAND_SET) -> float:
    """Confidence of a proposal at level >= 1 from its features under ``model`` (see the module)."""
    return _squash(model.logit(f.as_dict()))


def _origin(evaluated: list[Evaluation]) -> tuple[str, str]:
    """(pack name, indicator key) from the rule ids, which read ``<pack>/<indicator key>/...``."""
    parts = evaluated[0].rule_id.split("/") if evaluated else []
    return (parts[0], parts[1]) if len(parts) >= 2 else ("", "")


def no_evidence_confidence(seen: IndicatorFold | None, quality: float) -> float:
    """Level 0: how sure that there is no evidence (``seen`` None or empty: nothing submitted)."""
    if seen is None or not seen.documents:
        return NO_DOCUMENTS_CONFIDENCE
    if seen.relevant:
        logit = RELEVANT_LOGIT
    elif seen.mentions:
        logit = PASSING_MENTION_LOGIT
    else:
        logit = NO_MENTION_LOGIT
    # level 0 stays hand-set: the quality weight of the hand-set model
    return _squash(logit + HAND_SET.weights["quality"] * (quality - HAND_SET.reference["quality"]))


def features(
    evaluated: list[Evaluation], level: int, seen: IndicatorFold, passages: list[Passage], quality: float
) -> Features:
    """The confidence features of a proposal at ``level`` (see the module docstring)."""
    met = [e for e in evaluated if e.level <= level and e.outcome.met]
    deciding = [e.outcome.strength for e in met if e.level == level] or [0.0]
    following = [e.outcome.met for e in evaluated if e.level == level + 1]
    supporting = {d for e in met for d in e.outcome.documents}
    return Features(
        support=sum(e.outcome.strength for e in met) / len(met) if met else 0.0,
        weakest=min(deciding),
        structure=structure_share(seen, passages),
        metadata=metadata_confidence(seen, supporting),
        quality=quality,
        borderline=sum(following) / len(following) if following else 0.0,
        subject=subject_strength(seen, supporting),
    )


def subject_strength(seen: IndicatorFold, supporting: set[str]) -> float:
    """The strongest tie of a supporting document to the topic (see ``DocState.subject``)."""
    chosen = [seen.subjects[p] for p in seen.relevant if seen.documents[p].sha256 in supporting]
    return max(chosen) if chosen else 1.0


def structure_share(seen: IndicatorFold, passages: list[Passage]) -> float:
    """Half: share of cited passages inside a Pasal/diktum/Lampiran; half: a topic heading."""
    located = sum(1 for p in passages if p.location) / len(passages) if passages else 0.0
    return 0.5 * located + 0.5 * float(seen.headed)


def metadata_confidence(seen: IndicatorFold, supporting: set[str]) -> float:
    """The lowest type/status confidence of the supporting documents; 0.5 without any."""
    chosen = [d.meta_confidence for d in seen.documents if d.sha256 in supporting]
    return min(chosen) if chosen else 0.5


def text_quality(qualities: dict[tuple[str, int], float], passages: list[Passage],
                 any_documents: bool) -> float:
    """Mean quality of the cited pages, else of all pages; 1.0 when there are no documents."""
    cited = [qualities[(p.sha256, p.page)] for p in passages if (p.sha256, p.page) in qualities]
    if not cited:
        cited = list(qualities.values())
    if not cited:
        return 0.0 if any_documents else 1.0
    return sum(cited) / len(cited)


def _squash(logit: float) -> float:
    return round(min(CEILING, max(FLOOR, 1.0 / (1.0 + math.exp(-logit)))), 2)


def sibling_gaps(proposals: list[Proposal], pack: RulePack, evidence: list[DocumentInfo]) -> dict[str, float]:
    """Per indicator: the share of the other indicators of its aspect that the same SPBE policy
    (a ``broad_classes`` document) supports at a higher level; 0 outside such policies."""
    if pack.relevance is None:
        return {}
    broad = {d.sha256 for d in evidence if d.classes & set(pack.relevance.broad_classes)}
    by_id = {p.indicator_id: p for p in proposals}
    gaps: dict[str, float] = {}
    for aspect in (a for d in pack.domains for a in d.aspects):
        members = [by_id[i.id] for i in aspect.indicators if i.id in by_id]
        for proposal in members:
            shared = broad & set(proposal.documents)
            if proposal.level < 1 or not shared:
                continue
            siblings = [
                m for m in members if m is not proposal and m.level >= 1 and shared & set(m.documents)
            ]
            if siblings:
                gaps[proposal.indicator_id] = sum(m.level > proposal.level for m in siblings) / len(siblings)
    return gaps
