"""``prune_caches`` on real runs: what runs need stays, what they cannot read goes, leases are respected."""

from __future__ import annotations

import os
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import delete, select

from core.errors import StorageError
from pipeline.cache_files import DAY_SECONDS
from pipeline.cache_housekeeping import (
    EXTRACTION,
    MATCH,
    OCR,
    CacheBusy,
    CacheOptions,
    Removed,
    all_submission_leases,
    cache_report,
    prune_caches,
)
from pipeline.finalize import finalize_run
from pipeline.incremental import plan_files
from pipeline.lock import lock_name, submission_lock
from pipeline.models import AssessOptions
from pipeline.run import assess_incremental, process_all, run_context
from pipeline.work import RunResult
from store import ExtractionCacheEntry, Run, get_engine, session_scope
from store.locks import held_leases, try_acquire

if TYPE_CHECKING:
    from conftest import Calls

REMOVED = ("01_Perwali-17-2024_SPBE.pdf", "06_Pengumuman-Lomba-Kebersihan.pdf")
LOCK = lock_name("spbe-2020", "Kota Sukamaju", 2024)


def _run(folder: Path, url: str) -> RunResult:
    return assess_incremental(folder, AssessOptions(database_url=url, region="Kota Sukamaju", year=2024))


def _options(url: str, tmp_path: Path, grace_hours: float = 0) -> CacheOptions:
    return CacheOptions(database_url=url, ocr_cache_dir=tmp_path / "ocr", eval_cache_dir=tmp_path / "eval",
                        grace_hours=grace_hours)


@pytest.fixture()
def retired_two(example_folder: Path, database_url: str) -> str:
    """The example assessed, then again without two of its files (which are retired)."""
    _run(example_folder, database_url)
    for name in REMOVED:
        (example_folder / name).unlink()
    _run(example_folder, database_url)
    return database_url


def _removed(removed: list[Removed]) -> dict[str, int]:
    return {r.cache: r.entries for r in removed}


def test_prune_caches_removes_retired_files_and_runs_still_use_the_rest(
        retired_two: str, example_folder: Path, tmp_path: Path, calls: Calls) -> None:
    options = _options(retired_two, tmp_path)
    before = cache_report(options).database
    assert (before.extraction.entries, before.extraction.prunable) == (6, 2)
    assert before.match.reasons == Counter({"retired": 2})  # live documents' matches are current
    removed = _removed(prune_caches(options))
    assert (removed[EXTRACTION], removed[MATCH]) == (2, 2)
    after = cache_report(options).database
    assert (after.extraction.entries, after.extraction.prunable, after.match.prunable) == (4, 0, 0)
    calls.reset()
    result = _run(example_folder, retired_two)  # the live documents' work is still cached
    assert calls.extracted == Counter() and calls.matched == Counter()
    assert result.work.extraction_cached == 4


def test_prune_caches_dry_run_deletes_nothing(retired_two: str, tmp_path: Path) -> None:
    old_page = tmp_path / "ocr" / "ab" / "ab01.json"
    old_page.parent.mkdir(parents=True)
    old_page.write_text("{}")
    os.utime(old_page, (time.time() - 100 * DAY_SECONDS,) * 2)
    options = _options(retired_two, tmp_path)
    removed = _removed(prune_caches(options, dry_run=True))
    assert (removed[EXTRACTION], removed[MATCH], removed[OCR]) == (2, 2, 1)
    assert old_page.exists() and cache_report(options).database.extraction.prunable == 2
    assert _removed(prune_caches(options))[OCR] == 1 and not old_page.exists()


def test_prune_caches_refuses_while_a_run_holds_its_lease(retired_two: str, tmp_path: Path) -> None:
    engine = get_engine(retired_two)
    try:
        with submission_lock(engine, LOCK, wait_seconds=0), pytest.raises(CacheBusy, match="in progress"):
            prune_caches(_options(retired_two, tmp_path))
        with session_scope(engine) as session:
            assert held_leases(session) == []  # prune left no lease of its own behind
    finally:
        engine.dispose()
    assert cache_report(_options(retired_two, tmp_path)).database.extraction.prunable == 2  # nothing deleted


def test_all_submission_leases_keep_runs_out_until_released(retired_two: str) -> None:
    engine = get_engine(retired_two)
    try:
        with all_submission_leases(engine) as holder, session_scope(engine) as session:
            assert holder.startswith("cache-prune:")
            assert not try_acquire(session, LOCK, "a-run", timedelta(minutes=1))
        with session_scope(engine) as session:
            assert try_acquire(session, LOCK, "a-run", timedelta(minutes=1))
    finally:
        engine.dispose()


def test_prune_caches_grace_period_protects_fresh_entries(retired_two: str, tmp_path: Path) -> None:
    options = _options(retired_two, tmp_path, grace_hours=1)
    assert _removed(prune_caches(options))[EXTRACTION] == 0
    assert cache_report(options).database.extraction.recent == 2


def test_run_whose_extraction_entry_vanished_fails_loudly(example_folder: Path, database_url: str) -> None:
    """Were an entry pruned under a run anyway, the run fails and says so, storing nothing wrong."""
    options = AssessOptions(database_url=database_url, region="Kota Sukamaju", year=2024)
    works = process_all(plan_files(example_folder), run_context(options))
    engine = get_engine(database_url)
    try:
        with session_scope(engine) as session:
            session.execute(delete(ExtractionCacheEntry))
        with pytest.raises(StorageError, match="vanished during the run"):
            finalize_run(example_folder, works, options, time.perf_counter())
        with session_scope(engine) as session:
            assert session.scalars(select(Run.status)).all() == ["failed"]
    finally:
        engine.dispose()
