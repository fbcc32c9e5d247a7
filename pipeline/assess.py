"""Assess an evidence folder: discover, extract, deduplicate, match, propose, store.

The entry point for scripts and the CLI; the steps themselves live in ``pipeline.plan`` (the
folder's files), ``pipeline.incremental`` (per document, cached) and ``pipeline.finalize``
(scoring and storing under a lock), which the Prefect flows (``flows/assess.py``,
``flows/nightly.py``) run as tasks. Nothing in ``pipeline`` imports this module back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from extractors.discovery.archive_folder import DiscoveredDocument
from pipeline.models import AssessmentResult, AssessOptions
from pipeline.run import assess_incremental

ProgressFn = Callable[[str], None]


def assess_folder(root: Path, options: AssessOptions, progress: ProgressFn | None = None,
                  documents: list[DiscoveredDocument] | None = None) -> AssessmentResult:
    """Run the whole pipeline on ``root`` and store the run; returns what was stored.

    Incremental by content (``pipeline.incremental``): files whose extraction and matching are
    cached are not read again. ``progress`` is called with each file name as it is done.
    ``documents``: ``pipeline.plan.plan_documents(root)`` when the caller has just listed them.
    """
    report = (lambda work: progress(work.file.name)) if progress else None
    return assess_incremental(root.resolve(), options, report, documents)
