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
from itertools import islice
from pathlib import Path

PRELOAD = "pipeline.worker_preload"  # imported once by the fork server the workers come from
SMALL_FOLDER_FILES = 8  # see pipeline.workers: fewer files to work on run in-process
# Options of ``bukti assess`` followed by a value (cli/assess.py): what is not the folder.
ASSESS_VALUE_OPTIONS = frozenset({"--framework", "--region", "--year", "--ocr", "--db"})


def start_fork_server_early(folder: Path) -> bool:
    """Start the fork server now when ``folder`` looks big enough for a pool; True when started."""
    if os.environ.get("BUKTI_WORKERS", "").strip() == "0":
        return False
    if "forkserver" not in multiprocessing.get_all_start_methods() or not _enough_files(folder):
        return False
    from multiprocessing import forkserver

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


def _enough_files(folder: Path) -> bool:
    """At least SMALL_FOLDER_FILES regular files under ``folder`` (stops counting there)."""
    try:
        if not folder.is_dir():
            return False
        files = (name for _, _, names in os.walk(folder) for name in names)
        return len(list(islice(files, SMALL_FOLDER_FILES))) >= SMALL_FOLDER_FILES
    except OSError:
        return False
