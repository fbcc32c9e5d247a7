"""What the extraction cache records of a document besides its payload.

Here, below ``store``, because the worker jobs (``pipeline.jobs``) fill it in: a worker touches
no database, and importing ``store`` (SQLAlchemy, Alembic and every table) cost the workers'
fork server ~0.25 CPU-s before the first worker could start.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from core.models import ExtractedDocument


@dataclass(frozen=True)
class ExtractionInfo:
    """An extraction cache entry without its payload."""

    key: str
    sha256: str
    status: str
    page_count: int
    extraction_hash: str
    content_hash: str
    summary: dict[str, Any]


def extraction_hash(doc: ExtractedDocument) -> str:
    """A fingerprint of what was extracted: everything except where the file was found."""
    payload = doc.model_dump_json(exclude={"source": {"path", "name"}})
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
