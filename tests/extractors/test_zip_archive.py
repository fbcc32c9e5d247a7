"""ZIP archives: safe unpacking (traversal, links, bombs, encryption) and the checks behind it."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest
from office_samples import make_zip

from core.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedError,
    InputError,
    TooLargeError,
    UnsupportedFormatError,
)
from core.models import DocumentStatus
from extractors.api import extract_document
from extractors.discovery.archive import (
    ArchiveLimits,
    check_archive,
    expand_archive,
    iter_members,
    safe_member_name,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("bukti/sk.pdf", "bukti/sk.pdf"),
        ("./bukti//sk.pdf", "bukti/sk.pdf"),
        ("bukti\\notulen.docx", "bukti/notulen.docx"),  # made on Windows by an old tool
        ("../rahasia.txt", None),
        ("bukti/../../rahasia.txt", None),
        ("..\\..\\rahasia.txt", None),
        ("/etc/passwd", None),
        ("C:/Windows/win.ini", None),
        ("c:evil.txt", None),
        ("", None),
        ("./", None),
        ("a\x00b.pdf", None),
        ("Penting!.pdf", "Penting!.pdf"),
    ],
)
def test_safe_member_name(raw: str, expected: str | None) -> None:
    assert safe_member_name(raw) == expected


def _symlink_zip(folder: Path) -> Path:
    path = folder / "tautan.zip"
    info = zipfile.ZipInfo("tautan.pdf")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("sk.pdf", "%PDF-1.4")
        archive.writestr(info, "/etc/passwd")
    return path


def _encrypted_zip(folder: Path) -> Path:
    """A ZIP whose member headers say "encrypted" (zipfile cannot write that, so the flag is patched in)."""
    path = make_zip(folder / "terkunci.zip", {"rahasia.pdf": b"\x00" * 32})
    data = bytearray(path.read_bytes())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.index(signature) + flag_offset
        data[start] |= 0x1
    path.write_bytes(bytes(data))
    return path


def _bomb(folder: Path) -> Path:
    return make_zip(folder / "bom.zip", {"isi.txt": b"\x00" * (4 << 20)})  # 4 MiB of zeros deflate ~1000x


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda p: make_zip(p / "a.zip", {"ok.pdf": "x", "../../keluar.txt": "x"}), CorruptFileError,
         "path traversal"),
        (lambda p: make_zip(p / "a.zip", {"/tmp/mutlak.txt": "x"}), CorruptFileError, "path traversal"),
        (_symlink_zip, CorruptFileError, "tautan simbolik"),
        (_encrypted_zip, EncryptedError, "dilindungi kata sandi"),
        (_bomb, TooLargeError, "seperti zip bomb"),
        (lambda p: make_zip(p / "a.zip", {"a.txt": "1", "A/../a.txt": "2"}), CorruptFileError,
         "path traversal"),
    ],
)
def test_unsafe_archives_are_refused_before_writing(tmp_path: Path, make, error: type[InputError],  # type: ignore[no-untyped-def]
                                                    message: str) -> None:
    archive = make(tmp_path)
    dest = tmp_path / "keluaran"
    with pytest.raises(error, match=message):
        expand_archive(archive, dest)
    assert not dest.exists()  # checked as a whole before anything is written
    assert not (tmp_path / "keluar.txt").exists()


def test_limits_on_member_count_and_total_size(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "banyak.zip", {f"f{i}.txt": "x" * 100 for i in range(5)})
    with pytest.raises(TooLargeError, match="memuat 5 entri, melebihi batas 4"):
        list(iter_members(archive, ArchiveLimits(max_members=4)))
    with pytest.raises(TooLargeError, match="setelah diekstrak, melebihi batas"):
        list(iter_members(archive, ArchiveLimits(max_total_bytes=499)))
    assert len(list(iter_members(archive, ArchiveLimits(max_members=5, max_total_bytes=500)))) == 5


def test_small_compressible_members_are_not_bombs(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "teks.zip", {"notulen.txt": "rapat " * 100_000})  # 600 kB, ~1000x
    assert [m.name for m in iter_members(archive)] == ["notulen.txt"]


def test_duplicate_member_names_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "ganda.zip"
    with zipfile.ZipFile(path, "w") as archive, pytest.warns(UserWarning):
        archive.writestr("sk.pdf", "1")
        archive.writestr("sk.pdf", "2")
    with pytest.raises(CorruptFileError, match="dua kali"):
        list(iter_members(path))


def test_expand_archive_writes_files_and_skips_litter(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "bukti.zip", {
        "Bukti SPBE/": "",
        "Bukti SPBE/sk tim.pdf": "%PDF-1.4 sk",
        "Bukti SPBE/data/rka.xlsx": "xlsx",
        "__MACOSX/Bukti SPBE/._sk tim.pdf": "resource fork",
        "Bukti SPBE/.DS_Store": "x",
        "Bukti SPBE/~$notulen.docx": "lock",
        "dalam.zip": "PK",
    })
    written = expand_archive(archive, tmp_path / "out")
    root = (tmp_path / "out").resolve()
    assert [p.relative_to(root).as_posix() for p in written] == [
        "Bukti SPBE/data/rka.xlsx", "Bukti SPBE/sk tim.pdf", "dalam.zip"]
    assert (root / "Bukti SPBE/sk tim.pdf").read_text() == "%PDF-1.4 sk"


def _forge_size(path: Path, member: str, declared: int) -> Path:
    """Rewrite the sizes a member's headers declare (as a forged archive would)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    real = struct_pack(info.file_size)
    for offset in (i for i in range(len(data) - 4) if data[i:i + 4] == real):
        data[offset:offset + 4] = struct_pack(declared)
    path.write_bytes(bytes(data))
    return path


def struct_pack(value: int) -> bytes:
    return value.to_bytes(4, "little")


def test_member_inflating_past_its_declared_size_is_refused(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "palsu.zip", {"isi.txt": "rapat koordinasi " * 5000})
    _forge_size(archive, "isi.txt", 1000)
    with pytest.raises((TooLargeError, CorruptFileError)):
        expand_archive(archive, tmp_path / "out")


def test_damaged_member_data_is_corrupt(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "rusak.zip", {"isi.txt": "Tim Koordinasi SPBE " * 500})
    data = bytearray(archive.read_bytes())
    data[60:80] = b"\xff" * 20  # inside the deflated data of the only member
    archive.write_bytes(bytes(data))
    with pytest.raises(CorruptFileError, match="tidak dapat diekstrak"):
        check_archive(archive)


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda p: make_zip(p / "bukti.zip", {"sk.pdf": "%PDF-1.4"}), UnsupportedFormatError,
         r"arsip ZIP \(1 berkas di dalamnya\)"),
        (lambda p: make_zip(p / "kosong.zip", {}), EmptyFileError, "tanpa berkas"),
        (lambda p: make_zip(p / "kosong2.zip", {"folder/": "", "__MACOSX/x": "y"}), EmptyFileError,
         "tanpa berkas"),
        (lambda p: make_zip(p / "jahat.zip", {"../x.pdf": "x"}), CorruptFileError, "path traversal"),
        (_bomb, TooLargeError, "seperti zip bomb"),
    ],
)
def test_extract_document_on_an_archive_says_why_both_modes(tmp_path: Path, make, error: type[InputError],  # type: ignore[no-untyped-def]
                                                           message: str) -> None:
    path = make(tmp_path)
    with pytest.raises(error, match=message):
        extract_document(path, raise_errors=True)
    doc = extract_document(path)
    assert doc.status is DocumentStatus.failure and doc.source.format == "zip"
    assert [i.code for i in doc.issues] == [error.code]
