"""Names and bytes of evidence files on disk: which names are never evidence, how a name that is
not UTF-8 is shown and found again, and the content hash.

The walk over a folder that uses these lives in ``extractors.discovery.archive_folder``
(``discover_documents``): one pass that yields a folder's files and its archives' members.

File names that are not valid UTF-8 (a Windows share mounted with the wrong charset) cannot
be stored or printed as they are: :func:`shown_path` spells their bad bytes as ``\\xff``,
and :func:`disk_path` turns such a spelling back into the file on disk.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
from pathlib import Path

# Office lock files, LibreOffice locks, partial downloads and OS litter.
SKIPPED_PATTERNS: tuple[str, ...] = ("~$*", ".~lock*", "*.tmp", "*.part", "*.crdownload", "*.swp",
                                     "thumbs.db", "desktop.ini")
# 1 MiB: large enough to be fast, small enough to keep memory flat on big scans.
_HASH_CHUNK = 1 << 20
# What "backslashreplace" makes of an undecodable byte (always >= 0x80).
_ESCAPED_BYTE = re.compile(rb"\\x([89a-f][0-9a-f])")


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


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's content, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
