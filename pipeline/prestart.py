"""Start the worker pool's fork server while the rest of a run is still being imported.

The fork server imports the job stack and builds the spaCy tokenizer and the rule packs'
matchers (~2.4 s) before the first worker exists. Started only when the pool asks for its
first worker, that time came after the flow process's own imports and planning (~1 s on the
command line), all on one core while the other idled. Started at the command's first line,
the two overlap. Only where a pool will plausibly be used: a folder with at least
``SMALL_FOLDER_FILES`` files and workers not turned off; an unneeded server is stopped with the
pool at exit like any other.

Standard library only: this module is imported before anything heavy.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from itertools import islice
from pathlib import Path

PRELOAD = "pipeline.worker_preload"  # imported once by the fork server the workers come from
SMALL_FOLDER_FILES = 8  # see pipeline.workers: fewer files to work on run in-process
# Options of ``bukti assess`` followed by a value (cli/assess.py): what is not the folder.
ASSESS_VALUE_OPTIONS = frozenset({"--framework", "--region", "--year", "--ocr", "--db"})
# The rule packs the fork server compiles (comma-separated; unset: every installed pack). Set for
# a run that names its pack, so the server does not compile the others (~0.06 CPU-s each) before
# the first worker can start; a job for another pack still compiles it (pipeline.jobs).
PRELOAD_PACKS = "BUKTI_PRELOAD_PACKS"
DEFAULT_FRAMEWORK = "spbe-2020"  # ``bukti assess``'s --framework default (a test checks they agree)


def start_fork_server_early(folder: Path, framework: str | None = None) -> bool:
    """Start the fork server now when ``folder`` looks big enough for a pool; True when started.

    With ``framework``, the server compiles that rule pack only (:data:`PRELOAD_PACKS`).
    """
    if os.environ.get("BUKTI_WORKERS", "").strip() == "0":
        return False
    if "forkserver" not in multiprocessing.get_all_start_methods() or not _enough_files(folder):
        return False
    from multiprocessing import forkserver

    if framework and not _server_running(forkserver):
        os.environ[PRELOAD_PACKS] = framework  # the server is a new process: it inherits this
    if _unchanged(folder):
        return False  # needs no worker (pipeline.rerun_hint); should it, its pool starts the server

    multiprocessing.get_context("forkserver").set_forkserver_preload([PRELOAD])
    forkserver.ensure_running()
    return True


def assess_folder_argument(args: list[str]) -> Path | None:
    """The FOLDER of an ``assess [OPTIONS] FOLDER`` command line (None when it is not one).

    Read before the command's modules are imported (their ~0.1 CPU-s of imports then overlap the
    fork server's preload too). A guess the real parser may still reject: it only decides
    whether to start the server now, which ``cli.assess`` otherwise does a moment later.
    """
    if args[:1] != ["assess"]:
        return None
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--":
            return Path(next(rest, ""))
        if arg in ASSESS_VALUE_OPTIONS:
            next(rest, None)
        elif not arg.startswith("-"):
            return Path(arg)
    return None


def assess_framework_argument(args: list[str]) -> str:
    """The --framework of an ``assess`` command line, else the command's default."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--framework" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--framework="):
            return arg.partition("=")[2]
    return DEFAULT_FRAMEWORK


def _unchanged(folder: Path) -> bool:
    """Whether this process's ``assess`` command line and ``folder`` are as the last run of them
    left them (``pipeline.rerun_hint``); False when this process is not running such a command."""
    from pipeline.rerun_hint import unchanged_since_last_run

    args = sys.argv[1:]
    found = assess_folder_argument(args)
    if found is None or os.path.abspath(found) != os.path.abspath(folder):
        return False
    return unchanged_since_last_run(folder, args)


def _server_running(forkserver: object) -> bool:
    server = getattr(forkserver, "_forkserver", None)
    return getattr(server, "_forkserver_pid", None) is not None


def _enough_files(folder: Path) -> bool:
    """At least SMALL_FOLDER_FILES regular files under ``folder`` (stops counting there)."""
    try:
        if not folder.is_dir():
            return False
        files = (name for _, _, names in os.walk(folder) for name in names)
        return len(list(islice(files, SMALL_FOLDER_FILES))) >= SMALL_FOLDER_FILES
    except OSError:
        return False
