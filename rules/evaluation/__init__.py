"""Accuracy harness: compare extracted metadata and level proposals with ground-truth labels.

Public API: :func:`load_labels` (labels file), :func:`evaluate_documents` (compare labelled,
extracted documents with a rule pack), :func:`build_suite` (several label files: each, combined
and per source), :func:`render_markdown` (the report) and, in ``calibrate``, the confidence fit.
Extraction and caching are the caller's job (``pipeline.evaluate``), so this package needs no
corpus.
"""

from rules.evaluation.compare import evaluate_document, evaluate_documents
from rules.evaluation.labels import IndicatorLabel, LabelRecord, LabelSet, load_labels
from rules.evaluation.models import EvaluationReport
from rules.evaluation.report import render_markdown
from rules.evaluation.suite import EvaluationSuite, build_suite, combine_reports

__all__ = [
    "EvaluationReport",
    "EvaluationSuite",
    "IndicatorLabel",
    "LabelRecord",
    "LabelSet",
    "build_suite",
    "combine_reports",
    "evaluate_document",
    "evaluate_documents",
    "load_labels",
    "render_markdown",
]
