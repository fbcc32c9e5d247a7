"""Confidence: monotone in every feature, lower for OCR, borderline and weak classes, and on
hand-built documents stronger evidence never gets a lower confidence."""

from __future__ import annotations

import dataclasses

import pytest
from rule_texts import FULL, PASSING, build_document, regulation

from core.models import DocType, LegalStatus, TextMethod
from rules.confidence import CEILING, FLOOR, Features, no_evidence_confidence, positive_confidence
from rules.engine import propose_levels
from rules.schema import RulePack

BASE = Features(support=0.6, weakest=0.6, structure=0.5, metadata=0.8, quality=1.0, borderline=0.0)


@pytest.mark.parametrize("feature", ["support", "weakest", "structure", "metadata", "quality"])
def test_confidence_never_falls_when_a_feature_improves(feature: str) -> None:
    values = [round(0.1 * step, 1) for step in range(11)]
    scores = [positive_confidence(dataclasses.replace(BASE, **{feature: v})) for v in values]
    assert scores == sorted(scores), f"{feature}: {scores}"
    assert scores[-1] > scores[0]


def test_confidence_borderline_lowers_and_stays_in_range() -> None:
    assert positive_confidence(dataclasses.replace(BASE, borderline=1.0)) < positive_confidence(BASE)
    best = Features(1.0, 1.0, 1.0, 1.0, 1.0, 0.0)
    worst = Features(0.0, 0.0, 0.0, 0.0, 0.0, 1.0)
    assert positive_confidence(best) == CEILING and positive_confidence(worst) == FLOOR


def _proposal(documents, pack: RulePack, indicator: str = "1"):  # noqa: ANN001, ANN202
    return next(p for p in propose_levels(documents, pack) if p.indicator_id == indicator)


def test_confidence_ocr_text_is_less_sure_than_a_text_layer(spbe_pack: RulePack) -> None:
    clean = _proposal([build_document([regulation(FULL["1"])])], spbe_pack)
    scanned = _proposal(
        [build_document([regulation(FULL["1"])], method=TextMethod.ocr, ocr_confidence=62.0)], spbe_pack
    )
    assert clean.level == scanned.level == 3
    assert scanned.confidence < clean.confidence


def test_confidence_internal_policy_weaker_than_enacted_regulation(spbe_pack: RulePack) -> None:
    enacted = _proposal([build_document([regulation(FULL["3"])])], spbe_pack, "3")
    manual = _proposal(
        [
            build_document(
                [regulation(FULL["3"])],
                doc_type=DocType.kebijakan_internal,
                status=LegalStatus.not_applicable,
            )
        ],
        spbe_pack,
        "3",
    )
    assert enacted.level == manual.level >= 2
    assert manual.confidence < enacted.confidence


def test_confidence_level_zero_by_what_was_seen(spbe_pack: RulePack) -> None:
    assert no_evidence_confidence([], 1.0) == CEILING  # nothing submitted, nothing missed
    unrelated = _proposal([build_document(["Pasal 1\nKelas jabatan ditetapkan dalam lampiran."])], spbe_pack)
    passing = _proposal([build_document([PASSING])], spbe_pack)  # Arsitektur SPBE only in passing
    assert unrelated.level == 0 and unrelated.confidence >= 0.8
    assert passing.level == 0 and passing.confidence < unrelated.confidence
