"""Prunable cache entries (retired files, old extractor versions, packs and keys) on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import Engine, update

from core.extraction_info import ExtractionInfo
from store import save_document, session_scope
from store.cache import (
    ExtractionCacheEntry,
    find_extraction,
    has_match,
    put_extraction,
    put_match,
)
from store.cache_prune import CurrentState, PruneReason, delete_surveyed, survey_cache
from store.coltypes import utc_now
from store.locks import held_leases, try_acquire
from store.models import Document

VERSION, OLD_VERSION = "2.0", "1.0"
PACK, OLD_PACK = "pack-now", "pack-old"


def match_key(content: str, name: str, pack: str) -> str:
    """Stands in for pipeline.keys.match_key (which also hashes the current rules code)."""
    return hashlib.sha256(f"{content}|{name}|{pack}".encode()).hexdigest()


def state(grace: timedelta = timedelta(0)) -> CurrentState:
    return CurrentState(extractor_version=VERSION, pack_hashes=frozenset({PACK}), match_key=match_key,
                        grace=grace)


def _extraction(session, key: str, sha: str, version: str, content: str, size: int) -> None:  # noqa: ANN001
    info = ExtractionInfo(key=key, sha256=sha, status="success", page_count=1, extraction_hash="e" * 64,
                          content_hash=content, summary={})
    assert put_extraction(session, info, extractor_version=version, options_hash="o", payload=b"x" * size)


@pytest.fixture()
def cache(engine: Engine, new_run: Callable, make_document: Callable) -> dict[str, str]:
    """A live and a retired document, and cache entries current, stale and retired; name -> key."""
    live, gone = make_document("live"), make_document("gone")
    name = live.source.name
    keys = {
        "x_live": "x-live", "x_old_version": "x-live-old", "x_gone": "x-gone",
        "m_live": match_key("c-live", name, PACK),
        "m_old_pack": match_key("c-live", name, OLD_PACK),
        "m_old_name": match_key("c-live", "old-name.pdf", PACK),
        "m_old_code": hashlib.sha256(b"written by other rules code").hexdigest(),
        "m_gone": match_key("c-gone", gone.source.name, PACK),
    }
    with session_scope(engine) as session:
        run = new_run(session)
        save_document(session, run, live)
        save_document(session, run, gone)
        retire = update(Document).where(Document.sha256 == gone.source.sha256).values(retired_at=utc_now())
        session.execute(retire)
        _extraction(session, keys["x_live"], live.source.sha256, VERSION, "c-live", 100)
        _extraction(session, keys["x_old_version"], live.source.sha256, OLD_VERSION, "c-old", 200)
        _extraction(session, keys["x_gone"], gone.source.sha256, VERSION, "c-gone", 300)
        for label in ("m_live", "m_old_pack", "m_old_name", "m_old_code", "m_gone"):
            sha = (gone if label == "m_gone" else live).source.sha256
            pack = OLD_PACK if label == "m_old_pack" else PACK
            assert put_match(session, keys[label], sha256=sha, pack_hash=pack, payload=b"m" * 10)
    return keys


def test_survey_cache_finds_retired_and_stale_entries(engine: Engine, cache: dict[str, str]) -> None:
    with session_scope(engine) as session:
        survey = survey_cache(session, state())
    assert (survey.extraction.entries, survey.extraction.bytes) == (3, 600)
    assert survey.extraction.reasons == {PruneReason.retired: 1, PruneReason.old_version: 1}
    assert sorted(survey.extraction.keys) == sorted([cache["x_old_version"], cache["x_gone"]])
    assert survey.extraction.prunable_bytes == 500
    assert survey.match.entries == 5 and survey.match.prunable == 4
    assert survey.match.reasons == {PruneReason.retired: 1, PruneReason.old_pack: 1, PruneReason.old_key: 2}
    assert cache["m_live"] not in survey.match.keys


def test_survey_cache_alone_deletes_nothing(engine: Engine, cache: dict[str, str]) -> None:
    with session_scope(engine) as session:
        first = survey_cache(session, state())
    with session_scope(engine) as session:
        again = survey_cache(session, state())
        assert all(find_extraction(session, cache[k]) for k in ("x_live", "x_old_version", "x_gone"))
    assert (again.extraction.prunable, again.match.prunable) == (first.extraction.prunable, 4)


def test_delete_surveyed_removes_prunable_keeps_live_current(engine: Engine, cache: dict[str, str]) -> None:
    with session_scope(engine) as session:
        assert delete_surveyed(session, survey_cache(session, state())) == (2, 4)
    with session_scope(engine) as session:
        assert find_extraction(session, cache["x_live"]) is not None
        assert find_extraction(session, cache["x_old_version"]) is None
        assert find_extraction(session, cache["x_gone"]) is None
        assert has_match(session, cache["m_live"])
        stale = ("m_old_pack", "m_old_name", "m_old_code", "m_gone")
        assert not any(has_match(session, cache[k]) for k in stale)
        assert survey_cache(session, state()).extraction.prunable == 0


def test_survey_cache_keeps_entries_younger_than_grace(engine: Engine, cache: dict[str, str]) -> None:
    with session_scope(engine) as session:
        survey = survey_cache(session, state(timedelta(hours=1)))
    assert (survey.extraction.prunable, survey.extraction.recent) == (0, 2)
    assert (survey.match.prunable, survey.match.recent) == (0, 4)
    with session_scope(engine) as session:  # the retired file's extraction is two hours old now
        session.execute(update(ExtractionCacheEntry).where(ExtractionCacheEntry.key == cache["x_gone"])
                        .values(created_at=utc_now() - timedelta(hours=2)))
    with session_scope(engine) as session:
        survey = survey_cache(session, state(timedelta(hours=1)))
        assert survey.extraction.keys == [cache["x_gone"]]
        assert delete_surveyed(session, survey) == (1, 0)


def test_held_leases_lists_only_unexpired_leases(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert try_acquire(session, "submission:a", "run-1", timedelta(minutes=5))
        assert try_acquire(session, "submission:b", "run-2", timedelta(seconds=-1))  # already expired
    with session_scope(engine) as session:
        assert [(lease.name, lease.holder) for lease in held_leases(session)] == [("submission:a", "run-1")]
