"""Whether a folder looks exactly as at the end of its last run: then no worker pool is needed.

The fork server is started at a command's first line (``pipeline.prestart``) so that its
preload (spaCy, the rule packs: ~2.4 CPU-s) overlaps the command's imports. An unchanged
re-run needs no worker, yet its server competed for the CPU until the run found out (after its
imports and the database's look-ups, ~0.6 s): ~0.5 CPU-s, and on a busy 2-core machine twice
the wall time. So each finished run leaves a *hint*: a digest of what decides whether the next
run has work (the folder's file names, sizes and modification times, the command line, the
rule pack's and the rules code's files, the ``BUKTI_`` settings of the environment). A run
that finds its digest in the hint starts no server early.

Only a hint: it never decides what a run does, only when the server starts. A wrong one (a
file rewritten within the same size and modification time, a database replaced) costs that
run the overlap: its pool starts the server when its first job needs it, as without the
early start. Standard library only: read before anything heavy is imported.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

HINTS_DIR = "rerun-hints"  # under BUKTI_HOME
_CODE = Path(__file__).resolve().parents[1]  # the checkout: rules/, rules/packs/

_pending: dict[Path, str] = {}  # folder -> digest taken when its run started (remembered when it ends)
_answers: dict[Path, bool] = {}  # asked twice in one process (cli.main, then cli.assess): one answer
# Set by this process's own start (pipeline.prestart): not part of what a user configured.
_OWN_SETTINGS = frozenset({"BUKTI_PRELOAD_PACKS"})


def unchanged_since_last_run(folder: Path, args: list[str]) -> bool:
    """Whether ``folder`` and the command line ``args`` look as when the last run of them ended.

    Takes the digest that :func:`remember_finished_run` writes once this run has finished.
    """
    key = _key(folder)
    if key is None:
        return False
    if key not in _answers:
        digest = _digest(key, args)
        if digest is not None:
            _pending[key] = digest
        _answers[key] = digest is not None and _read(_hint_file(key)) == digest
    return _answers[key]


def remember_finished_run(folder: Path) -> None:
    """Record the digest taken at this run's start as the hint for the next run of ``folder``."""
    key = _key(folder)
    digest = _pending.pop(key, None) if key is not None else None
    if key is None or digest is None:
        return
    target = _hint_file(key)
    with contextlib.suppress(OSError):  # a hint not written costs the next run nothing but the hint
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".hint-")
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(digest)
        os.replace(tmp, target)


def _key(folder: Path) -> Path | None:
    try:
        return folder.resolve()
    except (OSError, RuntimeError):
        return None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii")
    except (OSError, ValueError):
        return None


def _digest(root: Path, args: list[str]) -> str | None:
    try:
        if not root.is_dir():
            return None
        digest = hashlib.sha256()
        for part in ("\0".join(args), *sorted(f"{k}={v}" for k, v in os.environ.items()
                                              if k.upper().startswith("BUKTI_") and k not in _OWN_SETTINGS)):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\n")
        for base in (root, _CODE / "rules"):  # the folder; the rules code and the packs under it
            _add_tree(digest, base)
        for arg in args:  # a rule pack given as a path (--framework DIR)
            candidate = Path(arg)
            if candidate.is_dir() and candidate.resolve() != root:
                _add_tree(digest, candidate)
        return digest.hexdigest()
    except OSError:
        return None


def _add_tree(digest: hashlib._Hash, base: Path) -> None:
    """Every file's path, size and modification time under ``base`` (links not followed)."""
    for top, dirs, names in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")  # written by any interpreter, any time
        for name in sorted(names):
            path = os.path.join(top, name)
            st = os.lstat(path)
            digest.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n".encode(
                "utf-8", "surrogateescape"))


def _hint_file(root: Path) -> Path:
    home = os.environ.get("BUKTI_HOME") or str(Path.home() / ".bukti")  # core.settings' default
    return Path(home) / HINTS_DIR / hashlib.sha256(os.fsencode(root)).hexdigest()[:32]
