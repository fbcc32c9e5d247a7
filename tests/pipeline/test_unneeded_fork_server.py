"""An unchanged re-run of a big folder: the fork server started early for it stops once it is not needed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from processes import alive

from pipeline.prestart import SMALL_FOLDER_FILES

REPO = Path(__file__).resolve().parents[2]


def _folder(tmp_path: Path, files: int) -> Path:
    folder = tmp_path / f"f{files}"
    folder.mkdir()
    for i in range(files):
        (folder / f"{i}.txt").write_text("x")
    return folder


_INLINE_SCRIPT = """
import os, sys
from multiprocessing import forkserver
from pathlib import Path
from pipeline.prestart import SMALL_FOLDER_FILES, start_fork_server_early
from pipeline import workers
start_fork_server_early(Path(sys.argv[1]))
pid = forkserver._forkserver._forkserver_pid
redo = int(sys.argv[2])
with workers.inline_when_small(redo):
    running = forkserver._forkserver._forkserver_pid is not None
    try:
        os.kill(pid, 0)
        alive = True
    except ProcessLookupError:
        alive = False
print(pid, running, alive, flush=True)
workers.shutdown()
"""


@pytest.mark.parametrize(("redo", "kept"),
                         [(0, False), (SMALL_FOLDER_FILES - 1, False), (SMALL_FOLDER_FILES, True)])
def test_an_early_fork_server_is_stopped_once_the_run_goes_in_process(
    tmp_path: Path, redo: int, kept: bool
) -> None:
    """An unchanged re-run of a big folder needs no pool: its fork server stops preloading at once
    (it used ~0.9 CPU-s beside a ~1 s run); a run with work for a pool keeps it."""
    env = {k: v for k, v in os.environ.items() if k != "BUKTI_WORKERS"}
    command = [sys.executable, "-c", _INLINE_SCRIPT, str(_folder(tmp_path, 12)), str(redo)]
    out = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
                         check=True).stdout.split()
    pid, running, answers = int(out[0]), out[1] == "True", out[2] == "True"
    assert (running, answers) == (kept, kept)  # stopped and reaped (a zombie answers kill 0), unless kept
    assert not alive(pid)  # and never outlives the run
