"""The hint a finished run leaves: an unchanged folder's next run starts no fork server early."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import rerun_hint

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A BUKTI_HOME of its own and no answers kept from earlier tests."""
    monkeypatch.setenv("BUKTI_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(rerun_hint, "_pending", {})
    monkeypatch.setattr(rerun_hint, "_answers", {})
    folder = tmp_path / "bukti"
    (folder / "sub").mkdir(parents=True)
    for i in range(3):
        (folder / ("sub" if i % 2 else "") / f"{i}.txt").write_text(f"isi {i}")
    return folder


def _next_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rerun_hint, "_answers", {})  # a new process asks afresh


def test_a_finished_run_makes_the_same_folder_and_command_unchanged(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["assess", str(fresh), "--db", "sqlite:///x.db"]
    assert not rerun_hint.unchanged_since_last_run(fresh, args)  # no run finished yet
    rerun_hint.remember_finished_run(fresh)
    _next_run(monkeypatch)
    assert rerun_hint.unchanged_since_last_run(fresh, args)
    assert rerun_hint.unchanged_since_last_run(fresh, args)  # asked again in one process: same answer


@pytest.mark.parametrize("change", ["touch", "add", "remove", "args", "env"])
def test_any_change_that_may_need_work_makes_it_changed(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    args = ["assess", str(fresh)]
    rerun_hint.unchanged_since_last_run(fresh, args)
    rerun_hint.remember_finished_run(fresh)
    _next_run(monkeypatch)
    if change == "touch":  # same size, later modification time
        st = (fresh / "0.txt").stat()
        os.utime(fresh / "0.txt", ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    elif change == "add":
        (fresh / "sub" / "new.txt").write_text("baru")
    elif change == "remove":
        (fresh / "sub" / "1.txt").unlink()
    elif change == "args":
        args = [*args, "--framework", "pemdi-2026"]
    else:
        monkeypatch.setenv("BUKTI_DATABASE_URL", "sqlite:///other.db")
    assert not rerun_hint.unchanged_since_last_run(fresh, args)


def test_an_unfinished_run_leaves_no_hint(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["assess", str(fresh)]
    rerun_hint.unchanged_since_last_run(fresh, args)  # started, never remembered (failed, killed)
    _next_run(monkeypatch)
    assert not rerun_hint.unchanged_since_last_run(fresh, args)
    assert not (Path(os.environ["BUKTI_HOME"]) / rerun_hint.HINTS_DIR).exists()


_SCRIPT = """
import sys
from multiprocessing import forkserver
from pathlib import Path
from pipeline.prestart import start_fork_server_early
from pipeline.rerun_hint import remember_finished_run
from pipeline import workers
folder = Path(sys.argv[1])
sys.argv = ["bukti", "assess", str(folder), "--ocr", "never"]
started = start_fork_server_early(folder, "spbe-2020")
print(started, getattr(forkserver._forkserver, "_forkserver_pid", None) is not None, flush=True)
workers.shutdown()
remember_finished_run(folder)
"""


def test_the_command_starts_the_fork_server_early_unless_the_folder_is_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "bukti"
    folder.mkdir()
    for i in range(12):
        (folder / f"{i}.txt").write_text("x")
    env = {k: v for k, v in os.environ.items() if k != "BUKTI_WORKERS"} | {"BUKTI_HOME": str(tmp_path / "h")}

    def run() -> list[str]:
        return subprocess.run([sys.executable, "-c", _SCRIPT, str(folder)], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=60, check=True).stdout.split()

    assert run() == ["True", "True"]  # first run: started
    assert run() == ["False", "False"]  # nothing changed since it finished: no server
    (folder / "12.txt").write_text("x")
    assert run() == ["True", "True"]  # a new file: started again
