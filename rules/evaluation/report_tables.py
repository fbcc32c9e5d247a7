"""The overview tables of the accuracy report: one row per label file, per domain, per source.

The headline figures of each label file and of their combination sit side by side, so a file
the rules were developed on is never read as if it were new; ``report.py`` renders the
detailed sections of each file below them.
"""

from __future__ import annotations

from rules.evaluation.metrics import HIGH_CONFIDENCE
from rules.evaluation.models import Calibration, EvaluationReport, LevelScore, Ratio, RelevanceScore
from rules.evaluation.sources import HELD_OUT, POOLED
from rules.evaluation.suite import EvaluationSuite

ALL_PAIRS = "all indicators"  # relevance scope of the headline
LABELLED = "all labelled pairs"  # level scope of the headline
POSITIVE = "proposals at level >= 1"  # calibration scope of the headline
UNSTATED = "not stated (add `seen:` to the labels file or pass --seen SPLIT=NOTE)"


def pct(ratio: Ratio) -> str:
    """A ratio as a percentage with its counts: ``75% (3/4)``, ``-`` when empty."""
    value = ratio.value
    return "-" if value is None else f"{100 * value:.0f}% ({ratio.correct}/{ratio.total})"


def num(value: float | None, digits: int = 2) -> str:
    """A number with ``digits`` decimals, ``-`` for None."""
    return "-" if value is None else f"{value:.{digits}f}"


def cell(text: str) -> str:
    """Text safe inside a markdown table cell (one line, no ``|``)."""
    return " ".join(text.replace("|", "/").split())


def set_name(report: EvaluationReport) -> str:
    """How a report's label file is named in the tables."""
    return f"`{report.split}`" if report.split != "combined" else "combined"


def headline(report: EvaluationReport) -> tuple[RelevanceScore, LevelScore, Calibration | None]:
    """The all-pairs relevance, labelled-pairs levels and positive-proposal calibration of a report."""
    relevance = next(r for r in report.relevance if r.scope == ALL_PAIRS)
    levels = next(s for s in report.levels if s.scope == LABELLED)
    calibration = next((c for c in report.calibration if c.scope == POSITIVE), None)
    return relevance, levels, calibration


def summary(suite: EvaluationSuite) -> list[str]:
    """The markdown lines of the summary table: one row per label file and one combined."""
    lines = [
        "## Summary",
        "",
        "Per label file and combined. Relevance over every (document, indicator) pair; levels over the "
        "labelled pairs (label level >= 1); confidence over the engine's proposals at level >= 1: mean "
        f"when exact / when wrong, the share exact among those at confidence >= {HIGH_CONFIDENCE:.1f} "
        f"('accuracy at >= {HIGH_CONFIDENCE:.1f}') and their share of all such proposals.",
        "",
        "| label set | seen | docs / level labels | relevance P / R / F1 | exact | within one | "
        f"mean confidence right / wrong | accuracy at >= {HIGH_CONFIDENCE:.1f} | "
        f"share at >= {HIGH_CONFIDENCE:.1f} |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for report in suite.labelled_sets():
        relevance, levels, cal = headline(report)
        seen = "all of the above" if report.split == "combined" else cell(report.seen or "not stated")
        confidence = f"{num(cal.mean_confidence_exact)} / {num(cal.mean_confidence_wrong)}" if cal else "-"
        lines.append(
            f"| {set_name(report)} | {seen} | {len(report.documents)} / {levels.exact.total} | "
            f"{num(relevance.precision)} / {num(relevance.recall)} / {num(relevance.f1)} | "
            f"{pct(levels.exact)} | {pct(levels.within_one)} | {confidence} | "
            f"{pct(cal.high) if cal else '-'} | {pct(cal.share_high) if cal else '-'} |"
        )
    return [*lines, ""]


def domains(suite: EvaluationSuite) -> list[str]:
    """The markdown lines of the per-domain table."""
    lines = [
        "## Per domain",
        "",
        "Indicators grouped by the domain the rule pack puts them in (relevance over every pair of the "
        "domain's indicators, levels over its labelled pairs).",
        "",
    ]
    for report in suite.labelled_sets():
        if not report.domains:
            continue
        lines += [
            f"### {set_name(report)}",
            "",
            "| domain | level labels | TP | FP | FN | precision | recall | F1 | exact | within one |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for d in report.domains:
            r = d.relevance
            lines.append(
                f"| {d.domain} {cell(d.name)} | {d.levels.exact.total} | {r.true_positives} | "
                f"{r.false_positives} | {r.false_negatives} | {num(r.precision)} | {num(r.recall)} | "
                f"{num(r.f1)} | {pct(d.levels.exact)} | {pct(d.levels.within_one)} |"
            )
        lines.append("")
    return lines


def sources(suite: EvaluationSuite) -> list[str]:
    """The markdown lines of the per-source-folder table (none without sources)."""
    if not suite.sources:
        return []
    if suite.sources_refit_l2 is not None:
        how = (
            "A fitted confidence model is in use, so the confidence of each source's proposals is "
            f"recomputed by a model fitted (L2 {suite.sources_refit_l2:g}) on every *other* source; "
            "the last row pools these held-out confidences."
        )
    else:
        how = (
            "The confidence is the engine's own (hand-set weights, fitted on nothing), so no source "
            "scores a fit of itself; the last row pools all sources."
        )
    lines = [
        "## Leave one source out",
        "",
        "A source is the corpus folder of a label's file (one submission or collection). " + how,
        "",
        "| held-out source | docs / level labels | exact | within one | relevance F1 | proposals | "
        f"mean confidence right / wrong | accuracy at >= {HIGH_CONFIDENCE:.1f} | confidence |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in suite.sources:
        name = f"**{s.source}**" if s.source == POOLED else f"`{cell(s.source)}`"
        how_cell = "fitted without it" if s.confidence == HELD_OUT else s.confidence
        lines.append(
            f"| {name} | {s.documents} / {s.labelled} | {pct(s.levels.exact)} | {pct(s.levels.within_one)} | "
            f"{num(s.relevance.f1)} | {s.proposals} | "
            f"{num(s.mean_confidence_exact)} / {num(s.mean_confidence_wrong)} | {pct(s.high)} | {how_cell} |"
        )
    return [*lines, ""]
