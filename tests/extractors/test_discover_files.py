"""Discovery skips hidden, temporary and lock files, is sorted and survives symlink loops."""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import pytest

from extractors.discovery.archive_folder import discover_documents, discover_files
from extractors.discovery.folder import disk_path, is_skipped_name, sha256_file, shown_path


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


def test_discover_documents_refuses_links_leaving_root(tmp_path: Path) -> None:
    root, outside = tmp_path / "bukti", tmp_path / "luar"
    _touch(root, "a.pdf", "sub/b.pdf")
    _touch(outside, "secret.txt")
    os.symlink(outside / "secret.txt", root / "secret.txt")
    os.symlink(outside, root / "luar")
    os.symlink(root / "sub", root / "sub-link")  # inside the root: followed (walked once)
    found = {p.path.relative_to(root).as_posix(): p.refused for p in discover_documents(root, None)}
    assert found.keys() == {"a.pdf", "luar", "secret.txt", "sub/b.pdf"}
    assert found["a.pdf"] is None and found["sub/b.pdf"] is None
    assert "di luar folder bukti" in (found["luar"] or "") and "secret.txt" in (found["secret.txt"] or "")
    assert [p.name for p in discover_files(root)] == ["a.pdf", "b.pdf"]


def test_discover_documents_refuses_a_link_to_an_outside_archive_unopened(tmp_path: Path) -> None:
    """The walk judges the link before the archive: an outside ZIP is neither read nor unpacked."""
    root, outside, work = tmp_path / "bukti", tmp_path / "luar", tmp_path / "work"
    _touch(root, "a.pdf")
    outside.mkdir()
    with zipfile.ZipFile(outside / "rahasia.zip", "w") as archive:
        archive.writestr("secret.txt", "x")
    os.symlink(outside / "rahasia.zip", root / "rahasia.zip")
    found = [(d.name, d.refused is not None, d.in_archive) for d in discover_documents(root, work)]
    assert found == [("a.pdf", False, False), ("rahasia.zip", True, False)]
    assert not work.exists()  # nothing was unpacked


def test_shown_path_escapes_undecodable_bytes_and_disk_path_reverses_it(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/laporan\xff\xfe.pdf"
    with open(raw, "wb") as handle:  # noqa: PTH123 - a raw byte path
        handle.write(b"%PDF-1.4")
    real = os.fsdecode(raw)
    shown = shown_path(real)
    assert shown.endswith("laporan\\xff\\xfe.pdf")
    shown.encode("utf-8")  # storable
    assert os.fsencode(disk_path(shown)) == raw
    assert shown_path(tmp_path / "biasa.pdf") == str(tmp_path / "biasa.pdf")
