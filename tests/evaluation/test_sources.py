"""Leave one source out: per-folder figures by hand, and confidences refitted without the folder."""

from __future__ import annotations

import random
from datetime import date

import pytest
from eval_support import result_doc, result_pair

from rules.confidence_model import FEATURE_NAMES
from rules.evaluation.calibrate import collect_samples, fit_confidence, model_confidence
from rules.evaluation.models import DocumentResult, PairOutcome, source_of
from rules.evaluation.sources import ENGINE, HELD_OUT, POOLED, TOO_FEW, source_scores


def _pair(
    indicator: str, label: int, proposed: int, confidence: float, features: dict[str, float] | None = None
) -> PairOutcome:
    return result_pair(indicator, label, proposed, confidence, features=features)


@pytest.mark.parametrize(
    ("file", "source"),
    [("kota-a_monev/x/indikator.pdf", "kota-a_monev"), ("lone.pdf", "lone.pdf"), ("kab-b\\sop.pdf", "kab-b")],
)
def test_sources_source_is_the_first_folder(file: str, source: str) -> None:
    assert source_of(file) == source and result_doc(file, []).source == source


def test_sources_per_folder_figures_with_the_engine_confidence() -> None:
    documents = [
        result_doc("a/1.pdf", [_pair("1", 3, 3, 0.9), _pair("2", 2, 1, 0.6), _pair("3", 0, 0, 0.85)]),
        result_doc("a/2.pdf", [_pair("1", 0, 2, 0.8)]),  # a false positive at high confidence
        result_doc("b/1.pdf", [_pair("5", 1, 1, 0.7)]),
    ]
    rows = {r.source: r for r in source_scores(documents)}
    assert list(rows) == ["a", "b", POOLED]
    a = rows["a"]
    assert (a.documents, a.labelled, a.proposals, a.proposals_exact) == (2, 2, 3, 1)
    assert (a.levels.exact.correct, a.levels.exact.total, a.levels.within_one.correct) == (1, 2, 2)
    assert a.relevance.f1 == pytest.approx(0.8)  # TP 2, FP 1, FN 0
    assert a.mean_confidence_exact == 0.9 and a.mean_confidence_wrong == 0.7  # (0.6 + 0.8) / 2
    assert (a.high.correct, a.high.total) == (1, 2) and a.share_high.value == 2 / 3
    assert a.confidence == ENGINE
    pooled = rows[POOLED]
    assert (pooled.documents, pooled.labelled, pooled.proposals) == (3, 3, 4)
    assert pooled.mean_confidence_exact == 0.8  # (0.9 + 0.7) / 2


def _synthetic(source: str, n: int, rng: random.Random) -> list[DocumentResult]:
    """Proposals whose exactness follows their support feature."""
    documents = []
    for i in range(n):
        features = {k: rng.random() for k in FEATURE_NAMES}
        exact = rng.random() < features["support"]
        documents.append(result_doc(f"{source}/{i}.pdf", [_pair("1", 2, 2 if exact else 3, 0.5, features)]))
    return documents


def test_sources_refit_scores_each_folder_with_a_model_fitted_without_it() -> None:
    pytest.importorskip("scipy")
    rng = random.Random(3)
    documents = _synthetic("a", 40, rng) + _synthetic("b", 40, rng) + _synthetic("c", 40, rng)
    rows = {r.source: r for r in source_scores(documents, refit_l2=1.0)}
    assert all(r.confidence == HELD_OUT for r in rows.values())
    without_a = fit_confidence(collect_samples([d for d in documents if d.source != "a"]), 1.0)
    inside_a = [d for d in documents if d.source == "a"]
    right = [
        model_confidence(without_a, d.pairs[0].features) for d in inside_a if d.pairs[0].proposed_level == 2
    ]
    assert rows["a"].mean_confidence_exact == round(sum(right) / len(right), 3)
    # the fit learnt that support predicts exactness: held out, right proposals score higher
    pooled = rows[POOLED]
    assert pooled.proposals == 120 and pooled.mean_confidence_exact > pooled.mean_confidence_wrong + 0.1


def test_sources_too_few_to_refit_keeps_the_engine_confidence() -> None:
    pytest.importorskip("scipy")
    rng = random.Random(5)
    documents = _synthetic("a", 40, rng) + [
        result_doc("b/1.pdf", [_pair("1", 2, 3, 0.9, {k: 0.5 for k in FEATURE_NAMES})])
    ]
    rows = {r.source: r for r in source_scores(documents, refit_l2=1.0)}
    assert rows["a"].confidence == TOO_FEW  # only one wrong proposal outside 'a'
    assert rows["a"].mean_confidence_exact == 0.5  # the engine's value, untouched
    assert rows["b"].confidence == HELD_OUT and rows[POOLED].confidence == "mixed"


def test_sources_calibrate_report_fits_all_and_checks_each_folder() -> None:
    pytest.importorskip("scipy")
    from rules.evaluation.fit_report import calibrate, render_calibration

    rng = random.Random(11)
    documents = _synthetic("a", 50, rng) + _synthetic("b", 50, rng) + _synthetic("c", 50, rng)
    result = calibrate(documents, l2=1.0, labels=["x.yaml"], pack_version="9", today=date(2026, 12, 6))
    info = result.model.fitted
    assert info is not None and info.labels == ["x.yaml"] and info.fitted_on == "2026-12-06"
    assert (
        info.pairs == 150
        and info.held_out["mean_confidence_exact"] == result.held_out[-1].mean_confidence_exact
    )
    assert [r.source for r in result.held_out] == ["a", "b", "c", POOLED]
    assert all(r.confidence == ENGINE for r in result.engine)  # the baseline is left as made
    text = render_calibration(result, "bukti calibrate --labels x.yaml")
    assert "| support | 2.00 |" in text and "| `b` | 50 |" in text
    assert "Held out, pooled: wrong proposals score at least 0.1 below right ones" in text
