"""Discovery in one pass: the files of an evidence folder and the members of its ZIP archives.

:func:`discover_documents` walks the folder once, deterministically (sorted, depth first), and
skips what is never evidence: hidden files and folders, editor lock files, partial downloads
(``folder.is_skipped_name``). Symbolic links are followed while they stay inside the evidence
folder (each real folder is walked once, so links back up the tree cannot loop); a link that
resolves outside it is yielded refused, with the reason, and never read: a link to ``/etc``
must not put the server's files into an assessment. An archive (judged on its bytes) met on
the way is unpacked into ``workdir`` and its members are yielded in its place, each with a
provenance path ``<archive>!/<folder>/<file>`` (``bukti.zip!/a/inner.zip!/x.pdf`` for an
archive inside an archive, unpacked one level deep). That provenance is what
``SourceFile.path`` records; :func:`resolve_source_path` turns it back into a file on disk.

Unpacked archives are cached in ``workdir`` under the archive's SHA-256, so a re-run or the
review app reuses them; a folder appears there only when complete (unpacked in a temporary
folder, then renamed), so parallel runs never see half an archive. An archive that cannot be
unpacked (hostile, damaged, empty: ``extractors.discovery.archive`` checks it) is yielded as
itself: ``extract_document`` then fails it with the reason.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from core.errors import InputError, MissingFileError
from extractors.discovery.archive import ArchiveLimits, expand_archive
from extractors.discovery.folder import disk_path, is_skipped_name, sha256_file, shown_path
from extractors.formats.table import sniff_format

log = logging.getLogger(__name__)

ARCHIVE_SEPARATOR = "!/"
_MANIFEST = ".bukti-archive.json"
_MANIFEST_VERSION = 1
_CACHE_KEY_CHARS = 24  # of the archive's SHA-256


@dataclass(frozen=True)
class DiscoveredDocument:
    """A file to extract, and the path its SourceFile should record."""

    path: Path  # the file on disk: the discovered file itself, or a member unpacked under workdir
    source_path: str  # shown_path(path), or the provenance "<archive>!/<member>" for archive members
    refused: str | None = None  # why the file must not be read (a link leaving the evidence folder)

    @property
    def name(self) -> str:
        return shown_path(self.path.name)

    @property
    def in_archive(self) -> bool:
        return self.source_path != shown_path(self.path)


def discover_documents(
    root: Path, workdir: Path | None, limits: ArchiveLimits | None = None
) -> Iterator[DiscoveredDocument]:
    """The documents under ``root`` (or ``root`` itself if it is a file) in discovery order.

    Archives are replaced by their members when ``workdir`` is given, and yielded as files when
    it is None; links leaving ``root`` are yielded with ``refused`` set.
    """
    if root.is_file():
        yield from _file(root, workdir, limits)
        return
    yield from _walk(root, set(), root.resolve(), workdir, limits)


def discover_files(root: Path) -> Iterator[Path]:
    """The files under ``root`` that may be read, sorted; archives not opened."""
    yield from (found.path for found in discover_documents(root, None) if found.refused is None)


def _walk(folder: Path, visited: set[tuple[int, int]], real_root: Path, workdir: Path | None,
          limits: ArchiveLimits | None) -> Iterator[DiscoveredDocument]:
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
            yield DiscoveredDocument(path, shown_path(path), refused)
        elif entry.is_dir(follow_symlinks=True):
            yield from _walk(path, visited, real_root, workdir, limits)
        elif entry.is_file(follow_symlinks=True):
            yield from _file(path, workdir, limits)


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


def _file(path: Path, workdir: Path | None, limits: ArchiveLimits | None) -> Iterator[DiscoveredDocument]:
    """A found file as itself, or, for an archive that unpacks, as its members."""
    if workdir is None or not is_archive(path):
        yield DiscoveredDocument(path, shown_path(path))
        return
    try:
        members = archive_documents(path, workdir, limits)
    except InputError as e:
        log.warning("%s: not unpacked: %s", shown_path(path), e)
        members = []
    yield from members or [DiscoveredDocument(path, shown_path(path))]


def is_archive(path: Path) -> bool:
    """True when the bytes of ``path`` are a plain ZIP (not a DOCX/XLSX/ODT, which are ZIPs too)."""
    try:
        info = sniff_format(path)
    except (InputError, OSError):
        return False  # a damaged file: extract_document says why
    return info is not None and info.key == "zip"


def _unpack_tree(path: Path, dest: Path, limits: ArchiveLimits, depth: int) -> list[str]:
    """Unpack ``path`` into ``dest``; nested archives into ``<member>!``. Document paths, relative."""
    files = expand_archive(path, dest, limits)
    used = sum(f.stat().st_size for f in files)
    documents: list[str] = []
    for file in files:
        rel = file.relative_to(dest.resolve()).as_posix()
        nested = file.with_name(file.name + ARCHIVE_SEPARATOR[0])
        # nested.exists(): the archive itself holds a folder named like the unpacking folder
        if depth >= limits.max_depth or nested.exists() or not is_archive(file):
            documents.append(rel)
            continue
        budget = replace(
            limits,
            max_total_bytes=max(limits.max_total_bytes - used, 0),
            max_members=max(limits.max_members - len(files), 0),
        )
        try:
            inner = _unpack_tree(file, nested, budget, depth + 1)
        except InputError as e:
            log.warning("%s: not unpacking %s: %s", path.name, rel, e)
            shutil.rmtree(nested, ignore_errors=True)
            documents.append(rel)  # yielded as itself; extraction records the reason
            continue
        used += sum((nested / r).stat().st_size for r in inner)
        documents.extend([f"{rel}{ARCHIVE_SEPARATOR}{r}" for r in inner] or [rel])
    return documents


def _read_manifest(dest: Path) -> list[str] | None:
    try:
        data = json.loads((dest / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("version") != _MANIFEST_VERSION:
        return None
    documents = [str(d) for d in data.get("documents", [])]
    return documents if all((dest / d).is_file() for d in documents) else None


def unpack_cached(path: Path, workdir: Path, limits: ArchiveLimits | None = None) -> tuple[Path, list[str]]:
    """Unpack ``path`` into ``workdir/<sha256>`` once; (that folder, member paths relative to it)."""
    limits = limits or ArchiveLimits()
    dest = workdir / sha256_file(path)[:_CACHE_KEY_CHARS]
    documents = _read_manifest(dest)
    if documents is not None:
        with contextlib.suppress(OSError):  # mark it used: cache pruning must not take it (noatime mounts)
            os.utime(dest / _MANIFEST)
        return dest, documents
    workdir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".unpacking-", dir=workdir))
    try:
        documents = _unpack_tree(path, staging / "files", limits, depth=0)
        manifest = {"version": _MANIFEST_VERSION, "archive": path.name, "documents": documents}
        (staging / "files" / _MANIFEST).parent.mkdir(parents=True, exist_ok=True)
        (staging / "files" / _MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        if _read_manifest(dest) is not None:  # another process finished meanwhile: same content
            return dest, documents
        if dest.exists():  # stale or damaged (no valid manifest): replace it
            shutil.rmtree(dest, ignore_errors=True)
        try:
            os.rename(staging / "files", dest)
        except OSError:  # another process finished first
            if _read_manifest(dest) is None:
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return dest, documents


def archive_documents(
    path: Path, workdir: Path, limits: ArchiveLimits | None = None, source_path: str | None = None
) -> list[DiscoveredDocument]:
    """The documents inside the archive at ``path`` (raises InputError when it cannot be unpacked)."""
    dest, documents = unpack_cached(path, workdir, limits)
    prefix = (source_path or shown_path(path)) + ARCHIVE_SEPARATOR
    return [DiscoveredDocument(dest / rel, prefix + rel) for rel in documents]


def resolve_source_path(source_path: str, workdir: Path, limits: ArchiveLimits | None = None) -> Path:
    """The file on disk for a recorded ``SourceFile.path``, unpacking its archive again if needed.

    Raises MissingFileError when neither the file nor its archive member can be found.
    """
    direct = disk_path(source_path)
    if direct.is_file() or ARCHIVE_SEPARATOR not in source_path:
        return direct
    archive, _, member = source_path.partition(ARCHIVE_SEPARATOR)
    if not disk_path(archive).is_file():
        raise MissingFileError(
            f"arsip '{archive}' yang memuat '{member}' sudah tidak ada; jalankan penilaian lagi"
        )
    try:
        dest, _ = unpack_cached(disk_path(archive), workdir, limits)
    except InputError as e:
        raise MissingFileError(f"'{member}' tidak dapat diekstrak dari '{archive}': {e}") from e
    found = dest / member
    if not found.is_file():
        raise MissingFileError(
            f"'{member}' tidak ada di arsip '{archive}' (arsipnya berubah sejak penilaian); "
            "jalankan penilaian lagi"
        )
    return found
