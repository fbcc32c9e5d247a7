"""Times as operators and assessors read them: Western Indonesia Time (WIB, UTC+7).

The database stores UTC (``store.coltypes.UtcDateTime``); everything a person reads (Prefect
artifacts and run names, CLI output, the review screens) shows WIB. WIB is a fixed offset:
Asia/Jakarta has kept UTC+7 without daylight saving since 1964, so a fixed ``timezone`` gives
the same answer as the tz database for every date bukti stores, and needs no tzdata package
(slim containers often lack ``/usr/share/zoneinfo``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

WIB = timezone(timedelta(hours=7), "WIB")


def to_wib(value: datetime) -> datetime:
    """``value`` in WIB; a naive value is taken as UTC (what SQLite hands back)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(WIB)


def now_wib() -> datetime:
    """The current time in WIB."""
    return datetime.now(WIB)


def format_wib(value: datetime | None, pattern: str = "%d-%m-%Y %H:%M", empty: str = "-") -> str:
    """``value`` as ``06-12-2026 23:27 WIB``; ``empty`` for no value."""
    if value is None:
        return empty
    return f"{to_wib(value).strftime(pattern)} WIB"
