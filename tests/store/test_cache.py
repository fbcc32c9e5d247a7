"""Caches, run stats and leases of migration 0003, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import Engine, inspect

from core.extraction_info import ExtractionInfo
from store import (
    current_revision,
    downgrade_database,
    finish_run,
    get_engine,
    head_revision,
    session_scope,
    upgrade_database,
)
from store.cache import (
    RunStats,
    find_extraction,
    find_extractions,
    has_match,
    last_fingerprint,
    latest_other_match,
    latest_other_matches,
    load_extraction_payload,
    load_match_payload,
    matched_keys,
    put_extraction,
    put_match,
    put_matches,
    save_run_stats,
)
from store.locks import current_lease, release, renew, try_acquire

TABLES_0003 = {"extraction_cache", "match_cache", "run_stats", "leases"}


def _info(key: str = "k1", sha: str = "a" * 64) -> ExtractionInfo:
    return ExtractionInfo(key=key, sha256=sha, status="success", page_count=3, extraction_hash="e" * 64,
                          content_hash="c" * 64, summary={"outcome": {"name": "x.pdf"}})


def _tables(url: str) -> set[str]:
    engine = get_engine(url)
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def test_migration_0003_upgrades_and_downgrades(db_url: str) -> None:
    upgrade_database(db_url)
    assert TABLES_0003 <= _tables(db_url)
    downgrade_database(db_url, "0002")
    assert _tables(db_url) & TABLES_0003 == set()
    assert "users" in _tables(db_url)  # 0002 untouched
    upgrade_database(db_url)
    engine = get_engine(db_url)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_extraction_cache_stores_payload_and_facts_once(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert find_extraction(session, "k1") is None
        assert put_extraction(session, _info(), extractor_version="1", options_hash="o", payload=b"\x00" * 10)
        assert not put_extraction(session, _info(), extractor_version="1", options_hash="o", payload=b"x")
    with session_scope(engine) as session:
        assert find_extraction(session, "k1") == _info()
        assert load_extraction_payload(session, "k1") == b"\x00" * 10
        assert load_extraction_payload(session, "nope") is None


def test_match_cache_insert_once_and_load(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert not has_match(session, "m1")
        assert put_match(session, "m1", sha256="a" * 64, pack_hash="p", payload=b"first")
        assert not put_match(session, "m1", sha256="a" * 64, pack_hash="p", payload=b"second")
    with session_scope(engine) as session:
        assert has_match(session, "m1")
        assert load_match_payload(session, "m1") == b"first"


def test_match_cache_batch_insert_keeps_what_is_stored_and_inserts_each_key_once(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert put_match(session, "m1", sha256="a" * 64, pack_hash="p", payload=b"first")
    with session_scope(engine) as session:
        # m1 stored already; m2 twice (two files holding one text under one name): the first wins
        added = put_matches(session, [("m1", "a" * 64, b"again"), ("m2", "b" * 64, b"two"),
                                      ("m2", "c" * 64, b"other")], pack_hash="p")
        assert added == 1
    with session_scope(engine) as session:
        assert load_match_payload(session, "m1") == b"first" and load_match_payload(session, "m2") == b"two"


def test_latest_other_matches_find_what_single_lookups_find(engine: Engine) -> None:
    shas = [f"{n:064d}" for n in range(7)]
    with session_scope(engine) as session:
        for n, sha in enumerate(shas[:5]):
            for pack in ("old", "now")[: 1 + n % 2]:  # one other version each (ties in created_at)
                key = hashlib.sha256(f"{pack}-{sha}".encode()).hexdigest()  # keys fit String(64)
                put_match(session, key, sha256=sha, pack_hash=pack, payload=f"{pack}{n}".encode())
    with session_scope(engine) as session:
        many = latest_other_matches(session, shas, "now")
        single = {sha: found for sha in shas if (found := latest_other_match(session, sha, "now"))}
        assert many == single and set(many) == set(shas[:5])


def test_cache_lookups_for_many_keys_find_what_single_lookups_find(engine: Engine) -> None:
    keys = [f"k{n}" for n in range(1203)]  # more than one IN (...) chunk
    with session_scope(engine) as session:
        for key in keys[::2]:
            put_extraction(session, _info(key), extractor_version="1", options_hash="o", payload=b"x")
            put_match(session, f"m-{key}", sha256="a" * 64, pack_hash="p", payload=b"y")
    with session_scope(engine) as session:
        infos = find_extractions(session, keys)
        matched = matched_keys(session, [f"m-{key}" for key in keys])
        assert infos == {k: find_extraction(session, k) for k in keys if find_extraction(session, k)}
        assert len(infos) == 602 and matched == {f"m-{key}" for key in keys[::2]}


def test_last_fingerprint_ignores_failed_and_running_runs(engine: Engine, new_run: Callable) -> None:
    with session_scope(engine) as session:
        first = new_run(session)
        save_run_stats(session, RunStats(run_id=first.id, evidence_fingerprint="f1"))
        finish_run(session, first, "completed", "ok")
        failed = new_run(session)
        save_run_stats(session, RunStats(run_id=failed.id, evidence_fingerprint="f2"))
        finish_run(session, failed, "failed", "boom", retire_missing=False)
        running = new_run(session)
        save_run_stats(session, RunStats(run_id=running.id, evidence_fingerprint="f3"))
        assert last_fingerprint(session, first.submission_id) == "f1"


def test_lease_is_exclusive_until_released_or_expired(engine: Engine) -> None:
    ttl = timedelta(minutes=5)
    with session_scope(engine) as session:
        assert try_acquire(session, "sub:1", "A", ttl)
    with session_scope(engine) as session:
        assert not try_acquire(session, "sub:1", "B", ttl)
        assert try_acquire(session, "sub:1", "A", ttl)  # re-entrant for the holder
        assert not renew(session, "sub:1", "B", ttl) and renew(session, "sub:1", "A", ttl)
        assert not release(session, "sub:1", "B") and release(session, "sub:1", "A")
    with session_scope(engine) as session:
        assert try_acquire(session, "sub:1", "B", timedelta(seconds=-1))  # taken, already expired
    with session_scope(engine) as session:
        assert try_acquire(session, "sub:1", "C", ttl)  # an expired lease is taken over
        assert current_lease(session, "sub:1").holder == "C"
        assert not renew(session, "sub:1", "B", ttl)  # the old holder learns it lost the lease


def test_match_payloads_load_by_key_across_chunks_and_leave_missing_keys_out(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from store import cache

    monkeypatch.setattr(cache, "_IN_CHUNK", 2)  # 5 keys: three queries
    with session_scope(engine) as session:
        rows = [(f"k{i}", f"{i}" * 64, f"payload {i}".encode()) for i in range(5)]
        put_matches(session, rows, pack_hash="p")
    with session_scope(engine) as session:
        found = cache.load_match_payloads(session, ["k4", "k0", "gone", "k2", "k4", "k1", "k3"])
    assert found == {f"k{i}": f"payload {i}".encode() for i in range(5)}
