"""Assess an evidence folder: discover, extract, deduplicate, match, propose, store.

The entry point for scripts and the CLI; the steps themselves live in ``pipeline.incremental``
(per document, cached) and ``pipeline.finalize`` (scoring and storing under a lock), which the
Prefect flows (``flows/assess.py``, ``flows/nightly.py``) run as tasks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core.models import DocumentStatus, ExtractedDocument
from core.settings import ExtractOptions
from extractors.api import extract_document
from extractors.discovery.archive_folder import (
    DiscoveredDocument,
    archive_documents,
    discover_documents,
    is_archive,
)
from extractors.discovery.folder import shown_path
from pipeline.cache_files import archive_cache_dir
from pipeline.models import AssessmentResult, AssessOptions, DocumentOutcome

ProgressFn = Callable[[str], None]


def plan_documents(root: Path) -> list[DiscoveredDocument]:
    """The documents of an evidence folder in processing order: hidden and temporary files skipped,
    ZIP archives replaced by their (safely unpacked) members.

    Paths are absolute: they are stored, and the review app renders cited pages from them later.
    """
    root = root.resolve()
    if not root.exists():
        raise FileNotFoundError(f"folder bukti tidak ditemukan: {shown_path(root)}; periksa lokasinya")
    if root.is_file() and not is_archive(root):
        return [DiscoveredDocument(root, shown_path(root))]
    workdir = archive_cache_dir()  # a cache: unpacked once per archive content
    if root.is_file():
        return archive_documents(root, workdir) or [DiscoveredDocument(root, shown_path(root))]
    return list(discover_documents(root, workdir))


def extract_one(path: Path, options: ExtractOptions) -> ExtractedDocument:
    """Extract one file; bad input becomes a failed document, never an exception."""
    return extract_document(path, options, raise_errors=False)


def assess_folder(root: Path, options: AssessOptions, progress: ProgressFn | None = None) -> AssessmentResult:
    """Run the whole pipeline on ``root`` and store the run; returns what was stored.

    Incremental by content (``pipeline.incremental``): files whose extraction and matching are
    cached are not read again. ``progress`` is called with each file name as it is done.
    """
    from pipeline.run import assess_incremental  # the run module builds on the helpers above

    report = (lambda work: progress(work.file.name)) if progress else None
    return assess_incremental(root.resolve(), options, report)


def summarise(outcomes: list[DocumentOutcome]) -> str:
    """'12 dokumen: 10 berhasil, 1 sebagian, 1 gagal' — the line every batch ends with."""
    counts = {s: sum(1 for o in outcomes if o.status is s) for s in DocumentStatus}
    parts = [
        f"{counts[DocumentStatus.success]} berhasil",
        f"{counts[DocumentStatus.partial_success]} sebagian",
        f"{counts[DocumentStatus.failure]} gagal",
    ]
    if counts[DocumentStatus.skipped]:
        parts.append(f"{counts[DocumentStatus.skipped]} dilewati")
    return f"{len(outcomes)} dokumen: " + ", ".join(parts)
