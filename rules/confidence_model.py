"""The weights of the level >= 1 confidence: hand-set, or fitted and shipped next to a rule pack.

``rules/confidence.py`` turns the :class:`~rules.confidence.Features` of a proposal into a
log-odds ``base + sum(weight * (feature - reference))``. The weights come from, in order:

1. a model set for the current context with :func:`use_confidence_model` (``bukti eval
   --confidence FILE`` tries a fitted file without installing it);
2. ``rules/packs/<pack name>/confidence.yaml``, written by ``bukti calibrate`` from labelled
   data (``rules/evaluation/calibrate.py``);
3. :data:`HAND_SET`, the weights set by meaning.

The file is found by pack *name* (the engine passes no pack to the confidence; the name is the
first part of every rule id), so a copy of a pack loaded from another folder uses the shipped
file of its name; the loader still validates a ``confidence.yaml`` wherever the pack lives.

Every weight keeps a fixed sign - support, weakest, structure, metadata and quality >= 0,
borderline <= 0 - so a fitted model keeps the promise that stronger evidence never lowers the
confidence. A file that breaks a sign or names an unknown feature is a rule-pack error, found
when the pack is loaded (``bukti rules lint``) rather than in the middle of an assessment.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from core.errors import RulePackError

CONFIDENCE_FILE = "confidence.yaml"
SHIPPED_PACKS = Path(__file__).resolve().parent / "packs"  # = rules.loader.PACKS_DIR (no import cycle)
FEATURE_NAMES = ("support", "weakest", "structure", "metadata", "quality", "borderline", "subject")
NEGATIVE_FEATURES = frozenset({"borderline"})  # more of it = the level may be one too low


class FitInfo(BaseModel):
    """Where a fitted model came from, so a stale file can be recognised."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    labels: list[str] = Field(default_factory=list)
    pairs: int = 0  # proposals at level >= 1 fitted on
    exact: int = 0  # of which exact
    l2: float = 1.0
    pack_version: str = ""
    pack_hash: str = ""
    fitted_on: str = ""  # ISO date
    held_out: dict[str, float | None] = Field(default_factory=dict)  # leave-one-source-out summary


class ConfidenceModel(BaseModel):
    """A monotone logistic over the proposal features."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int = 1
    base: float
    weights: dict[str, float]
    reference: dict[str, float]
    fitted: FitInfo | None = None

    @model_validator(mode="after")
    def _monotone(self) -> ConfidenceModel:
        problems = sign_problems(self.weights) + key_problems("reference", self.reference)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def source(self) -> str:
        return "fitted" if self.fitted is not None else "hand-set"

    def logit(self, values: Mapping[str, float]) -> float:
        return self.base + sum(w * (values[k] - self.reference[k]) for k, w in self.weights.items())


def key_problems(what: str, values: Mapping[str, float]) -> list[str]:
    """Problems of a feature mapping: unknown feature names and missing ones, each named."""
    unknown = sorted(set(values) - set(FEATURE_NAMES))
    missing = [k for k in FEATURE_NAMES if k not in values]
    return [f"{what}: unknown feature '{k}'" for k in unknown] + [
        f"{what}: feature '{k}' missing" for k in missing
    ]


def sign_problems(weights: Mapping[str, float]) -> list[str]:
    """Every sign the monotone promise needs, broken ones named."""
    problems = key_problems("weights", weights)
    for name, value in weights.items():
        if name in NEGATIVE_FEATURES and value > 0:
            problems.append(f"weights -> {name}: must be <= 0 (got {value})")
        elif name not in NEGATIVE_FEATURES and value < 0:
            problems.append(f"weights -> {name}: must be >= 0 (got {value})")
    return problems


# Hand-set: log-odds of "exactly right" at the reference values; text quality and the document
# class (metadata) move them most because they decide whether the text was read at all and which
# class a document is. All of the next level met lowers the odds by e^-1.2. A topic read from the
# body of a document that is not an SPBE policy, rather than from its title, lowers them by e^-1.
HAND_SET = ConfidenceModel(
    base=1.2,
    weights={
        "support": 2.0,
        "weakest": 1.0,
        "structure": 1.0,
        "metadata": 2.0,
        "quality": 3.0,
        "borderline": -1.2,
        "subject": 2.0,
    },
    reference={
        "support": 0.6,
        "weakest": 0.6,
        "structure": 0.5,
        "metadata": 0.8,
        "quality": 1.0,
        "borderline": 0.0,
        "subject": 1.0,
    },
)

_OVERRIDE: ContextVar[ConfidenceModel | None] = ContextVar("bukti_confidence_model", default=None)


@contextmanager
def use_confidence_model(model: ConfidenceModel | None) -> Iterator[None]:
    """Use ``model`` for every pack inside the block (``None``: the usual lookup)."""
    token = _OVERRIDE.set(model)
    try:
        yield
    finally:
        _OVERRIDE.reset(token)


def model_for_pack(pack_name: str) -> ConfidenceModel:
    """The model in use for proposals of ``pack_name`` (see the module docstring)."""
    override = _OVERRIDE.get()
    if override is not None:
        return override
    if not pack_name:
        return HAND_SET
    path = SHIPPED_PACKS / pack_name / CONFIDENCE_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return HAND_SET
    return _load_cached(path, stamp)


@lru_cache(maxsize=16)
def _load_cached(path: Path, _stamp: int) -> ConfidenceModel:
    return load_confidence_model(path)


def load_confidence_model(path: Path) -> ConfidenceModel:
    """Read and validate a confidence file; every problem in one :class:`RulePackError`."""
    problems: list[str] = []
    model = _parse(Path(path), problems)
    if model is None:
        raise RulePackError(f"confidence file {path} is invalid: " + "; ".join(problems))
    return model


def confidence_file_problems(pack_directory: Path) -> list[str]:
    """Problems of ``<pack>/confidence.yaml`` for the pack loader; none when the file is absent."""
    path = Path(pack_directory) / CONFIDENCE_FILE
    if not path.exists():
        return []
    problems: list[str] = []
    _parse(path, problems)
    return [f"{CONFIDENCE_FILE}: {p}" for p in problems]


def _parse(path: Path, problems: list[str]) -> ConfidenceModel | None:
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        problems.append(f"cannot read: {e}")
        return None
    try:
        return ConfidenceModel.model_validate(data)
    except ValidationError as e:
        for err in e.errors():
            message = err["msg"].removeprefix("Value error, ")
            if err["loc"]:
                problems.append(" -> ".join(str(p) for p in err["loc"]) + f": {message}")
            else:  # the sign check names its own locations, several at once
                problems.extend(message.split("; "))
        return None


def dump_confidence_model(model: ConfidenceModel, path: Path, header: str = "") -> None:
    """Write ``model`` as YAML (a comment header first), creating the folder."""
    body = yaml.safe_dump(model.model_dump(mode="json"), sort_keys=False, allow_unicode=True)
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(comment + body, encoding="utf-8")
