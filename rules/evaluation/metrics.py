"""Aggregate metrics over evaluated documents.

* metadata: per field, exact after normalisation, split text-layer vs scanned documents;
* relevance: label level >= 1 vs proposed level >= 1, precision/recall/F1, over all
  indicators and over those the pack has automatic rules for;
* levels: exact and within-one agreement over labelled pairs (label level >= 1), also for
  labels the annotator marked certain, and a confusion table label x proposed;
* calibration: reliability bins of the proposal confidence against exact agreement over the
  *scored* pairs - every pair of an indicator with automatic rules (true negatives included)
  and every labelled pair the engine proposed on (manual placeholders, confidence 0, are not
  claims and are left out). Shown separately for proposals at level >= 1 ("this level is
  right") and level 0 ("there is no evidence"), whose confidences answer different questions;
  with the accuracy of the pairs at confidence >= 0.8 and their share of the scope;
* domains: relevance and level agreement per domain of the pack (pairs carry their domain).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rules.evaluation.fields import FIELDS
from rules.evaluation.models import (
    Calibration,
    Confusion,
    DocumentResult,
    DomainScore,
    FieldScore,
    LevelScore,
    PairOutcome,
    Ratio,
    RelevanceScore,
    ReliabilityBin,
)

ALL_FIELDS = "all fields"
ALL_FIELDS_STRICT = "all fields, strict"

BIN_EDGES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)  # reliability bins; the last one is closed at 1.0
HIGH_CONFIDENCE = 0.8  # what an assessor may accept at a glance: its accuracy is reported apart

PairFilter = Callable[[PairOutcome], bool]
RELEVANCE_SCOPES: dict[str, PairFilter] = {
    "all indicators": lambda p: True,
    "indicators with rules": lambda p: p.has_rules,
}
CALIBRATION_SCOPES: dict[str, PairFilter] = {
    "proposals at level >= 1": lambda p: p.proposed_level >= 1,
    "proposals at level 0 (no evidence)": lambda p: p.proposed_level == 0,
    "all scored pairs": lambda p: True,
}
LEVEL_SCOPES: dict[str, PairFilter] = {
    "all labelled pairs": lambda p: True,
    "certain labels only": lambda p: not p.uncertain,
    "indicators with rules": lambda p: p.has_rules,
}


def aggregate(results: list[DocumentResult], domains: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Keyword arguments for :class:`EvaluationReport` (everything but the identity fields);
    ``domains`` maps the pack's domain ids to their names, in pack order."""
    pairs = [p for d in results for p in d.pairs]
    labelled = [p for p in pairs if p.label_level >= 1]
    return {
        "domains": domain_scores(pairs, domains or {}),
        "fields": field_scores(results),
        "relevance": [relevance(pairs, name, keep) for name, keep in RELEVANCE_SCOPES.items()],
        "levels": [level_score(labelled, name, keep) for name, keep in LEVEL_SCOPES.items()],
        "confusion": confusion(labelled),
        "calibration": [
            calibration([p for p in pairs if p.scored and keep(p)], name)
            for name, keep in CALIBRATION_SCOPES.items()
        ],
    }


def field_scores(results: list[DocumentResult]) -> list[FieldScore]:
    """Per field, then two totals over all fields: as compared, and under the strict comparison."""
    out = []
    totals = {key: {"all": Ratio(), "text": Ratio(), "scanned": Ratio()} for key in ("names", "strict")}
    for name in FIELDS:
        scores = {"all": Ratio(), "text": Ratio(), "scanned": Ratio()}
        for document in results:
            outcome = next((f for f in document.fields if f.field == name), None)
            if outcome is None:
                continue
            group = document.layer_group
            for key, ok in (("names", outcome.correct), ("strict", outcome.strict_correct)):
                totals[key]["all"] = totals[key]["all"].add(ok)
                totals[key][group] = totals[key][group].add(ok)
            scores["all"] = scores["all"].add(outcome.correct)
            scores[group] = scores[group].add(outcome.correct)
        out.append(FieldScore(field=name, **scores))
    out.append(FieldScore(field=ALL_FIELDS, **totals["names"]))
    out.append(FieldScore(field=ALL_FIELDS_STRICT, **totals["strict"]))
    return out


