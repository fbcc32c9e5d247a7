"""Leave one source out: how the figures hold per corpus folder the labels come from.

A *source* is the first folder of a label's ``file`` (one region's or agency's submission, one
collection). Documents of one source share a drafting style, so a rule or a confidence tuned on
a source looks better on it than on the next one. Per held-out source this module reports its
documents, relevance, level agreement and the confidence of its proposals at level >= 1 -
computed, when a fitted confidence is in use (``refit_l2`` given), by a model fitted on every
*other* source (``rules/evaluation/calibrate.py``), so no source scores its own fit. The last
row pools the held-out predictions of all sources: the out-of-sample estimate of the fit.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from core.errors import InputError
from rules.evaluation.calibrate import collect_samples, fit_confidence, rescore
from rules.evaluation.metrics import high_confidence, level_score, mean, relevance
from rules.evaluation.models import DocumentResult, LevelScore, Ratio, RelevanceScore

POOLED = "all sources"
ENGINE = "engine"  # the confidence the proposals were made with
HELD_OUT = "fitted without this source"
TOO_FEW = "engine (too few proposals to fit without this source)"


class SourceScore(BaseModel):
    """One held-out source (or the pooled row)."""

    model_config = ConfigDict(extra="forbid")

    source: str
    documents: int
    labelled: int  # level labels (label level >= 1)
    relevance: RelevanceScore
    levels: LevelScore
    proposals: int  # engine proposals at level >= 1
    proposals_exact: int  # of which at the labelled level
    mean_confidence_exact: float | None
    mean_confidence_wrong: float | None
    high: Ratio  # exact among proposals at confidence >= 0.8
    confidence: str  # ENGINE, HELD_OUT or TOO_FEW

    @property
    def share_high(self) -> Ratio:
        return Ratio(correct=self.high.total, total=self.proposals)


def source_scores(documents: Sequence[DocumentResult], refit_l2: float | None = None) -> list[SourceScore]:
    """One row per source (sorted by name) and the pooled row; refit per source when ``refit_l2``."""
    names = sorted({d.source for d in documents})
    rows: list[SourceScore] = []
    held_out: list[DocumentResult] = []
    for name in names:
        inside = [d for d in documents if d.source == name]
        scored, how = inside, ENGINE
        if refit_l2 is not None:
            scored, how = _held_out(inside, [d for d in documents if d.source != name], refit_l2)
        held_out += scored
        rows.append(score_source(name, scored, how))
    kinds = {r.confidence for r in rows}
    if rows:
        rows.append(score_source(POOLED, held_out, kinds.pop() if len(kinds) == 1 else "mixed"))
    return rows


def _held_out(
    inside: list[DocumentResult], outside: list[DocumentResult], l2: float
) -> tuple[list[DocumentResult], str]:
    try:
        model = fit_confidence(collect_samples(outside), l2)
    except InputError:  # too few wrong proposals left: say so instead of faking a fit
        return inside, TOO_FEW
    return rescore(inside, model), HELD_OUT


def score_source(name: str, documents: Sequence[DocumentResult], how: str) -> SourceScore:
    """The figures of one group of documents (confidence as carried by their pairs)."""
    pairs = [p for d in documents for p in d.pairs]
    labelled = [p for p in pairs if p.label_level >= 1]
    proposals = [p for p in pairs if p.proposed_level >= 1 and p.scored]
    exact = [p.confidence for p in proposals if p.proposed_level == p.label_level]
    wrong = [p.confidence for p in proposals if p.proposed_level != p.label_level]
    return SourceScore(
        source=name,
        documents=len(documents),
        labelled=len(labelled),
        relevance=relevance(pairs, name, lambda p: True),
        levels=level_score(labelled, name, lambda p: True),
        proposals=len(proposals),
        proposals_exact=len(exact),
        mean_confidence_exact=mean(exact),
        mean_confidence_wrong=mean(wrong),
        high=high_confidence(proposals),
        confidence=how,
    )
