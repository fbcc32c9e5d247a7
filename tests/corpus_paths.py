"""Where the shared real-document corpus and its label files are.

``../shared/corpus`` and ``../shared/labels`` beside the repository by default (the layout of a
developer's machine and of CI); ``BUKTI_CORPUS`` and ``BUKTI_LABELS`` (the folder holding
``dev.yaml``, ``dev2.yaml``) point elsewhere, and the labels follow a moved corpus.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("BUKTI_CORPUS", REPO.parent / "shared" / "corpus"))
LABELS = Path(os.environ.get("BUKTI_LABELS", CORPUS.parent / "labels"))


def labels_path(name: str) -> Path:
    """The label file ``name`` (``dev.yaml``, ``dev2.yaml``), whether it exists or not."""
    return LABELS / name
