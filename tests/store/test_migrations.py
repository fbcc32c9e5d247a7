"""Migrations: upgrade/downgrade on every backend, models match migrations, operator CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from core.errors import StorageError
from store import (
    current_revision,
    downgrade_database,
    ensure_migrated,
    get_engine,
    head_revision,
    list_submissions,
    session_scope,
    upgrade_database,
)
from store.models import Base

REPO = Path(__file__).resolve().parents[2]
TABLES = {"submissions", "runs", "documents", "pages", "proposals", "citations", "decisions",
          "document_acceptances"}


def _tables(url: str) -> set[str]:
    engine = get_engine(url)
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_database_creates_all_tables_then_downgrade_removes_them(db_url: str) -> None:
    upgrade_database(db_url)
    assert TABLES <= _tables(db_url)
    downgrade_database(db_url)
    assert _tables(db_url) & TABLES == set()
    upgrade_database(db_url)  # and back up again: the downgrade left nothing behind
    assert TABLES <= _tables(db_url)


def test_upgrade_database_is_idempotent(db_url: str) -> None:
    upgrade_database(db_url)
    upgrade_database(db_url)
    engine = get_engine(db_url)
    assert current_revision(engine) == head_revision()
    ensure_migrated(engine)
    engine.dispose()


def test_head_revision_constant_is_alembics_head() -> None:
    from store.db import HEAD_REVISION

    assert HEAD_REVISION == head_revision()  # a new migration needs store.db.HEAD_REVISION updated


def test_migrate_unless_current_migrates_new_and_older_databases(db_url: str) -> None:
    from store.db import migrate_unless_current

    engine = get_engine(db_url)
    assert current_revision(engine) is None
    migrate_unless_current(db_url)
    assert TABLES <= _tables(db_url) and current_revision(engine) == head_revision()
    downgrade_database(db_url, "0006")
    assert current_revision(engine) == "0006"
    migrate_unless_current(db_url)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_migrate_unless_current_skips_alembic_for_a_current_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'b.db'}"
    upgrade_database(url)
    code = ("import sys; from store.db import migrate_unless_current; "
            f"migrate_unless_current({url!r}); print('alembic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_models_match_migrations(db_url: str) -> None:
    upgrade_database(db_url)
    engine = get_engine(db_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_unmigrated_database_raises_actionable_error(db_url: str) -> None:
    engine = get_engine(db_url)
    with pytest.raises(StorageError, match="belum dimigrasikan.*bukti db upgrade"):
        ensure_migrated(engine)
    with pytest.raises(StorageError, match="belum dimigrasikan.*bukti db upgrade"):
        with session_scope(engine) as session:
            list_submissions(session)
    engine.dispose()


@pytest.mark.slow
def test_alembic_cli_with_package_ini(db_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "BUKTI_DATABASE_URL": "sqlite:////nonexistent/must-not-be-used.db"}
    cli = [sys.executable, "-m", "alembic", "-c", str(REPO / "store" / "alembic.ini"), "-x", f"url={db_url}"]
    upgraded = subprocess.run(
        [*cli, "upgrade", "head"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert upgraded.returncode == 0, upgraded.stderr
    current = subprocess.run([*cli, "current"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert head_revision() in current.stdout
    assert TABLES <= _tables(db_url)
    down = subprocess.run([*cli, "downgrade", "base"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert down.returncode == 0, down.stderr
    assert _tables(db_url) & TABLES == set()
