"""Disk caches: OCR pages unused for N days, eval entries of old extractor versions, unpacked archives."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pipeline.cache_files import (
    DAY_SECONDS,
    archive_entries,
    eval_entries,
    eval_entry_version,
    ocr_entries,
    remove_entries,
    tally,
)

NOW = time.time()
SHA = "a" * 64


def _file(path: Path, size: int, *, used_days_ago: float, modified_days_ago: float | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    modified = modified_days_ago if modified_days_ago is not None else used_days_ago
    os.utime(path, (NOW - used_days_ago * DAY_SECONDS, NOW - modified * DAY_SECONDS))
    return path


def test_ocr_entries_older_than_n_days_are_removed_newer_kept(tmp_path: Path) -> None:
    old = _file(tmp_path / "ab" / "ab01.json", 100, used_days_ago=120)
    lone = _file(tmp_path / "cd" / "cd01.json", 50, used_days_ago=91)
    recent = _file(tmp_path / "ab" / "ab02.json", 10, used_days_ago=30)
    read_lately = _file(tmp_path / "ef" / "ef01.json", 10, used_days_ago=2, modified_days_ago=200)
    entries = ocr_entries(tmp_path, 90, now=NOW)
    summary = tally("ocr", tmp_path, entries)
    assert (summary.entries, summary.bytes, summary.prunable, summary.prunable_bytes) == (4, 170, 2, 150)
    assert remove_entries(tmp_path, entries) == (2, 150)
    assert not old.exists() and not lone.exists() and recent.exists() and read_lately.exists()
    assert not (tmp_path / "cd").exists() and (tmp_path / "ab").is_dir()  # emptied folder removed


def test_ocr_entries_zero_days_prunes_every_file(tmp_path: Path) -> None:
    _file(tmp_path / "ab" / "ab01.json", 5, used_days_ago=0)
    entries = ocr_entries(tmp_path, 0, now=NOW)
    assert [e.prunable for e in entries] == [True]
    assert remove_entries(tmp_path, entries) == (1, 5) and tmp_path.is_dir()


def test_ocr_entries_missing_folder_is_empty(tmp_path: Path) -> None:
    assert ocr_entries(tmp_path / "none", 90) == []


@pytest.mark.parametrize(("name", "version"), [
    (f"{SHA}-1.3.0-0123456789ab.json", "1.3.0"),
    (f"{SHA}-1.3.0-rc-1-0123456789ab.json", "1.3.0-rc-1"),
    (f"{SHA}--0123456789ab.json", None),
    ("notes.json", None),
    (f"{SHA}-1.3.0.json", None),
])
def test_eval_entry_version_reads_the_version_from_the_name(name: str, version: str | None) -> None:
    assert eval_entry_version(name) == version


def test_eval_entries_of_other_extractor_versions_are_prunable(tmp_path: Path) -> None:
    current = _file(tmp_path / f"{SHA}-2.0-0123456789ab.json", 10, used_days_ago=400)
    old = _file(tmp_path / f"{SHA}-1.9-0123456789ab.json", 20, used_days_ago=1)
    foreign = _file(tmp_path / "README.json", 5, used_days_ago=400)
    entries = eval_entries(tmp_path, "2.0")
    assert {e.path: e.prunable for e in entries} == {current: False, old: True, foreign: False}
    assert remove_entries(tmp_path, entries) == (1, 20) and current.exists() and not old.exists()


def test_archive_entries_pruned_only_when_asked_and_unused(tmp_path: Path) -> None:
    old, used = tmp_path / "a", tmp_path / "b"
    _file(old / "files" / "x.pdf", 30, used_days_ago=60)
    _file(old / ".bukti-archive.json", 5, used_days_ago=60)
    _file(used / "y.pdf", 7, used_days_ago=60)
    _file(used / ".bukti-archive.json", 5, used_days_ago=1)  # its manifest was read yesterday
    (old / "empty-folder").mkdir()  # folder times do not count: listing them moves their atime
    assert not any(e.prunable for e in archive_entries(tmp_path, None, now=NOW))
    entries = archive_entries(tmp_path, 30, now=NOW)
    assert {e.path: (e.size, e.prunable) for e in entries} == {old: (35, True), used: (12, False)}
    assert remove_entries(tmp_path, entries) == (1, 35) and not old.exists() and used.is_dir()


def test_archive_entries_refuse_less_than_a_day(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one day"):
        archive_entries(tmp_path, 0.5)


def test_archive_staging_folder_of_an_unpack_in_progress_is_never_listed(tmp_path: Path) -> None:
    _file(tmp_path / ".unpacking-abc" / "files" / "x.pdf", 30, used_days_ago=60)
    assert archive_entries(tmp_path, 30, now=NOW) == []


def test_reusing_an_unpacked_archive_marks_it_used(tmp_path: Path) -> None:
    """On noatime mounts reading the manifest does not move its atime: reuse touches it instead."""
    import zipfile

    from extractors.discovery.archive_folder import unpack_cached

    archive = tmp_path / "bukti.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("sk.pdf", b"%PDF-1.4 ...")
    workdir = tmp_path / "archives"
    dest, _ = unpack_cached(archive, workdir)
    for item in dest.iterdir():  # unpacked 60 days ago, not used since
        os.utime(item, (NOW - 60 * 86400, NOW - 60 * 86400))
    assert archive_entries(workdir, 30, now=time.time())[0].prunable
    unpack_cached(archive, workdir)
    assert not archive_entries(workdir, 30, now=time.time())[0].prunable
