"""One document against its label: pairs, reasons for disagreement, unknown indicator ids."""

from __future__ import annotations

import pytest
from eval_support import CONTROL, DRAFT, ENACTED, make_document

from core.errors import InputError
from core.models import DocumentStatus
from rules.evaluation import LabelRecord, evaluate_document, evaluate_documents
from rules.evaluation.models import PairKind
from rules.schema import RulePack


def _record(indicators: dict, **fields: object) -> LabelRecord:
    return LabelRecord.model_validate({"file": "doc.pdf", "indicators": indicators, **fields})


def test_compare_enacted_regulation_pairs_and_true_negatives(spbe_pack: RulePack) -> None:
    result = evaluate_document(
        _record({1: {"level": 3, "why": "six domains"}}), make_document(ENACTED), spbe_pack
    )
    pairs = {p.indicator_id: p for p in result.pairs}
    assert pairs["1"].kind is PairKind.exact and pairs["1"].proposed_level == 3
    assert pairs["1"].reason == "" and pairs["1"].label_why == "six domains"
    negatives = [p for p in result.pairs if p.label_level == 0]
    assert negatives and all(p.kind is PairKind.exact and p.has_rules for p in negatives)


def test_compare_under_label_gives_the_unmet_criterion(spbe_pack: RulePack) -> None:
    draft = make_document(DRAFT, status="draft", number=None)
    result = evaluate_document(_record({1: {"level": 2, "why": "wrong on purpose"}}), draft, spbe_pack)
    pair = next(p for p in result.pairs if p.indicator_id == "1")
    assert pair.kind is PairKind.under and pair.proposed_level == 1
    assert pair.reason.startswith("belum terpenuhi: L2") and "rancangan" in pair.reason


def test_compare_over_label_gives_the_criteria_judged_met(spbe_pack: RulePack) -> None:
    result = evaluate_document(_record({1: {"level": 1}}), make_document(ENACTED), spbe_pack)
    pair = next(p for p in result.pairs if p.indicator_id == "1")
    assert pair.kind is PairKind.over
    assert pair.reason.startswith("dinilai terpenuhi: L2")


def test_compare_false_positive_and_manual_indicator(spbe_pack: RulePack) -> None:
    manual = next(s.id for s in spbe_pack.indicators() if s.manual or spbe_pack.rules_for(s.id) is None)
    record = _record({manual: {"level": 3, "why": "an application, judged on screenshots"}})
    result = evaluate_document(record, make_document(ENACTED), spbe_pack)
    pairs = {p.indicator_id: p for p in result.pairs}
    assert pairs["1"].kind is PairKind.false_positive and "Level 3" in pairs["1"].rationale
    assert pairs[manual].needs_manual and not pairs[manual].has_rules and pairs[manual].proposed_level == 0
    assert not pairs[manual].scored and pairs[manual].kind is PairKind.under


def test_compare_failed_extraction_proposes_nothing(spbe_pack: RulePack) -> None:
    failed = make_document(ENACTED).model_copy(update={"status": DocumentStatus.failure})
    result = evaluate_document(_record({1: {"level": 3}}), failed, spbe_pack)
    assert [(p.indicator_id, p.proposed_level) for p in result.pairs] == [("1", 0)]
    assert result.pairs[0].rationale == "dokumen tidak dapat dibaca"


def test_compare_unknown_indicator_ids_are_an_input_error(spbe_pack: RulePack) -> None:
    with pytest.raises(InputError, match="99"):
        evaluate_documents(
            [(_record({99: {"level": 1}}), make_document(CONTROL))], spbe_pack, split="dev", labels_file="x"
        )


def test_compare_official_report_is_parsed_and_recomputed(spbe_pack: RulePack) -> None:
    levels = {str(n): (n % 3) + 1 for n in range(1, 48)}
    rows = "\n".join(f"{n} Tingkat Kematangan Indikator {n} {lvl}" for n, lvl in levels.items())
    from rules.scoring import compute_index

    index = compute_index(levels, spbe_pack)
    text = (
        f"INDEKS SPBE – PEMERINTAH KOTA CONTOH\n{index.total:.2f}\n({index.predicate})\n".replace(".", ",")
        + "Perolehan Nilai Tingkat Kematangan Indikator\nNo Indikator\n"
        + rows
    )
    document = make_document(text, doc_type="laporan", status="not_applicable", number=None)
    record = _record({}, report_index=index.total, report_levels=levels, report_predicate=index.predicate)
    report = evaluate_documents([(record, document)], spbe_pack, split="dev", labels_file="x")
    (outcome,) = report.reports
    assert outcome.framework == "59/2020" and outcome.rows == 47 and outcome.levels_match_label
    assert outcome.index_reproduced and outcome.recomputed_predicate == index.predicate
    assert not report.documents[0].pairs or all(p.proposed_level == 0 for p in report.documents[0].pairs)
