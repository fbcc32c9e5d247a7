"""Confidence of a proposal: a hand-set, monotone mapping from evidence features to 0..1.

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
    borderline share of the next level's criteria already met (the level may be too low)

    logit = BASE + sum(weight * (feature - reference))      all weights >= 0, borderline < 0
    confidence = clamp(sigmoid(logit), FLOOR, CEILING), rounded to 2 decimals

Every weight has a fixed sign, so the confidence never falls when evidence gets stronger.
The weights are set by hand from what each feature means (a feature at its reference value
leaves the odds unchanged; text quality and document type move them most because they decide
whether the text was read at all and which class a document is); they were *checked*, not
fitted, on the dev labels (docs/accuracy.md shows the reliability table), because the dev
split has too few wrong proposals to fit against honestly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from core.models import Passage, TextMethod
from rules.criteria import DocState, Evaluation

FLOOR, CEILING = 0.05, 0.95
DEFAULT_OCR_QUALITY = 0.7  # OCR page without a recorded confidence

# Level >= 1: log-odds of "exactly right" at reference feature values, and per-feature weights.
BASE = 1.2
WEIGHTS = {"support": 2.0, "weakest": 1.0, "structure": 1.0, "metadata": 2.0, "quality": 3.0}
REFERENCE = {"support": 0.6, "weakest": 0.6, "structure": 0.5, "metadata": 0.8, "quality": 1.0}
BORDERLINE_WEIGHT = 1.2  # all of the next level met: the odds of being exact fall by e^-1.2

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


def proposal_confidence(
    evaluated: list[Evaluation], level: int, states: list[DocState], passages: list[Passage]
) -> float:
    """Confidence of a proposal at ``level`` (see the module docstring)."""
    quality = text_quality(states, passages)
    if level == 0:
        return no_evidence_confidence(states, quality)
    return positive_confidence(features(evaluated, level, states, passages, quality))


def positive_confidence(f: Features) -> float:
    values = {
        "support": f.support,
        "weakest": f.weakest,
        "structure": f.structure,
        "metadata": f.metadata,
        "quality": f.quality,
    }
    logit = BASE + sum(WEIGHTS[k] * (values[k] - REFERENCE[k]) for k in WEIGHTS)
    logit -= BORDERLINE_WEIGHT * f.borderline
    return _squash(logit)


def no_evidence_confidence(states: list[DocState], quality: float) -> float:
    if not states:
        return NO_DOCUMENTS_CONFIDENCE
    if any(s.relevant for s in states):
        logit = RELEVANT_LOGIT
    elif any(s.mentions for s in states):
        logit = PASSING_MENTION_LOGIT
    else:
        logit = NO_MENTION_LOGIT
    return _squash(logit + WEIGHTS["quality"] * (quality - REFERENCE["quality"]))


def features(
    evaluated: list[Evaluation], level: int, states: list[DocState], passages: list[Passage], quality: float
) -> Features:
    met = [e for e in evaluated if e.level <= level and e.outcome.met]
    deciding = [e.outcome.strength for e in met if e.level == level] or [0.0]
    following = [e.outcome.met for e in evaluated if e.level == level + 1]
    supporting = {d for e in met for d in e.outcome.documents}
    return Features(
        support=sum(e.outcome.strength for e in met) / len(met) if met else 0.0,
        weakest=min(deciding),
        structure=structure_share(states, passages),
        metadata=metadata_confidence(states, supporting),
        quality=quality,
        borderline=sum(following) / len(following) if following else 0.0,
    )


def structure_share(states: list[DocState], passages: list[Passage]) -> float:
    """Half: share of cited passages inside a Pasal/diktum/Lampiran; half: a topic heading."""
    located = sum(1 for p in passages if p.location) / len(passages) if passages else 0.0
    headed = any(h.heading for s in states if s.relevant for h in s.topic_hits)
    return 0.5 * located + 0.5 * float(headed)


def metadata_confidence(states: list[DocState], supporting: set[str]) -> float:
    chosen = [s.prepared.meta_confidence for s in states if s.sha256 in supporting]
    return min(chosen) if chosen else 0.5


def text_quality(states: list[DocState], passages: list[Passage]) -> float:
    """Mean quality of the cited pages, else of all pages; 1.0 when there are no documents."""
    pages = {(s.sha256, p.number): p for s in states for p in s.prepared.document.pages}
    cited = [pages[(p.sha256, p.page)] for p in passages if (p.sha256, p.page) in pages]
    if not cited:
        cited = list(pages.values())
    if not cited:
        return 0.0 if states else 1.0
    return sum(page_quality(p.method, p.ocr_confidence) for p in cited) / len(cited)


def page_quality(method: TextMethod, ocr_confidence: float | None) -> float:
    if method is TextMethod.none:
        return 0.0
    if method is TextMethod.ocr:
        return (ocr_confidence / 100.0) if ocr_confidence is not None else DEFAULT_OCR_QUALITY
    return 1.0


def _squash(logit: float) -> float:
    return round(min(CEILING, max(FLOOR, 1.0 / (1.0 + math.exp(-logit)))), 2)
