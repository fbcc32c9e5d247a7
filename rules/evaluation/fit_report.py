"""``bukti calibrate``: fit the confidence on labelled proposals and check the fit source by source.

:func:`calibrate` fits one model on every labelled proposal at level >= 1 (the file it writes),
and checks the *method* by leaving one source out at a time: fit on all other corpus folders,
score the held-out folder (``sources.source_scores``). The report sets the held-out figures
beside those of the hand-set weights, so a fit that only memorises its own documents shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict

from rules.confidence_model import FEATURE_NAMES, HAND_SET, ConfidenceModel
from rules.evaluation.calibrate import DEFAULT_L2, collect_samples, fit_confidence, rescore
from rules.evaluation.metrics import HIGH_CONFIDENCE
from rules.evaluation.models import DocumentResult, Ratio
from rules.evaluation.report_tables import cell, num, pct
from rules.evaluation.sources import POOLED, TOO_FEW, SourceScore, score_source, source_scores

RANKS_BY = 0.1  # "confidence ranks": mean when wrong below mean when right by at least this
TARGET_ACCURACY = 0.9  # accuracy wanted among proposals at confidence >= HIGH_CONFIDENCE


class CalibrationResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: ConfidenceModel  # fitted on everything: the file to ship
    engine: list[SourceScore]  # per source, the confidence the proposals were made with
    held_out: list[SourceScore]  # per source, a model fitted without that source
    in_sample: SourceScore  # everything rescored by ``model`` (optimistic, for comparison)


def calibrate(
    documents: Sequence[DocumentResult],
    *,
    l2: float = DEFAULT_L2,
    labels: Sequence[str] = (),
    pack_version: str = "",
    pack_hash: str = "",
    today: date | None = None,
) -> CalibrationResult:
    """Fit on all ``documents`` and run the leave-one-source-out check."""
    model = fit_confidence(collect_samples(documents), l2)
    held_out = source_scores(documents, refit_l2=l2)
    pooled = held_out[-1]
    assert model.fitted is not None
    info = model.fitted.model_copy(
        update={
            "labels": list(labels),
            "pack_version": pack_version,
            "pack_hash": pack_hash,
            "fitted_on": (today or date.today()).isoformat(),
            "held_out": {
                "mean_confidence_exact": pooled.mean_confidence_exact,
                "mean_confidence_wrong": pooled.mean_confidence_wrong,
                "accuracy_at_high": _round(pooled.high.value),
                "share_at_high": _round(pooled.share_high.value),
            },
        }
    )
    model = model.model_copy(update={"fitted": info})
    return CalibrationResult(
        model=model,
        engine=source_scores(documents),
        held_out=held_out,
        in_sample=score_source(f"{POOLED} (in sample)", rescore(documents, model), "fitted on all"),
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def render_calibration(result: CalibrationResult, command: str | None = None) -> str:
    """Markdown: the weights, the check per source, and whether the confidence ranks."""
    info = result.model.fitted
    assert info is not None
    lines = [
        "# Confidence fit",
        "",
        f"Fitted on {info.pairs} proposals at level >= 1 ({info.exact} exact) of "
        f"{', '.join(info.labels) or 'the given labels'}; L2 {info.l2:g}; rule pack v{info.pack_version}.",
        *([f"Reproduce with: `{command}`"] if command else []),
        "",
        "| feature | hand-set | fitted |",
        "|---|---|---|",
        f"| (base) | {HAND_SET.base:.2f} | {result.model.base:.2f} |",
    ]
    lines += [f"| {k} | {HAND_SET.weights[k]:.2f} | {result.model.weights[k]:.2f} |" for k in FEATURE_NAMES]
    lines += [
        "",
        "## Leave one source out",
        "",
        "Per corpus folder: the confidence of its proposals (level >= 1) with the hand-set weights, "
        "and with weights fitted on every other folder. Right / wrong = mean confidence of the exact "
        f"/ the wrong proposals; >= {HIGH_CONFIDENCE:.1f} = share exact among the proposals at that "
        "confidence, and their share of the folder's proposals.",
        "",
        f"| held-out source | proposals | exact | hand-set right / wrong | hand-set >= {HIGH_CONFIDENCE:.1f} "
        f"| held-out fit right / wrong | held-out fit >= {HIGH_CONFIDENCE:.1f} | share |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [_check_row(engine, held) for engine, held in zip(result.engine, result.held_out, strict=True)]
    lines.append(_check_row(result.in_sample, result.in_sample, in_sample=True))
    return "\n".join([*lines, "", *_verdict(result.held_out[-1])]) + "\n"


def _check_row(engine: SourceScore, held: SourceScore, in_sample: bool = False) -> str:
    name = f"**{engine.source}**" if engine.source.startswith(POOLED) else f"`{cell(engine.source)}`"
    before = (
        "-" if in_sample else f"{num(engine.mean_confidence_exact)} / {num(engine.mean_confidence_wrong)}"
    )
    before_high = "-" if in_sample else pct(engine.high)
    note = f" ({held.confidence})" if held.confidence == TOO_FEW else ""
    exact = Ratio(correct=held.proposals_exact, total=held.proposals)
    return (
        f"| {name} | {held.proposals} | {pct(exact)} | {before} | {before_high} | "
        f"{num(held.mean_confidence_exact)} / {num(held.mean_confidence_wrong)}{note} | {pct(held.high)} | "
        f"{pct(held.share_high)} |"
    )


def _verdict(pooled: SourceScore) -> list[str]:
    right, wrong, high = pooled.mean_confidence_exact, pooled.mean_confidence_wrong, pooled.high.value
    ranks = right is not None and wrong is not None and wrong < right - RANKS_BY
    accurate = high is not None and high >= TARGET_ACCURACY
    return [
        f"Held out, pooled: wrong proposals {'score' if ranks else 'do NOT score'} at least {RANKS_BY} "
        f"below right ones ({num(wrong)} vs {num(right)}); accuracy at >= {HIGH_CONFIDENCE:.1f} is "
        f"{pct(pooled.high)}, {'at or above' if accurate else 'below'} the "
        f"{100 * TARGET_ACCURACY:.0f}% target.",
    ]
