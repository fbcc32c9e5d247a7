"""ZIP archives of evidence, unpacked safely: each member becomes its own document.

An archive is checked as a whole before anything is written: every member name must stay
inside the destination (no ``..``, no absolute or drive paths), no member may be a symbolic
link or encrypted, and the member count, the total uncompressed size and each large member's
compression ratio must stay within :class:`ArchiveLimits` (zip bombs). While unpacking, no
member may inflate past the size its header declares. Folders, hidden files, lock files and
``__MACOSX`` litter are left out, as folder discovery leaves them out.

A ZIP is not itself a document: ``extractors.discovery.archive_folder.discover_documents`` unpacks
archives found in an evidence folder and yields their members. :func:`extract` is what
``extract_document`` runs for an archive that was not unpacked (bad, or nested too deep): it
raises the specific reason, so the failure recorded in a batch says what is wrong.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from core.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedError,
    TooLargeError,
    UnsupportedFormatError,
)
from core.models import ExtractedDocument, SourceFile
from core.settings import ExtractOptions
from extractors.discovery.folder import is_skipped_name

_CHUNK = 1 << 20
_SYMLINK = 0o120000
_FILE_TYPE_MASK = 0o170000
_DRIVE = re.compile(r"^[A-Za-z]:")
_LITTER_FOLDERS = frozenset({"__MACOSX"})
_REPACK = ("ekstrak di komputer Anda, periksa berkas-berkasnya, lalu tambahkan kembali berkas tersebut "
           "(atau ZIP baru berisi berkas itu)")


@dataclass(frozen=True)
class ArchiveLimits:
    """What an archive may hold before it is refused."""

    max_members: int = 2_000  # files and folders together, nested archives included
    max_total_bytes: int = 2 * 1024**3  # uncompressed, nested archives included
    # Members above ratio_min_bytes may not inflate more than max_ratio times: scans, PDFs and
    # Office files compress 1-10x, text ~10x, zip bombs 1,000x and more.
    max_ratio: float = 200.0
    ratio_min_bytes: int = 1 << 20
    max_depth: int = 1  # archives inside the archive are unpacked this many levels deep


@dataclass(frozen=True)
class ArchiveMember:
    """One file inside an archive, with its checked, normalised name (``folder/file.pdf``)."""

    name: str
    size: int
    compressed_size: int
    info: zipfile.ZipInfo


def _open(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        raise CorruptFileError(
            f"'{path.name}' adalah arsip ZIP yang rusak ({e}); unduh ulang, atau {_REPACK}"
        ) from e


def safe_member_name(raw: str) -> str | None:
    """The member name as a relative POSIX path, or None when it would escape the destination."""
    name = raw.replace("\\", "/")
    if name.startswith("/") or _DRIVE.match(name) or "\x00" in name:
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return str(PurePosixPath(*parts))


def _is_left_out(name: str) -> bool:
    parts = name.split("/")
    return any(is_skipped_name(p) or p in _LITTER_FOLDERS for p in parts)


def _check_info(info: zipfile.ZipInfo, path: Path, limits: ArchiveLimits) -> str:
    """The member's safe name; raises when the member alone makes the archive unacceptable."""
    name = safe_member_name(info.filename)
    if name is None:
        raise CorruptFileError(f"'{path.name}' memuat berkas bernama '{info.filename}' yang menunjuk ke luar "
                               f"arsip (path traversal); bukti tidak mengekstraknya; {_REPACK}")
    if (info.external_attr >> 16) & _FILE_TYPE_MASK == _SYMLINK:
        raise CorruptFileError(f"'{path.name}' memuat tautan simbolik '{info.filename}'; bukti tidak "
                               f"mengekstrak tautan; {_REPACK}")
    if info.flag_bits & 0x1:
        raise EncryptedError(f"'{path.name}' dilindungi kata sandi ('{info.filename}'); ekstrak dengan kata "
                             "sandinya lalu tambahkan berkas-berkasnya, atau ZIP tanpa kata sandi")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.ratio_min_bytes and ratio > limits.max_ratio:
        raise TooLargeError(f"'{path.name}': '{info.filename}' mengembang {ratio:.0f}x (batas "
                            f"{limits.max_ratio:.0f}x), seperti zip bomb; bukti tidak mengekstraknya; "
                            f"{_REPACK}")
    return name


