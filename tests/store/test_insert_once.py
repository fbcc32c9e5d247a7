"""Cache rows inserted once (``store.insert_once``): ``ON CONFLICT DO NOTHING`` on SQLite and
PostgreSQL, the ORM's look-up and savepoint elsewhere; a stored key is never overwritten."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from store import insert_once as module
from store.cache import MatchCacheEntry, load_match_payload, put_match
from store.db import session_scope
from store.insert_once import insert_once


@pytest.fixture(params=["upsert", "orm"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, engine: Engine) -> str:
    if request.param == "orm":  # as on a database without ON CONFLICT (or SQLite older than 3.24)
        monkeypatch.setattr(module, "_UPSERT_DIALECTS", frozenset())
    return request.param


def test_a_key_is_inserted_once_and_keeps_its_first_row(engine: Engine, way: str) -> None:
    row = {"key": "k1", "sha256": "a" * 64, "pack_hash": "p", "payload": b"first"}
    with session_scope(engine) as session:
        assert insert_once(session, MatchCacheEntry, row) is True
        assert insert_once(session, MatchCacheEntry, {**row, "payload": b"second"}) is False
    with session_scope(engine) as session:
        assert put_match(session, "k1", sha256="b" * 64, pack_hash="q", payload=b"third") is False
        assert put_match(session, "k2", sha256="b" * 64, pack_hash="q", payload=b"fourth") is True
    with session_scope(engine) as session:
        assert load_match_payload(session, "k1") == b"first"
        assert load_match_payload(session, "k2") == b"fourth"
        entry = MatchCacheEntry
        stored = session.execute(select(entry.key, entry.sha256, entry.pack_hash, entry.created_at)
                                 .order_by(entry.key)).all()
    assert [(k, s, p) for k, s, p, _ in stored] == [("k1", "a" * 64, "p"), ("k2", "b" * 64, "q")]
    assert all(created is not None for *_, created in stored)  # the server default still applies


def test_a_conflict_leaves_the_transaction_usable(engine: Engine, way: str) -> None:
    """PostgreSQL aborts a transaction at a failed INSERT: neither way may fail one."""
    def row(key: str, payload: bytes) -> dict[str, object]:
        return {"key": key, "sha256": "s", "pack_hash": "p", "payload": payload}

    with session_scope(engine) as session:
        insert_once(session, MatchCacheEntry, row("k", b"x"))
    with session_scope(engine) as session:
        assert insert_once(session, MatchCacheEntry, row("k", b"y")) is False
        assert insert_once(session, MatchCacheEntry, row("j", b"z")) is True
    with session_scope(engine) as session:
        assert load_match_payload(session, "j") == b"z"
