"""Plan an evidence folder (which files, in which order) and extract one file.

Below ``pipeline.incremental`` and ``pipeline.run``: what they and the entry point
``pipeline.assess`` share, so that the run's modules never import the entry point back.
"""

from __future__ import annotations

from pathlib import Path

from core.models import ExtractedDocument
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
