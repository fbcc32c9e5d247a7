"""Confidence weights: hand-set by default (behaviour unchanged), a fitted file next to the pack
or a context override replaces them, a file that breaks a sign is a pack error, and the engine's
features can be recorded for the calibration harness."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rule_texts import FULL, build_document, regulation

from core.errors import RulePackError
from rules import confidence_model
from rules.confidence import Features, capture_confidence, positive_confidence
from rules.confidence_model import (
    HAND_SET,
    ConfidenceModel,
    FitInfo,
    dump_confidence_model,
    load_confidence_model,
    model_for_pack,
    use_confidence_model,
)
from rules.engine import propose_levels
from rules.loader import PACKS_DIR, load_rule_pack
from rules.schema import RulePack, indicator_key

REFERENCE = Features(support=0.6, weakest=0.6, structure=0.5, metadata=0.8, quality=1.0, borderline=0.0)
FLAT = ConfidenceModel(
    base=-1.0,
    weights={k: 0.0 for k in HAND_SET.weights},
    reference=dict(HAND_SET.reference),
    fitted=FitInfo(pairs=10, exact=5),
)


def test_confidence_hand_set_values_unchanged() -> None:
    # the hand-set logistic: base 1.2 at the reference point -> sigmoid(1.2) = 0.77
    assert positive_confidence(REFERENCE) == 0.77
    assert positive_confidence(Features(0.6, 0.6, 0.5, 0.8, 1.0, 1.0)) == 0.5  # borderline: -1.2
    assert positive_confidence(Features(0.6, 0.6, 0.5, 0.8, 0.8, 0.0)) == 0.65  # quality: 3 x -0.2


@pytest.mark.parametrize(
    ("weights", "problem"),
    [
        ({"borderline": 0.5}, r"weights -> borderline: must be <= 0 \(got 0.5\)"),
        ({"quality": -0.1}, r"weights -> quality: must be >= 0"),
        ({"ocr": 1.0}, "weights: unknown feature 'ocr'"),
    ],
)
def test_confidence_file_breaking_a_sign_is_a_pack_error(tmp_path: Path, weights: dict, problem: str) -> None:
    data = HAND_SET.model_dump(mode="json")
    data["weights"] = {**data["weights"], **weights}
    path = tmp_path / "confidence.yaml"
    path.write_text(__import__("yaml").safe_dump(data), encoding="utf-8")
    with pytest.raises(RulePackError, match=problem):
        load_confidence_model(path)
    pack = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "spbe-2020", pack)
    shutil.copy(path, pack / "confidence.yaml")
    with pytest.raises(RulePackError, match=f"confidence.yaml: {problem}"):
        load_rule_pack(pack)  # bukti rules lint finds it before an assessment does


def test_confidence_file_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    dump_confidence_model(FLAT, path, header="fitted for a test\nsecond line")
    assert path.read_text(encoding="utf-8").startswith("# fitted for a test\n# second line\n")
    assert load_confidence_model(path) == FLAT


def _indicator_one(pack: RulePack) -> float:
    document = build_document([regulation(FULL["1"])])
    return next(p for p in propose_levels([document], pack) if p.indicator_id == "1").confidence


def test_confidence_fitted_file_next_to_the_pack_is_used(
    spbe_pack: RulePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(confidence_model, "SHIPPED_PACKS", tmp_path)
    assert model_for_pack("spbe-2020") is HAND_SET  # no file: hand-set
    hand_set = _indicator_one(spbe_pack)
    dump_confidence_model(FLAT, tmp_path / "spbe-2020" / "confidence.yaml")
    assert model_for_pack("spbe-2020") == FLAT and model_for_pack("pemdi-2026") is HAND_SET
    assert _indicator_one(spbe_pack) == 0.27 != hand_set  # sigmoid(-1.0), whatever the evidence


def test_confidence_override_wins_inside_its_block(spbe_pack: RulePack) -> None:
    before = _indicator_one(spbe_pack)
    with use_confidence_model(FLAT):
        assert model_for_pack("spbe-2020") is FLAT and _indicator_one(spbe_pack) == 0.27
    assert _indicator_one(spbe_pack) == before


def test_confidence_capture_records_what_the_engine_used(spbe_pack: RulePack) -> None:
    document = build_document([regulation(FULL["1"])])
    with capture_confidence() as captured:
        proposals = {p.indicator_id: p for p in propose_levels([document], spbe_pack)}
    by_key = {c.indicator_key: c for c in captured}
    one = by_key[indicator_key("1")]
    assert one.pack == "spbe-2020" and one.level == proposals["1"].level >= 1
    assert one.features is not None and positive_confidence(one.features) == proposals["1"].confidence
    zero = [c for c in captured if c.level == 0]
    assert zero and all(c.features is None for c in zero)
    with capture_confidence() as outside:
        pass
    assert outside == []  # nothing recorded once the block is left
