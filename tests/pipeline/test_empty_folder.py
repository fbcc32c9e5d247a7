"""An empty evidence folder (an unmounted share) never retires a submission's documents by accident."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.errors import EmptyFolderError
from pipeline.assess import assess_folder
from pipeline.models import AssessOptions
from store.db import get_engine, session_scope
from store.models import Document, Run

REPO = Path(__file__).resolve().parents[2]
OPTIONS = {"region": "Kota Sukamaju", "year": 2024}


def _state(url: str) -> tuple[int, int]:
    """(documents not retired, runs)"""
    engine = get_engine(url)
    with session_scope(engine) as session:
        live = session.scalar(select(func.count()).select_from(Document).where(Document.retired_at.is_(None)))
        runs = session.scalar(select(func.count()).select_from(Run))
    engine.dispose()
    return live or 0, runs or 0


def _empty(folder: Path) -> None:
    for path in folder.iterdir():
        path.unlink()
    (folder / ".DS_Store").write_bytes(b"litter")  # skipped files do not count


def test_assess_empty_folder_refused_and_nothing_retired(example_folder: Path, database_url: str) -> None:
    assess_folder(example_folder, AssessOptions(database_url=database_url, **OPTIONS))
    assert _state(database_url) == (6, 1)
    _empty(example_folder)
    with pytest.raises(EmptyFolderError, match="--allow-empty"):
        assess_folder(example_folder, AssessOptions(database_url=database_url, **OPTIONS))
    assert _state(database_url) == (6, 1)  # no run stored, every document still current
    assess_folder(example_folder, AssessOptions(database_url=database_url, allow_empty=True, **OPTIONS))
    assert _state(database_url) == (0, 2)


def test_cli_assess_empty_folder_exits_non_zero_with_the_reason(tmp_path: Path) -> None:
    folder = tmp_path / "share-belum-dimount"
    folder.mkdir()
    env = {**os.environ, "BUKTI_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "cli.main", "assess", str(folder), "--db",
               f"sqlite:///{tmp_path / 'b.db'}"]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 3, done.stdout + done.stderr
    message = " ".join(done.stderr.split())
    assert "kosong (tidak ada berkas)" in message and "--allow-empty" in message
    allowed = subprocess.run([*command, "--allow-empty"], cwd=REPO, env=env, capture_output=True, text=True,
                             timeout=300, check=False)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