def relevance(pairs: Iterable[PairOutcome], scope: str, keep: PairFilter) -> RelevanceScore:
    """Relevance counts (evidence found or not) over the pairs ``keep`` accepts."""
    kept = [p for p in pairs if keep(p)]
    return RelevanceScore(
        scope=scope,
        true_positives=sum(1 for p in kept if p.label_level >= 1 and p.proposed_level >= 1),
        false_positives=sum(1 for p in kept if p.label_level == 0 and p.proposed_level >= 1),
        false_negatives=sum(1 for p in kept if p.label_level >= 1 and p.proposed_level == 0),
    )


def _of_domain(domain: str) -> PairFilter:
    return lambda pair: pair.domain == domain


def domain_scores(pairs: list[PairOutcome], domains: Mapping[str, str]) -> list[DomainScore]:
    """One row per domain of the pack, then one for pairs of no known domain (if any)."""
    names = dict(domains)
    if any(p.domain not in names for p in pairs):
        names = {**names, **{p.domain: "(unknown domain)" for p in pairs if p.domain not in names}}
    return [
        DomainScore(
            domain=domain,
            name=name,
            relevance=relevance(pairs, domain, _of_domain(domain)),
            levels=level_score([p for p in pairs if p.label_level >= 1], domain, _of_domain(domain)),
        )
        for domain, name in names.items()
    ]


def level_score(labelled: Iterable[PairOutcome], scope: str, keep: PairFilter) -> LevelScore:
    """Exact and within-one level agreement over the labelled pairs ``keep`` accepts."""
    exact, within = Ratio(), Ratio()
    for pair in labelled:
        if keep(pair):
            exact = exact.add(pair.proposed_level == pair.label_level)
            within = within.add(abs(pair.proposed_level - pair.label_level) <= 1)
    return LevelScore(scope=scope, exact=exact, within_one=within)


def confusion(labelled: Iterable[PairOutcome]) -> Confusion:
    """Counts of proposed levels per labelled level."""
    counts: dict[int, dict[int, int]] = {}
    for pair in labelled:
        row = counts.setdefault(pair.label_level, {})
        row[pair.proposed_level] = row.get(pair.proposed_level, 0) + 1
    return Confusion(counts=counts)


def calibration(scored: list[PairOutcome], scope: str, edges: tuple[float, ...] = BIN_EDGES) -> Calibration:
    """Confidence against correctness: per confidence bin, with the Brier score."""
    bins = [_bin(scored, low, high, high == edges[-1]) for low, high in zip(edges, edges[1:], strict=False)]
    right = [p.confidence for p in scored if p.proposed_level == p.label_level]
    wrong = [p.confidence for p in scored if p.proposed_level != p.label_level]
    brier = (
        sum((p.confidence - (p.proposed_level == p.label_level)) ** 2 for p in scored) / len(scored)
        if scored
        else None
    )
    return Calibration(
        scope=scope,
        bins=bins,
        pairs=len(scored),
        brier=round(brier, 4) if brier is not None else None,
        mean_confidence_exact=mean(right),
        mean_confidence_wrong=mean(wrong),
        high=high_confidence(scored),
    )


def high_confidence(scored: Iterable[PairOutcome], threshold: float = HIGH_CONFIDENCE) -> Ratio:
    """Exact among the pairs at confidence >= ``threshold`` (confidences are rounded to 2 digits)."""
    out = Ratio()
    for pair in scored:
        if pair.confidence >= threshold:
            out = out.add(pair.proposed_level == pair.label_level)
    return out


def _bin(scored: list[PairOutcome], low: float, high: float, closed: bool) -> ReliabilityBin:
    inside = [p for p in scored if low <= p.confidence < high or (closed and p.confidence == high)]
    return ReliabilityBin(
        low=low,
        high=high,
        count=len(inside),
        exact=sum(1 for p in inside if p.proposed_level == p.label_level),
        within_one=sum(1 for p in inside if abs(p.proposed_level - p.label_level) <= 1),
        mean_confidence=mean([p.confidence for p in inside]),
    )


def mean(values: list[float]) -> float | None:
    """The mean rounded to 3 decimals, None for no values."""
    return round(sum(values) / len(values), 3) if values else None
