"""Result models of the accuracy harness: per document, per pair, aggregated metrics."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Ratio(_Model):
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def add(self, ok: bool) -> Ratio:
        return Ratio(correct=self.correct + int(ok), total=self.total + 1)


class FieldOutcome(_Model):
    """One metadata field of one document: expected (label) vs extracted, after normalisation."""

    field: str
    expected: str | None
    got: str | None
    correct: bool  # under the comparison for this field (names rules for name fields)
    strict: bool | None = None  # under the strict comparison; None = same as ``correct``

    @property
    def strict_correct(self) -> bool:
        return self.correct if self.strict is None else self.strict


class PairKind(StrEnum):
    exact = "exact"  # proposed at the labelled level (0 and 0 included: a true negative)
    under = "under"  # proposed lower than labelled (level 0 = missed)
    over = "over"  # proposed higher than labelled
    false_positive = "false_positive"  # proposed for an indicator the label does not support


class PairOutcome(_Model):
    """One (document, indicator) pair: labelled, proposed, or scored automatically by the pack."""

    indicator_id: str
    label_level: int  # 0 = the document is not evidence for the indicator
    proposed_level: int
    confidence: float
    needs_manual: bool
    has_rules: bool  # the pack has automatic rules for the indicator
    uncertain: bool = False
    label_why: str = ""
    rationale: str = ""
    reason: str = ""  # why the proposal differs (unmet / over-met criteria), empty when exact
    domain: str = ""  # the pack's domain of the indicator (D1..D4 for spbe-2020)
    features: dict[str, float] | None = None  # confidence features of a proposal at level >= 1

    @property
    def kind(self) -> PairKind:
        if self.proposed_level == self.label_level:
            return PairKind.exact
        if self.label_level == 0:
            return PairKind.false_positive
        return PairKind.under if self.proposed_level < self.label_level else PairKind.over

    @property
    def scored(self) -> bool:
        """Counted in the reliability table: the engine made a claim (not a manual placeholder)."""
        return not self.needs_manual


class DocumentResult(_Model):
    file: str
    sha256: str
    layer_group: str  # text | scanned
    extraction_status: str
    pages: int
    ocr_pages: int
    fields: list[FieldOutcome] = Field(default_factory=list)
    pairs: list[PairOutcome] = Field(default_factory=list)

    @property
    def source(self) -> str:
        """The corpus folder the document came from (first part of its labelled path)."""
        return source_of(self.file)


def source_of(file: str) -> str:
    """``"kota-contoh_bukti/perwali.pdf"`` -> ``"kota-contoh_bukti"``; a top-level file is its own source."""
    return file.replace("\\", "/").strip("/").split("/")[0]


class FieldScore(_Model):
    field: str
    all: Ratio
    text: Ratio
    scanned: Ratio


class RelevanceScore(_Model):
    """Indicator relevance: label level >= 1 vs proposed level >= 1."""

    scope: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float | None:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else None

    @property
    def recall(self) -> float | None:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)


class LevelScore(_Model):
    """Level agreement over labelled pairs (label level >= 1)."""

    scope: str
    exact: Ratio
    within_one: Ratio


class Confusion(_Model):
    """Counts of (label level, proposed level) over labelled pairs; rows 1..5, columns 0..5."""

    counts: dict[int, dict[int, int]] = Field(default_factory=dict)

    def get(self, label: int, proposed: int) -> int:
        return self.counts.get(label, {}).get(proposed, 0)


class ReliabilityBin(_Model):
    low: float
    high: float
    count: int
    exact: int
    within_one: int
    mean_confidence: float | None

    @property
    def share_exact(self) -> float | None:
        return self.exact / self.count if self.count else None


class Calibration(_Model):
    """Reliability of the confidence over one group of scored pairs."""

    scope: str
    bins: list[ReliabilityBin]
    pairs: int
    brier: float | None  # mean (confidence - exact)^2
    mean_confidence_exact: float | None
    mean_confidence_wrong: float | None
    high: Ratio = Field(default_factory=Ratio)  # exact among pairs at confidence >= HIGH_CONFIDENCE

    @property
    def share_high(self) -> Ratio:
        """Pairs at confidence >= HIGH_CONFIDENCE among all pairs of the scope."""
        return Ratio(correct=self.high.total, total=self.pairs)


class DomainScore(_Model):
    """Relevance and level agreement of the indicators of one domain of the pack."""

    domain: str
    name: str
    relevance: RelevanceScore
    levels: LevelScore


class Miss(_Model):
    file: str
    indicator_id: str
    kind: PairKind
    label_level: int
    proposed_level: int
    confidence: float
    uncertain: bool
    label_why: str
    reason: str


class ReportOutcome(_Model):
    """An official evaluation report (LHE) of the labels: parsed, checked against the labels and
    against the index recomputed from its own printed levels."""

    file: str
    framework: str | None  # "59/2020" or "5/2018" from the number of rows parsed
    rows: int
    levels_match_label: bool
    printed_index: float | None
    label_index: float | None
    recomputed_index: float | None  # None when no pack of the report's framework is loaded
    predicate: str | None
    recomputed_predicate: str | None

    @property
    def index_reproduced(self) -> bool | None:
        if self.recomputed_index is None or self.printed_index is None:
            return None
        return abs(self.recomputed_index - self.printed_index) < 0.005


class EvaluationReport(_Model):
    framework: str
    pack_version: str
    pack_hash: str
    split: str
    labels_file: str
    documents: list[DocumentResult]
    fields: list[FieldScore]
    relevance: list[RelevanceScore]
    levels: list[LevelScore]
    confusion: Confusion
    calibration: list[Calibration]
    domains: list[DomainScore] = Field(default_factory=list)
    reports: list[ReportOutcome] = Field(default_factory=list)
    seen: str | None = None  # when the label file was first seen by the rule developers
    confidence_model: str = "hand-set"  # which level >= 1 confidence weights the proposals used
    missing_files: list[str] = Field(default_factory=list)
    cache_hits: int = 0
    elapsed_seconds: float = 0.0

    def misses(self) -> list[Miss]:
        """Every pair whose proposed level differs from the label, document order."""
        return [
            Miss(
                file=d.file,
                indicator_id=p.indicator_id,
                kind=p.kind,
                label_level=p.label_level,
                proposed_level=p.proposed_level,
                confidence=p.confidence,
                uncertain=p.uncertain,
                label_why=p.label_why,
                reason=p.reason or p.rationale,
            )
            for d in self.documents
            for p in d.pairs
            if p.kind is not PairKind.exact
        ]

    def field_misses(self) -> list[tuple[str, FieldOutcome]]:
        return [(d.file, f) for d in self.documents for f in d.fields if not f.correct]
