"""Portable column types shared by the ORM models and the migrations.

Migrations import these on purpose: the types are stable building blocks (like ``sa.String``),
while the models in :mod:`store.models` are free to evolve.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

# JSONB on PostgreSQL (indexable, compact), generic JSON (TEXT) elsewhere.
JsonType: TypeEngine[Any] = JSON().with_variant(postgresql.JSONB(), "postgresql")


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp that always comes back as UTC.

    SQLite has no timezone type and returns naive values (``CURRENT_TIMESTAMP`` is UTC), so
    naive values read back are taken as UTC; values written are converted to UTC first so the
    stored text is comparable across rows.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utc_now() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)
