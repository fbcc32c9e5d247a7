"""Engines and sessions: SQLite pragmas, default URL from settings, error translation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from core.errors import StorageError
from store import Submission, get_engine, list_submissions, session_scope
from store.db import SQLITE_BUSY_TIMEOUT_MS, display_url

STORE = Path(__file__).resolve().parents[2] / "store"


def test_get_engine_sqlite_creates_parent_dir_and_sets_pragmas(tmp_path: Path) -> None:
    db_file = tmp_path / "a" / "b" / "bukti.db"
    engine = get_engine(f"sqlite:///{db_file}")
    with engine.connect() as connection:
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("foreign_keys", "journal_mode", "busy_timeout")
        }
    engine.dispose()
    assert db_file.parent.is_dir()
    assert pragma == {"foreign_keys": 1, "journal_mode": "wal", "busy_timeout": SQLITE_BUSY_TIMEOUT_MS}


def test_get_engine_defaults_to_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BUKTI_DATABASE_URL", raising=False)
    monkeypatch.setenv("BUKTI_HOME", str(tmp_path / "home"))
    engine = get_engine()
    assert engine.url.database == str(tmp_path / "home" / "bukti.db")
    monkeypatch.setenv("BUKTI_DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    assert get_engine().url.database == str(tmp_path / "other.db")


def test_get_engine_rejects_invalid_url() -> None:
    with pytest.raises(StorageError, match="URL database tidak valid.*BUKTI_DATABASE_URL"):
        get_engine("not a url")


def test_unreachable_postgresql_says_how_to_fix() -> None:
    engine = get_engine("postgresql+psycopg://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(StorageError, match="tidak dapat terhubung.*BUKTI_DATABASE_URL") as raised:
        with session_scope(engine) as session:
            list_submissions(session)
    assert "secret" not in str(raised.value)


def test_display_url_hides_password() -> None:
    assert "secret" not in display_url("postgresql+psycopg://u:secret@h/db")


def test_session_scope_commits_or_rolls_back(engine: Engine) -> None:
    with pytest.raises(RuntimeError):
        with session_scope(engine) as session:
            session.add(Submission(region="A", year=2024, framework="f"))
            session.flush()
            raise RuntimeError("boom")
    with session_scope(engine) as session:
        session.add(Submission(region="B", year=2024, framework="f"))
    with session_scope(engine) as session:
        assert [s.region for s in session.scalars(select(Submission))] == ["B"]


def test_integrity_errors_become_storage_errors(engine: Engine) -> None:
    with pytest.raises(StorageError, match="constraint dilanggar"):
        with session_scope(engine) as session:
            session.add(Submission(region="A", year=2024, framework="f"))
            session.add(Submission(region="A", year=2024, framework="f"))


def test_timestamps_are_timezone_aware_utc(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(Submission(region="A", year=2024, framework="f"))
    with session_scope(engine) as session:
        created = session.scalars(select(Submission)).one().created_at
        now = session.execute(text("SELECT CURRENT_TIMESTAMP")).scalar_one()
    assert created.utcoffset() == timedelta(0)
    assert abs((created.replace(tzinfo=None) - _naive_utc(now)).total_seconds()) < 60


def _naive_utc(value: object) -> datetime:
    if isinstance(value, str):  # SQLite returns text
        return datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.astimezone(UTC).replace(tzinfo=None)


def test_store_imports_only_lower_layers() -> None:
    forbidden = ("flows", "cli", "review")
    for module in STORE.rglob("*.py"):
        for line in module.read_text(encoding="utf-8").splitlines():
            words = line.split()
            if len(words) >= 2 and words[0] in ("import", "from"):
                assert words[1].split(".")[0] not in forbidden, f"{module.name}: {line.strip()}"
