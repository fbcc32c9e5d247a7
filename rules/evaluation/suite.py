"""Several label files in one evaluation: each reported alone, combined, and per source.

``bukti eval --labels dev.yaml --labels dev2.yaml`` evaluates each file on its own (one
:class:`EvaluationReport` each, as the pipeline makes them), then :func:`build_suite` adds the
combined report - every document of every file, aggregated again - and the
leave-one-source-out rows over all of them (``rules/evaluation/sources.py``). Each file
carries a *seen* note (when the rule developers first saw it), because a file the rules were
developed on scores optimistically and the reader must know which figures are which.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePath

from pydantic import BaseModel, ConfigDict, Field

from core.errors import InputError
from rules.evaluation.labels import LabelSet
from rules.evaluation.metrics import aggregate
from rules.evaluation.models import EvaluationReport
from rules.evaluation.sources import SourceScore, source_scores

COMBINED = "combined"


class EvaluationSuite(BaseModel):
    """Per-file reports, their combination (when there are several) and the per-source rows."""

    model_config = ConfigDict(extra="forbid")

    reports: list[EvaluationReport] = Field(min_length=1)
    combined: EvaluationReport | None = None
    sources: list[SourceScore] = Field(default_factory=list)
    sources_refit_l2: float | None = None  # set when the per-source confidence was refitted

    @property
    def overall(self) -> EvaluationReport:
        """The report over every document: the combination, or the only file's report."""
        return self.combined or self.reports[0]

    def labelled_sets(self) -> list[EvaluationReport]:
        """Every file's report, then the combination (when there is one)."""
        return [*self.reports, *([self.combined] if self.combined else [])]


def build_suite(reports: Sequence[EvaluationReport], refit_l2: float | None = None) -> EvaluationSuite:
    """Combine the per-file reports and score every source; refit the confidence per held-out
    source with ``refit_l2`` when a fitted confidence model is in use."""
    if not reports:
        raise InputError("tidak ada berkas label untuk dilaporkan; berikan --labels <berkas>")
    combined = combine_reports(reports) if len(reports) > 1 else None
    documents = (combined or reports[0]).documents
    return EvaluationSuite(
        reports=list(reports),
        combined=combined,
        sources=source_scores(documents, refit_l2),
        sources_refit_l2=refit_l2,
    )


def combine_reports(reports: Sequence[EvaluationReport]) -> EvaluationReport:
    """One report over the documents of all ``reports`` (which must share the rule pack)."""
    first = reports[0]
    packs = {(r.framework, r.pack_hash) for r in reports}
    if len(packs) > 1:
        raise InputError(
            "berkas label dievaluasi dengan paket aturan berbeda; evaluasi bersama dalam satu run"
        )
    documents = [d for r in reports for d in r.documents]
    domains = {d.domain: d.name for d in first.domains}
    return EvaluationReport(
        framework=first.framework,
        pack_version=first.pack_version,
        pack_hash=first.pack_hash,
        split=COMBINED,
        labels_file=", ".join(r.labels_file for r in reports),
        documents=documents,
        reports=[o for r in reports for o in r.reports],
        missing_files=[f for r in reports for f in r.missing_files],
        cache_hits=sum(r.cache_hits for r in reports),
        elapsed_seconds=round(sum(r.elapsed_seconds for r in reports), 1),
        seen=None,
        confidence_model=first.confidence_model,
        **aggregate(documents, domains),
    )


def parse_seen(notes: Sequence[str]) -> dict[str, str]:
    """``["dev2=first seen 2026-12-06"]`` -> ``{"dev2": "first seen 2026-12-06"}``."""
    parsed: dict[str, str] = {}
    for note in notes:
        key, sep, text = note.partition("=")
        if not sep or not key.strip() or not text.strip():
            raise InputError(
                f"--seen '{note}': tulis SPLIT=CATATAN, mis. --seen \"dev2=first seen 2026-12-06\""
            )
        parsed[key.strip()] = text.strip()
    return parsed


def seen_note(labels: LabelSet, labels_file: str, notes: Mapping[str, str]) -> str | None:
    """The seen note of one label file: the command line (by split name or file stem) wins over
    the file's own ``seen:`` header."""
    return notes.get(labels.split) or notes.get(_stem(labels_file)) or labels.seen


def unknown_seen_keys(notes: Mapping[str, str], label_sets: Sequence[tuple[LabelSet, str]]) -> list[str]:
    """--seen keys that name no label file (a typo must not pass silently)."""
    known = {name for labels, labels_file in label_sets for name in (labels.split, _stem(labels_file))}
    return sorted(set(notes) - known)


def _stem(labels_file: str) -> str:
    """``"../shared/labels/dev2.yaml"`` -> ``"dev2"``."""
    return PurePath(labels_file.replace("\\", "/")).name.removesuffix(".yaml").removesuffix(".yml")
