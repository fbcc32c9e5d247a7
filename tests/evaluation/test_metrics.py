"""Aggregate metrics on hand-built pair outcomes (numbers computed by hand)."""

from __future__ import annotations

from rules.evaluation.metrics import aggregate, calibration
from rules.evaluation.models import DocumentResult, FieldOutcome, PairKind, PairOutcome


def _pair(
    indicator: str,
    label: int,
    proposed: int,
    confidence: float,
    *,
    rules: bool = True,
    uncertain: bool = False,
) -> PairOutcome:
    return PairOutcome(
        indicator_id=indicator,
        label_level=label,
        proposed_level=proposed,
        confidence=confidence,
        needs_manual=not rules,
        has_rules=rules,
        uncertain=uncertain,
    )


def _doc(group: str, pairs: list[PairOutcome], correct: bool = True) -> DocumentResult:
    field = FieldOutcome(field="doc_type", expected="sop", got="sop" if correct else None, correct=correct)
    return DocumentResult(
        file=f"{group}.pdf",
        sha256="x",
        layer_group=group,
        extraction_status="success",
        pages=1,
        ocr_pages=0,
        fields=[field],
        pairs=pairs,
    )


def _results() -> list[DocumentResult]:
    return [
        _doc(
            "text",
            [_pair("1", 3, 3, 0.9), _pair("2", 2, 3, 0.55), _pair("3", 0, 2, 0.3), _pair("4", 0, 0, 0.85)],
        ),
        _doc(
            "scanned",
            [_pair("1", 2, 0, 0.45, uncertain=True), _pair("32", 1, 0, 0.0, rules=False)],
            correct=False,
        ),
    ]


def test_metrics_relevance_precision_recall_f1() -> None:
    scores = {r.scope: r for r in aggregate(_results())["relevance"]}
    every = scores["all indicators"]
    assert (every.true_positives, every.false_positives, every.false_negatives) == (2, 1, 2)
    assert every.precision == 2 / 3 and every.recall == 0.5
    assert abs(every.f1 - 4 / 7) < 1e-9
    assert scores["indicators with rules"].false_negatives == 1  # the manual indicator 32 is left out


def test_metrics_levels_exact_within_one_and_confusion() -> None:
    metrics = aggregate(_results())
    levels = {s.scope: s for s in metrics["levels"]}
    assert (levels["all labelled pairs"].exact.correct, levels["all labelled pairs"].exact.total) == (1, 4)
    assert levels["all labelled pairs"].within_one.correct == 3  # 3/3, 2/3 and 1/0
    assert levels["certain labels only"].exact.total == 3
    confusion = metrics["confusion"]
    assert confusion.get(3, 3) == 1 and confusion.get(2, 3) == 1 and confusion.get(2, 0) == 1
    assert confusion.get(1, 0) == 1 and confusion.get(5, 5) == 0


def test_metrics_fields_split_by_layer() -> None:
    scores = {f.field: f for f in aggregate(_results())["fields"]}
    score = scores["doc_type"]
    assert scores["title"].all.total == 0  # fields without outcomes are reported empty, not dropped
    assert (score.all.correct, score.all.total) == (1, 2)
    assert score.text.value == 1.0 and score.scanned.value == 0.0


def test_metrics_calibration_bins_and_scopes() -> None:
    tables = {c.scope: c for c in aggregate(_results())["calibration"]}
    positive = tables["proposals at level >= 1"]
    assert positive.pairs == 3  # 3/3, 2->3, 0->2
    by_low = {b.low: b for b in positive.bins}
    assert by_low[0.8].count == 1 and by_low[0.8].exact == 1
    assert by_low[0.4].count == 1 and by_low[0.4].exact == 0
    assert by_low[0.2].count == 1 and by_low[0.2].share_exact == 0.0
    zero = tables["proposals at level 0 (no evidence)"]
    assert zero.pairs == 2  # the true negative and the missed indicator; the manual one is not scored
    assert zero.mean_confidence_exact == 0.85 and zero.mean_confidence_wrong == 0.45


def test_metrics_calibration_closed_top_bin_and_brier() -> None:
    table = calibration([_pair("1", 1, 1, 1.0), _pair("2", 1, 2, 0.0)], "x")
    assert table.bins[-1].count == 1 and table.bins[0].count == 1
    assert table.brier == 0.0


def test_metrics_pair_kinds() -> None:
    assert _pair("1", 0, 0, 0.9).kind is PairKind.exact
    assert _pair("1", 0, 1, 0.9).kind is PairKind.false_positive
    assert _pair("1", 3, 1, 0.9).kind is PairKind.under
    assert _pair("1", 1, 3, 0.9).kind is PairKind.over


def test_metrics_accuracy_and_share_at_high_confidence() -> None:
    positive = {c.scope: c for c in aggregate(_results())["calibration"]}["proposals at level >= 1"]
    # level >= 1 proposals: 3->3 at 0.9 (exact), 2->3 at 0.55, 0->2 at 0.3: one of three at >= 0.8
    assert (positive.high.correct, positive.high.total) == (1, 1)
    assert (positive.share_high.correct, positive.share_high.total) == (1, 3)
    # the threshold is inclusive: a proposal at exactly 0.8 counts, one at 0.79 does not
    edge = calibration([_pair("1", 2, 2, 0.8), _pair("2", 2, 3, 0.8), _pair("3", 1, 1, 0.79)], "x")
    assert (edge.high.correct, edge.high.total) == (1, 2) and edge.share_high.value == 2 / 3


def _in(domain: str, pair: PairOutcome) -> PairOutcome:
    return pair.model_copy(update={"domain": domain})


def test_metrics_per_domain_relevance_and_levels() -> None:
    doc = _doc(
        "text",
        [
            _in("D1", _pair("1", 3, 3, 0.9)),  # TP, exact
            _in("D1", _pair("2", 2, 0, 0.6)),  # FN, off by two
            _in("D1", _pair("3", 0, 1, 0.5)),  # FP
            _in("D2", _pair("11", 1, 2, 0.7)),  # TP, within one
            _in("D9", _pair("99", 0, 0, 0.9)),  # a domain the names do not know
        ],
    )
    rows = {
        d.domain: d
        for d in aggregate([doc], {"D1": "Kebijakan", "D2": "Tata Kelola", "D3": "Manajemen"})["domains"]
    }
    assert list(rows) == ["D1", "D2", "D3", "D9"]  # pack order, every domain, then the unknown one
    d1 = rows["D1"]
    assert (d1.relevance.true_positives, d1.relevance.false_positives, d1.relevance.false_negatives) == (
        1,
        1,
        1,
    )
    assert d1.relevance.f1 == 0.5 and d1.name == "Kebijakan"
    assert (d1.levels.exact.correct, d1.levels.exact.total, d1.levels.within_one.correct) == (1, 2, 1)
    d2 = rows["D2"]
    assert (d2.levels.exact.correct, d2.levels.within_one.correct, d2.levels.exact.total) == (0, 1, 1)
    assert rows["D3"].levels.exact.total == 0 and rows["D3"].relevance.f1 is None
    assert rows["D9"].name == "(unknown domain)"
