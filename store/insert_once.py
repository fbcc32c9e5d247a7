"""Insert a cache row unless its key is stored already, in one statement where the database can.

The flow process stores an extraction and a match result per file while the workers run the
next jobs, on the same two cores. Through the ORM that was a look-up by key, a savepoint, the
unit of work's INSERT and a release per row (~1.6 ms CPU each: ~0.05 CPU-s of a 30-file cold
run); ``INSERT ... ON CONFLICT (key) DO NOTHING`` (SQLite >= 3.24, PostgreSQL) is one statement
and the same outcome: the row is added when the key is new, and nothing changes otherwise
(a concurrent worker's row stays, as before). Other databases keep the ORM's way.
"""

from __future__ import annotations

import sqlite3
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store.models import Base

# SQLite learnt ON CONFLICT in 3.24 (2018); Python's own module may be linked against an older one
# (the databases ``insert_once`` writes ON CONFLICT for; the ORM's way on any other)
_UPSERT_DIALECTS = frozenset({"postgresql", "sqlite"} if sqlite3.sqlite_version_info >= (3, 24)
                             else {"postgresql"})


def insert_once(session: Session, model: type[Base], values: dict[str, Any]) -> bool:
    """Insert ``values`` as a ``model`` row (primary key ``key``); False when that key is stored.

    Whether the row went in: SQLite's row count (of the table's statement: an ORM-enabled INSERT
    reports none); PostgreSQL's key RETURNING (psycopg reports no row count here)."""
    table = cast(Table, model.__table__)
    dialect = session.get_bind().dialect.name
    if dialect not in _UPSERT_DIALECTS:
        return _orm_insert_once(session, model, values)
    if dialect == "postgresql":
        upsert = postgresql.insert(table).values(**values).on_conflict_do_nothing(index_elements=["key"])
        return session.execute(upsert.returning(table.c.key)).scalar() is not None
    statement = sqlite.insert(table).values(**values).on_conflict_do_nothing(index_elements=["key"])
    return session.connection().execute(statement).rowcount == 1


def _orm_insert_once(session: Session, model: type[Base], values: dict[str, Any]) -> bool:
    if session.get(model, values["key"]) is not None:
        return False
    entry = model(**values)
    try:
        with session.begin_nested():
            session.add(entry)
    except IntegrityError:  # a concurrent worker inserted the same key between our check and insert
        return False
    session.expunge(entry)  # payloads can be large: do not keep them in the identity map
    return True
