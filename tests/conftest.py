"""Shared fixtures: the real corpus (skipped when absent), temporary databases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("BUKTI_CORPUS", REPO.parent / "shared" / "corpus"))
LABELS = Path(os.environ.get("BUKTI_LABELS", REPO.parent / "shared" / "labels" / "dev.yaml"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared real-document corpus; tests using it skip cleanly when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_file(corpus_dir: Path):
    def _get(relative: str) -> Path:
        path = corpus_dir / relative
        if not path.is_file():
            pytest.skip(f"corpus file missing: {relative}")
        return path

    return _get
