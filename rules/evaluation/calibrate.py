"""Fit the level >= 1 confidence to labelled data, keeping every weight's sign.

Samples are the labelled (document, indicator) pairs where the engine proposed a level >= 1
(false positives of unlabelled indicators included): the features the engine computed for the
proposal (``PairOutcome.features``) and whether the proposed level equals the label. The fit
is a logistic regression in the form of ``rules/confidence_model.ConfidenceModel``: log-odds
``base + sum(w_k * (x_k - reference_k))`` with ``w_k >= 0`` for every feature but borderline
(``<= 0``), so the fitted confidence stays monotone in the evidence. It minimises the negative
log-likelihood plus ``l2/2 * |w|^2`` (the intercept nearly free) with L-BFGS-B and bounds:
with a few dozen pairs an unpenalised fit would chase single documents.

scipy is needed only here (``pip install 'bukti[calibrate]'``); nothing at assessment time
imports this module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from core.errors import InputError, MissingDependencyError
from rules.confidence import Features, positive_confidence
from rules.confidence_model import (
    FEATURE_NAMES,
    HAND_SET,
    NEGATIVE_FEATURES,
    ConfidenceModel,
    FitInfo,
)
from rules.evaluation.models import DocumentResult, PairOutcome

DEFAULT_L2 = 1.0  # penalty on the weights; the features are all on a 0..1 scale
INTERCEPT_L2 = 0.01  # a whisper of penalty so a fold of only right (or wrong) pairs stays finite
MIN_PER_CLASS = 3  # right and wrong proposals each; fewer and the fit only learns the base rate


@dataclass(frozen=True)
class Sample:
    """One proposal at level >= 1: where it came from, its features and whether it was exact."""

    source: str
    file: str
    indicator_id: str
    features: dict[str, float]
    exact: bool


def is_fit_pair(pair: PairOutcome) -> bool:
    """The pairs the fit uses: engine proposals at level >= 1 with recorded features."""
    return pair.proposed_level >= 1 and pair.scored and pair.features is not None


def fit_pairs(document: DocumentResult) -> list[PairOutcome]:
    """The pairs of a document the fit uses (:func:`is_fit_pair`)."""
    return [p for p in document.pairs if is_fit_pair(p)]


def collect_samples(documents: Sequence[DocumentResult]) -> list[Sample]:
    """Every fit pair of ``documents`` as a :class:`Sample`."""
    return [
        Sample(d.source, d.file, p.indicator_id, dict(p.features or {}), p.proposed_level == p.label_level)
        for d in documents
        for p in fit_pairs(d)
    ]


def fit_confidence(
    samples: Sequence[Sample], l2: float = DEFAULT_L2, reference: ConfidenceModel = HAND_SET
) -> ConfidenceModel:
    """A sign-constrained, L2-regularised logistic fit of exactness on the features.

    Raises :class:`InputError` when there are fewer than ``MIN_PER_CLASS`` right or wrong samples
    (the message is Indonesian: it reaches the CLI user).
    """
    right = sum(s.exact for s in samples)
    if right < MIN_PER_CLASS or len(samples) - right < MIN_PER_CLASS:
        raise InputError(
            f"terlalu sedikit usulan untuk fit keyakinan: {right} tepat dan {len(samples) - right} salah "
            f"(perlu minimal {MIN_PER_CLASS} masing-masing); tambah dokumen berlabel"
        )
    np, minimize = _scipy()
    x = np.array([[s.features[k] - reference.reference[k] for k in FEATURE_NAMES] for s in samples])
    y = np.array([1.0 if s.exact else 0.0 for s in samples])
    penalty = np.array([INTERCEPT_L2 * l2] + [l2] * len(FEATURE_NAMES))

    def loss(theta: Any) -> tuple[Any, Any]:  # numpy arrays in and out (numpy is imported lazily)
        z = theta[0] + x @ theta[1:]
        # log(1 + e^z) - y z, computed without overflow; gradient (sigmoid(z) - y)
        value = np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(penalty * theta**2)
        residual = 1.0 / (1.0 + np.exp(-z)) - y
        gradient = np.concatenate(([residual.sum()], x.T @ residual)) + penalty * theta
        return value, gradient

    bounds = [(None, None)] + [(None, 0.0) if k in NEGATIVE_FEATURES else (0.0, None) for k in FEATURE_NAMES]
    result = minimize(loss, np.zeros(len(FEATURE_NAMES) + 1), jac=True, method="L-BFGS-B", bounds=bounds)
    if not result.success:
        raise InputError(f"fit keyakinan tidak konvergen: {result.message}")
    theta = [float(v) for v in result.x]
    weights = {k: _clean(v, k) for k, v in zip(FEATURE_NAMES, theta[1:], strict=True)}
    return ConfidenceModel(
        base=round(theta[0], 4),
        weights=weights,
        reference=dict(reference.reference),
        fitted=FitInfo(pairs=len(samples), exact=right, l2=l2),
    )


def _clean(value: float, name: str) -> float:
    """Round, and pin a bound the optimiser touched from the wrong side by rounding noise."""
    value = round(value, 4)
    return min(value, 0.0) if name in NEGATIVE_FEATURES else max(value, 0.0)


def _scipy() -> tuple[Any, Callable[..., Any]]:  # (numpy module, scipy.optimize.minimize)
    try:
        import numpy
        from scipy.optimize import minimize
    except ImportError as e:
        raise MissingDependencyError(
            "fit keyakinan memerlukan scipy: pip install 'bukti[calibrate]' (atau pip install scipy)"
        ) from e
    return numpy, minimize


def rescore(documents: Sequence[DocumentResult], model: ConfidenceModel) -> list[DocumentResult]:
    """``documents`` with the confidence of every fit pair recomputed by ``model``."""
    out = []
    for document in documents:
        pairs = [
            p.model_copy(update={"confidence": model_confidence(model, p.features)}) if is_fit_pair(p) else p
            for p in document.pairs
        ]
        out.append(document.model_copy(update={"pairs": pairs}))
    return out


def model_confidence(model: ConfidenceModel, features: dict[str, float] | None) -> float:
    """The confidence ``model`` gives these features, as the engine computes it (clamped, rounded)."""
    if features is None:
        raise ValueError("a pair without features cannot be rescored")
    return positive_confidence(Features(**features), model)


def describe_model(model: ConfidenceModel, where: str) -> str:
    """One line for the report: which weights the proposals' confidences came from."""
    info = model.fitted
    if info is None:
        return "hand-set"
    labels = ", ".join(f"`{name}`" for name in info.labels) or "unnamed labels"
    pack = f", pack v{info.pack_version}" if info.pack_version else ""
    when = f", {info.fitted_on}" if info.fitted_on else ""
    return f"fitted, `{where}` ({info.pairs} proposals of {labels}{pack}, L2 {info.l2:g}{when})"
