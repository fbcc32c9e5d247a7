"""Engines for the pipeline's concurrent writers (document tasks, finalize, leases).

On SQLite a deferred transaction that reads and then writes fails at once with "database is
locked" when another connection wrote in between (WAL snapshots cannot be upgraded; the busy
timeout does not apply). Pipeline transactions read before they write (cache look-ups,
document rows), so their engine starts every transaction with ``BEGIN IMMEDIATE``: writers
queue on the busy timeout instead of failing. PostgreSQL engines are returned unchanged.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event

from store.db import _sqlite_on_begin, get_engine


def writer_engine(url: str | None = None) -> Engine:
    """``store.db.get_engine`` whose SQLite transactions take the write lock when they begin."""
    engine = get_engine(url)
    if engine.dialect.name == "sqlite":
        event.remove(engine, "begin", _sqlite_on_begin)
        event.listen(engine, "begin", _begin_immediate)
    return engine


def _begin_immediate(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")
