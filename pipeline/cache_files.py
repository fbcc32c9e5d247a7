"""The caches bukti keeps on disk, and which of their entries can go (``bukti cache``).

* OCR pages (``extractors.ocr.cache``; ``ExtractOptions.ocr_cache_dir``, default
  ``<BUKTI_HOME>/ocr-cache``): one small JSON per page image, keyed by its pixels and the
  engine, so an entry is never wrong, only unused. Files not used for N days go. Last use is
  the later of mtime and atime; on a ``noatime`` mount atime never moves and a file's age is
  its creation. Deleting a file under a running extraction costs one page of OCR:
  ``OcrCache.get`` takes a missing file as a miss, and a failed ``put`` is only logged.
* eval (``pipeline.evaluate``; ``<BUKTI_HOME>/eval-cache``): one JSON per document, named
  ``<sha256>-<EXTRACTOR_VERSION>-<options>.json``; files of another extractor version are
  never read again.
* archives (``pipeline.assess``; ``<BUKTI_HOME>/archives``): one folder per unpacked ZIP,
  unpacked again by a run or the review app when missing. A run reads the members of the
  archives it planned until its extraction ends, so only folders unused for at least a day
  may go, and only when asked (see ``pipeline.cache_housekeeping``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from core.settings import get_settings

DAY_SECONDS = 86_400
_SHA_CHARS = 64
_OPTIONS_CHARS = 12  # the options digest at the end of an eval cache name (pipeline.evaluate.cache_key)


@dataclass(frozen=True)
class FileEntry:
    """One cache entry on disk (a file, or an archive's folder) and whether it can go."""

    path: Path
    size: int
    prunable: bool


@dataclass(frozen=True)
class FileTally:
    """A disk cache: where, how many entries and bytes, and how many of them can go."""

    name: str
    root: Path
    entries: int
    bytes: int
    prunable: int
    prunable_bytes: int


def archive_cache_dir() -> Path:
    """Where ``pipeline.assess`` unpacks ZIP archives."""
    return get_settings().home / "archives"


def tally(name: str, root: Path, entries: list[FileEntry]) -> FileTally:
    """Counts and sizes of one cache folder's entries, and of those pruning would remove."""
    gone = [e for e in entries if e.prunable]
    return FileTally(
        name=name,
        root=root,
        entries=len(entries),
        bytes=sum(e.size for e in entries),
        prunable=len(gone),
        prunable_bytes=sum(e.size for e in gone),
    )


def ocr_entries(root: Path, unused_days: float, now: float | None = None) -> list[FileEntry]:
    """Every file of the OCR page cache; prunable when unused for ``unused_days`` (0: every file)."""
    cutoff = (now if now is not None else time.time()) - unused_days * DAY_SECONDS
    entries = []
    for path in _files(root):
        stat = _stat(path)
        if stat is not None:
            last_used = max(stat.st_mtime, stat.st_atime)
            entries.append(FileEntry(path, stat.st_size, unused_days <= 0 or last_used < cutoff))
    return entries


def eval_entries(root: Path, extractor_version: str) -> list[FileEntry]:
    """Every document of the eval cache; prunable when made by another extractor version."""
    entries = []
    for path in sorted(root.glob("*.json")) if root.is_dir() else []:
        stat, version = _stat(path), eval_entry_version(path.name)
        if stat is not None:
            stale = version is not None and version != extractor_version
            entries.append(FileEntry(path, stat.st_size, stale))
    return entries


def eval_entry_version(name: str) -> str | None:
    """The extractor version in an eval cache file name, None when the name is not one of ours."""
    stem = name.removesuffix(".json")
    head, tail = stem[:_SHA_CHARS], stem[_SHA_CHARS:]
    if len(head) != _SHA_CHARS or not tail.startswith("-") or len(tail) < _OPTIONS_CHARS + 3:
        return None
    if tail[-_OPTIONS_CHARS - 1] != "-":
        return None
    return tail[1 : -_OPTIONS_CHARS - 1] or None


def archive_entries(root: Path, unused_days: float | None, now: float | None = None) -> list[FileEntry]:
    """Every unpacked archive; prunable when unused for ``unused_days`` (None: never, minimum 1)."""
    if unused_days is not None and unused_days < 1:
        raise ValueError("archives can only be pruned after at least one day unused (a run may read them)")
    cutoff = (now if now is not None else time.time()) - (unused_days or 0) * DAY_SECONDS
    entries = []
    # ".unpacking-*" staging folders belong to an unpack in progress: never listed, never pruned
    folders = (
        sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
        if root.is_dir()
        else []
    )
    for folder in folders:
        size = sum(s.st_size for s in map(_stat, _files(folder)) if s is not None)
        entries.append(FileEntry(folder, size, unused_days is not None and _last_used(folder) < cutoff))
    return entries


def remove_entries(root: Path, entries: Iterable[FileEntry]) -> tuple[int, int]:
    """Delete the prunable entries (files or folders) under ``root``; (entries removed, bytes freed)."""
    removed = freed = 0
    parents: set[Path] = set()
    for entry in entries:
        if not entry.prunable:
            continue
        try:
            if entry.path.is_dir():
                shutil.rmtree(entry.path)
            else:
                entry.path.unlink()
        except FileNotFoundError:
            continue  # another process removed it first
        removed, freed = removed + 1, freed + entry.size
        parents.add(entry.path.parent)
    for parent in parents - {root}:  # the OCR cache's two-letter folders, when now empty
        with contextlib.suppress(OSError):
            parent.rmdir()
    return removed, freed


def _files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None  # removed meanwhile (a concurrent writer's temporary file)


def _last_used(folder: Path) -> float:
    """The latest use of an unpacked archive: of the files directly in it, the manifest is read each time.

    Folder times are left out: listing a folder (as this module does) moves its atime.
    """
    stats = [s for s in map(_stat, (p for p in folder.iterdir() if p.is_file())) if s is not None]
    return max((max(s.st_mtime, s.st_atime) for s in stats), default=0.0)
