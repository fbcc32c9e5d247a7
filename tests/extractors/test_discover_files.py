"""Discovery skips hidden, temporary and lock files, is sorted and survives symlink loops."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from extractors.discover import discover_files, is_skipped_name, sha256_file


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(name.encode())


def test_discover_files_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "b.pdf",
        "a.docx",
        "sub/c.pdf",
        "sub/deeper/d.png",
        ".hidden.pdf",
        ".git/config",
        "~$a.docx",
        ".~lock.a.docx#",
        "download.part",
        "x.tmp",
        "Thumbs.db",
        "desktop.ini",
    )
    found = [p.relative_to(tmp_path).as_posix() for p in discover_files(tmp_path)]
    assert found == ["a.docx", "b.pdf", "sub/c.pdf", "sub/deeper/d.png"]


@pytest.mark.parametrize(
    ("name", "skipped"),
    [
        (".DS_Store", True),
        ("~$laporan.docx", True),
        (".~lock.x.odt#", True),
        ("a.TMP", True),
        ("THUMBS.DB", True),
        ("file.crdownload", True),
        ("laporan.pdf", False),
        ("tmp.pdf", False),
    ],
)
def test_is_skipped_name(name: str, skipped: bool) -> None:
    assert is_skipped_name(name) is skipped


def test_discover_files_survives_symlink_loop(tmp_path: Path) -> None:
    _touch(tmp_path, "docs/a.pdf")
    os.symlink(tmp_path, tmp_path / "docs" / "loop")
    found = list(discover_files(tmp_path))
    assert [p.name for p in found] == ["a.pdf"]


def test_discover_files_follows_symlinked_folder_once(tmp_path: Path) -> None:
    _touch(tmp_path, "real/a.pdf")
    os.symlink(tmp_path / "real", tmp_path / "alias")
    assert [p.name for p in discover_files(tmp_path)] == ["a.pdf"]


def test_discover_files_single_file(tmp_path: Path) -> None:
    _touch(tmp_path, "one.pdf")
    assert list(discover_files(tmp_path / "one.pdf")) == [tmp_path / "one.pdf"]


def test_sha256_file_matches_hashlib(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    data = os.urandom(3 * (1 << 20) + 17)  # spans several chunks
    path.write_bytes(data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()
