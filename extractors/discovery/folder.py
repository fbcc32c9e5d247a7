"""Finding input files in a folder tree, and hashing them.

Discovery is deterministic (sorted, depth first) and skips what is never evidence: hidden
files and folders, editor lock files and partial downloads. Symbolic links are followed while
they stay inside the evidence folder (each real folder is walked once, so links back up the
tree cannot loop); a link that resolves outside it is refused with a reason, never read: a
link to ``/etc`` must not put the server's files into an assessment.

File names that are not valid UTF-8 (a Windows share mounted with the wrong charset) cannot
be stored or printed as they are: :func:`shown_path` spells their bad bytes as ``\\xff``,
and :func:`disk_path` turns such a spelling back into the file on disk.
"""

from __future__ import annotations

import fnmatch
import hashlib
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# Office lock files, LibreOffice locks, partial downloads and OS litter.
SKIPPED_PATTERNS: tuple[str, ...] = ("~$*", ".~lock*", "*.tmp", "*.part", "*.crdownload", "*.swp",
                                     "thumbs.db", "desktop.ini")
# 1 MiB: large enough to be fast, small enough to keep memory flat on big scans.
_HASH_CHUNK = 1 << 20
# What "backslashreplace" makes of an undecodable byte (always >= 0x80).
_ESCAPED_BYTE = re.compile(rb"\\x([89a-f][0-9a-f])")


@dataclass(frozen=True)
class FoundFile:
    """A file of the folder; ``refused`` says why it must not be read (a link leaving the folder)."""

    path: Path
    refused: str | None = None


def shown_path(path: Path | str) -> str:
    """``path`` (or a message naming it) as text that can be stored and printed: undecodable
    bytes spelled ``\\xff``."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def disk_path(shown: str) -> Path:
    """The file on disk that :func:`shown_path` printed as ``shown`` (``shown`` itself if no other)."""
    path = Path(shown)
    if "\\x" not in shown or path.exists():
        return path
    raw = _ESCAPED_BYTE.sub(lambda m: bytes([int(m[1], 16)]), shown.encode("utf-8"))
    candidate = Path(os.fsdecode(raw))
    return candidate if candidate.exists() else path


def is_skipped_name(name: str) -> bool:
    """True for hidden (dot-prefixed) names and temp/lock files."""
    lowered = name.lower()
    return name.startswith(".") or any(fnmatch.fnmatchcase(lowered, p) for p in SKIPPED_PATTERNS)


def discover_files(root: Path) -> Iterator[Path]:
    """Yield the candidate input files under ``root`` (or ``root`` itself if it is a file), sorted.

    Links leaving ``root`` are left out (see :func:`discover_entries`, which reports them).
    """
    yield from (found.path for found in discover_entries(root) if found.refused is None)


def discover_entries(root: Path) -> Iterator[FoundFile]:
    """The candidate input files under ``root``, sorted, with links that leave ``root`` refused."""
    if root.is_file():
        yield FoundFile(root)
        return
    yield from _walk(root, set(), root.resolve())


def _outside(path: Path, real_root: Path) -> str | None:
    """Why the link ``path`` may not be followed, or None when it stays inside ``real_root``."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling or looping link: nothing to read
        return None
    if target == real_root or target.is_relative_to(real_root):
        return None
    return (f"'{shown_path(path.name)}' adalah tautan (symlink) ke '{shown_path(target)}' di luar folder "
            "bukti; bukti tidak membaca berkas di luar folder yang dinilai; salin berkasnya ke dalam "
            "folder bukti bila memang bukti")


def _walk(folder: Path, visited: set[tuple[int, int]], real_root: Path) -> Iterator[FoundFile]:
    try:
        stat = folder.stat()
    except OSError as e:
        log.warning("cannot read folder %s: %s", shown_path(folder), e)
        return
    key = (stat.st_dev, stat.st_ino)
    if key in visited:
        log.info("skipping %s: folder already walked (symlink)", shown_path(folder))
        return
    visited.add(key)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        log.warning("cannot list folder %s: %s", shown_path(folder), e)
        entries = []
    for entry in entries:
        if is_skipped_name(entry.name):
            continue
        path = Path(entry.path)
        refused = _outside(path, real_root) if entry.is_symlink() else None
        if refused is not None:
            log.warning("refusing %s: %s", shown_path(path), refused)
            yield FoundFile(path, refused)
        elif entry.is_dir(follow_symlinks=True):
            yield from _walk(path, visited, real_root)
        elif entry.is_file(follow_symlinks=True):
            yield FoundFile(path)


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's content, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
