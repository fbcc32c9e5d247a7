"""WIB display of stored UTC times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from core.timefmt import WIB, format_wib, now_wib, to_wib


def test_utc_and_naive_utc_show_seven_hours_later_across_midnight() -> None:
    aware = datetime(2026, 12, 6, 18, 30, tzinfo=UTC)
    assert format_wib(aware) == "07-12-2026 01:30 WIB"
    assert format_wib(aware.replace(tzinfo=None)) == "07-12-2026 01:30 WIB"  # SQLite hands back naive UTC
    assert format_wib(aware.astimezone(timezone(timedelta(hours=-5)))) == "07-12-2026 01:30 WIB"
    assert format_wib(aware, "%Y-%m-%d %H:%M:%S") == "2026-12-07 01:30:00 WIB"
    assert format_wib(None) == "-" and format_wib(None, empty="") == ""


def test_fixed_offset_agrees_with_the_tz_database() -> None:
    try:
        jakarta = ZoneInfo("Asia/Jakarta")
    except ZoneInfoNotFoundError:
        pytest.skip("no tz database on this machine")
    for moment in (datetime(1970, 1, 1, tzinfo=UTC), datetime(2026, 6, 1, 12, tzinfo=UTC),
                   datetime(2026, 12, 31, 20, tzinfo=UTC)):
        assert to_wib(moment).utcoffset() == moment.astimezone(jakarta).utcoffset()


def test_now_is_in_wib() -> None:
    assert now_wib().tzinfo is WIB and abs(now_wib() - datetime.now(UTC)) < timedelta(seconds=5)


def test_review_screens_time_filter_shows_wib() -> None:
    from review.templating import template_env

    moment = datetime(2024, 4, 30, 20, 5, tzinfo=UTC)
    rendered = template_env().from_string("{{ when|time }}").render(when=moment)
    assert rendered == "01-05-2024 03:05 WIB"
