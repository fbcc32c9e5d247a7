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
    assert no_evidence_confidence(None, 1.0) == CEILING  # nothing submitted, nothing missed
    unrelated = _proposal([build_document(["Pasal 1\nKelas jabatan ditetapkan dalam lampiran."])], spbe_pack)
    passing = _proposal([build_document([PASSING])], spbe_pack)  # Arsitektur SPBE only in passing
    assert unrelated.level == 0 and unrelated.confidence >= 0.8
    assert passing.level == 0 and passing.confidence < unrelated.confidence


def _stub(indicator: str, level: int, documents: list[str]):  # noqa: ANN202
    from core.models import Proposal

    return Proposal(
        framework="spbe-2020",
        pack_version="x",
        pack_hash="x",
        indicator_id=indicator,
        level=level,
        confidence=0.5,
        documents=documents,
    )


def test_sibling_gap_of_a_policy_that_regulates_its_other_topics_in_full(spbe_pack: RulePack) -> None:
    """A policy at level 3 on most of its aspect but 2 on one topic: that 2 may be too low."""
    from rules.confidence import sibling_gaps
    from rules.engine import prepare_document
    from rules.fold import DocumentInfo

    policy = prepare_document(
        build_document(
            [regulation("\n".join(FULL.values()))], title="Sistem Pemerintahan Berbasis Elektronik"
        ),
        spbe_pack,
    )
    sha = policy.document.source.sha256
    assert "broad_policy" in policy.classes
    proposals = [_stub(str(n), 3, [sha]) for n in range(1, 10)] + [_stub("10", 2, [sha])]
    gaps = sibling_gaps(proposals, spbe_pack, [DocumentInfo.of(policy)])
    assert gaps["10"] == 1.0 and gaps["1"] == 0.0
    other = dataclasses.replace(policy, classes=policy.classes - {"broad_policy"})
    assert sibling_gaps(proposals, spbe_pack, [DocumentInfo.of(other)]) == {}  # only SPBE policies as a whole


def test_first_pass_confidences_are_not_captured(spbe_pack: RulePack) -> None:
    """The sibling pass scores twice; the calibration harness sees each proposal once."""
    from rules.confidence import capture_confidence

    doc = build_document(
        [regulation("\n".join(FULL.values()))], title="Sistem Pemerintahan Berbasis Elektronik"
    )
    with capture_confidence() as log:
        proposals = propose_levels([doc], spbe_pack)
    automatic = [p for p in proposals if not p.needs_manual or p.level > 0]
    assert len(log) == len({c.indicator_key for c in log}) <= len(automatic)