def _check_totals(infos: list[zipfile.ZipInfo], path: Path, limits: ArchiveLimits) -> None:
    if len(infos) > limits.max_members:
        raise TooLargeError(f"'{path.name}' memuat {len(infos)} entri, melebihi batas "
                            f"{limits.max_members}; pecah menjadi arsip yang lebih kecil, atau {_REPACK}")
    total = sum(i.file_size for i in infos)
    if total > limits.max_total_bytes:
        raise TooLargeError(f"'{path.name}' berukuran {total / 1e6:.0f} MB setelah diekstrak, melebihi batas "
                            f"{limits.max_total_bytes / 1e6:.0f} MB; pecah menjadi arsip yang lebih kecil")


def iter_members(path: Path, limits: ArchiveLimits | None = None) -> Iterator[ArchiveMember]:
    """The files of the archive at ``path`` in name order, after checking the whole archive.

    Raises CorruptFileError (damaged, path traversal, symlink, duplicate names), EncryptedError
    and TooLargeError (member count, total size, compression ratio) before yielding anything.
    """
    limits = limits or ArchiveLimits()
    with _open(path) as archive:
        infos = archive.infolist()
    _check_totals(infos, path, limits)
    members: dict[str, ArchiveMember] = {}
    for info in infos:
        name = _check_info(info, path, limits)
        if info.is_dir() or _is_left_out(name):
            continue
        if name in members:
            raise CorruptFileError(f"'{path.name}' memuat '{name}' dua kali; {_REPACK}")
        members[name] = ArchiveMember(name, info.file_size, info.compress_size, info)
    yield from (members[n] for n in sorted(members))


def _copy_bounded(source: IO[bytes], write: Callable[[bytes], object], member: ArchiveMember,
                  path: Path) -> int:
    written = 0
    while chunk := source.read(_CHUNK):
        written += len(chunk)
        if written > member.size:
            raise TooLargeError(f"'{path.name}': '{member.name}' mengembang melebihi {member.size} bita yang "
                                f"tertulis di header-nya (arsip palsu); {_REPACK}")
        write(chunk)
    return written


def _read_member(archive: zipfile.ZipFile, member: ArchiveMember, path: Path,
                 write: Callable[[bytes], object]) -> None:
    try:
        with archive.open(member.info) as source:
            _copy_bounded(source, write, member, path)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as e:
        raise CorruptFileError(f"'{path.name}': '{member.name}' tidak dapat diekstrak ({e}); unduh ulang "
                               f"arsipnya, atau {_REPACK}") from e


def expand_archive(path: Path, dest_dir: Path, limits: ArchiveLimits | None = None) -> list[Path]:
    """Unpack the files of ``path`` under ``dest_dir`` (checked first, see :func:`iter_members`).

    Returns the written files in name order. Nested archives are written as files; unpacking
    them is the caller's choice (``extractors.discovery.archive_folder`` does it one level deep).
    """
    members = list(iter_members(path, limits))
    root = dest_dir.resolve()
    written: list[Path] = []
    with _open(path) as archive:
        for member in members:
            target = root.joinpath(*member.name.split("/"))
            if not target.resolve().is_relative_to(root):  # defence in depth; names are already checked
                raise CorruptFileError(
                    f"'{path.name}': '{member.name}' mengarah ke luar arsip; {_REPACK}")
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as handle:
                    _read_member(archive, member, path, handle.write)
            except (IsADirectoryError, NotADirectoryError, FileExistsError) as e:
                raise CorruptFileError(f"'{path.name}': '{member.name}' bentrok dengan folder bernama "
                                       f"sama; {_REPACK}") from e
            written.append(target)
    return written


def check_archive(path: Path, limits: ArchiveLimits | None = None) -> list[ArchiveMember]:
    """Check ``path`` fully, reading every member (CRC, declared sizes); its members if all is well."""
    members = list(iter_members(path, limits))
    with _open(path) as archive:
        for member in members:
            _read_member(archive, member, path, lambda chunk: None)
    return members


def extract(source: SourceFile, options: ExtractOptions) -> ExtractedDocument:
    """An archive that reached ``extract_document`` was not unpacked: raise why, most specific first."""
    path = Path(source.path)
    members = check_archive(path)
    if not members:
        raise EmptyFileError(f"'{path.name}' adalah arsip ZIP tanpa berkas di dalamnya; buat ulang arsipnya")
    raise UnsupportedFormatError(
        f"'{path.name}' adalah arsip ZIP ({len(members)} berkas di dalamnya); bukti membaca berkas dalam "
        "arsip yang ditemukannya saat memindai folder bukti (arsip di dalam arsip hanya sampai satu "
        "tingkat); berikan foldernya, atau ekstrak arsip ini lalu tambahkan berkas-berkasnya"
    )
