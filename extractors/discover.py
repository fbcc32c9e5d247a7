"""Finding input files in a folder tree, and hashing them.

Discovery is deterministic (sorted, depth first) and skips what is never evidence: hidden
files and folders, editor lock files and partial downloads. Symlinked folders are followed,
but each real folder is walked once, so links back up the tree cannot loop.
"""

from __future__ import annotations

import fnmatch
import hashlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

# Office lock files, LibreOffice locks, partial downloads and OS litter.
SKIPPED_PATTERNS: tuple[str, ...] = ("~$*", ".~lock*", "*.tmp", "*.part", "*.crdownload", "*.swp",
                                     "thumbs.db", "desktop.ini")
# 1 MiB: large enough to be fast, small enough to keep memory flat on big scans.
_HASH_CHUNK = 1 << 20


def is_skipped_name(name: str) -> bool:
    """True for hidden (dot-prefixed) names and temp/lock files."""
    lowered = name.lower()
    return name.startswith(".") or any(fnmatch.fnmatchcase(lowered, p) for p in SKIPPED_PATTERNS)


def discover_files(root: Path) -> Iterator[Path]:
    """Yield the candidate input files under ``root`` (or ``root`` itself if it is a file), sorted."""
    if root.is_file():
        yield root
        return
    yield from _walk(root, set())


def _walk(folder: Path, visited: set[tuple[int, int]]) -> Iterator[Path]:
    try:
        stat = folder.stat()
    except OSError as e:
        log.warning("cannot read folder %s: %s", folder, e)
        return
    key = (stat.st_dev, stat.st_ino)
    if key in visited:
        log.info("skipping %s: folder already walked (symlink)", folder)
        return
    visited.add(key)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        log.warning("cannot list folder %s: %s", folder, e)
        entries = []
    for entry in entries:
        if is_skipped_name(entry.name):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=True):
            yield from _walk(path, visited)
        elif entry.is_file(follow_symlinks=True):
            yield path


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's content, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
