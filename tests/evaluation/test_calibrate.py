"""The confidence fit: signs recovered from a known monotone relation, constraints held against
data that pulls the wrong way, refusal on too little data, and files the engine reads."""

from __future__ import annotations

import math
import random

import pytest

from core.errors import InputError
from rules.confidence import Features, positive_confidence
from rules.confidence_model import FEATURE_NAMES, HAND_SET
from rules.evaluation.calibrate import Sample, collect_samples, fit_confidence, model_confidence, rescore
from rules.evaluation.models import DocumentResult, PairOutcome

pytest.importorskip("scipy")


def synthetic_samples(weights: dict[str, float], base: float, n: int, seed: int = 7) -> list[Sample]:
    """Features uniform on 0..1; exact drawn from the logistic of ``weights`` (others zero)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        features = {k: rng.random() for k in FEATURE_NAMES}
        logit = base + sum(w * (features[k] - 0.5) for k, w in weights.items())
        exact = rng.random() < 1 / (1 + math.exp(-logit))
        out.append(Sample(f"src{i % 4}", f"f{i}.pdf", "1", features, exact))
    return out


def test_calibrate_recovers_the_signs_of_a_monotone_relation() -> None:
    truth = {"support": 4.0, "structure": 3.0, "borderline": -3.0}
    model = fit_confidence(synthetic_samples(truth, base=0.5, n=800), l2=1.0)
    assert model.weights["support"] > 2.0 and model.weights["structure"] > 1.5
    assert model.weights["borderline"] < -1.5
    for noise in ("weakest", "metadata", "quality"):  # no relation: small, never negative
        assert 0.0 <= model.weights[noise] < 1.0, (noise, model.weights)
    assert model.fitted is not None and model.fitted.pairs == 800 and model.fitted.l2 == 1.0


def test_calibrate_keeps_signs_when_the_data_pulls_the_other_way() -> None:
    # more metadata confidence = less often right, more borderline = more often right
    model = fit_confidence(synthetic_samples({"metadata": -4.0, "borderline": 4.0}, 0.0, 600), l2=0.1)
    assert model.weights["metadata"] == 0.0 and model.weights["borderline"] == 0.0


def test_calibrate_stronger_l2_shrinks_the_weights() -> None:
    samples = synthetic_samples({"support": 4.0}, 0.0, 200)
    loose, tight = fit_confidence(samples, l2=0.1), fit_confidence(samples, l2=50.0)
    assert tight.weights["support"] < loose.weights["support"]


def test_calibrate_refuses_too_few_wrong_proposals() -> None:
    samples = [Sample("s", "f.pdf", "1", {k: 0.5 for k in FEATURE_NAMES}, i > 1) for i in range(40)]
    with pytest.raises(InputError, match="2 salah"):
        fit_confidence(samples)


def _pair(indicator: str, label: int, proposed: int, features: dict[str, float] | None) -> PairOutcome:
    return PairOutcome(
        indicator_id=indicator,
        label_level=label,
        proposed_level=proposed,
        confidence=0.5,
        needs_manual=False,
        has_rules=True,
        features=features,
    )


def test_calibrate_samples_and_rescore_only_proposals_with_features() -> None:
    f = Features(0.9, 0.9, 1.0, 0.9, 1.0, 0.0).as_dict()
    document = DocumentResult(
        file="kota-contoh/perbup.pdf",
        sha256="x",
        layer_group="text",
        extraction_status="success",
        pages=1,
        ocr_pages=0,
        pairs=[_pair("1", 3, 3, f), _pair("2", 0, 2, f), _pair("3", 0, 0, None), _pair("4", 2, 0, None)],
    )
    samples = collect_samples([document])
    assert [(s.indicator_id, s.exact, s.source) for s in samples] == [
        ("1", True, "kota-contoh"),
        ("2", False, "kota-contoh"),
    ]
    [again] = rescore([document], HAND_SET)
    expected = positive_confidence(Features(**f))
    assert [p.confidence for p in again.pairs] == [expected, expected, 0.5, 0.5]
    assert model_confidence(HAND_SET, f) == expected
