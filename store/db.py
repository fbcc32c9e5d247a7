"""Engines, sessions and migrations; turns database errors into actionable StorageErrors."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from core.errors import MissingDependencyError, StorageError
from core.settings import get_settings

if TYPE_CHECKING:
    from alembic.config import Config

P = ParamSpec("P")
R = TypeVar("R")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
UPGRADE_HINT = "jalankan `bukti db upgrade`"
# The newest migration in migrations/versions (tests/store/test_migrations.py checks it against
# Alembic's own head, so a new migration without this update fails there).
HEAD_REVISION = "0007"
# How long a SQLite writer waits for another writer's lock before giving up.
SQLITE_BUSY_TIMEOUT_MS = 10_000

_NOT_MIGRATED_MARKERS = ("no such table", "undefinedtable")
_CONNECT_MARKERS = ("connection refused", "could not connect", "unable to open database", "connection failed")


def get_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default: the settings' database); SQLite gets FK, WAL, busy timeout."""
    raw = url or get_settings().resolved_database_url
    try:
        parsed = make_url(raw)
    except ArgumentError as e:
        raise StorageError(f"URL database tidak valid {raw!r}: {e}; periksa BUKTI_DATABASE_URL") from e
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except ModuleNotFoundError as e:
        raise MissingDependencyError(
            f"driver database untuk {parsed.drivername} tidak ada ({e.name} belum terpasang): "
            "pasang dengan `pip install 'bukti[postgres]'`"
        ) from e
    except ArgumentError as e:
        raise StorageError(
            f"URL database {display_url(parsed)} tidak dapat dipakai: {e}; periksa BUKTI_DATABASE_URL"
        ) from e


def _sqlite_engine(url: URL) -> Engine:
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        try:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StorageError(
                f"folder untuk {database} tidak dapat dibuat: {e}; periksa hak akses atau BUKTI_HOME"
            ) from e
    engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, issue BEGIN: the module's implicit transactions
    # skip DDL, which would leave a failed migration half applied.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # REPLACE deletes the row it conflicts with; only with recursive triggers does that delete
        # fire the append-only DELETE triggers (a second guard beside the INSERT triggers of 0007).
        cursor.execute("PRAGMA recursive_triggers=ON")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def display_url(url: str | URL) -> str:
    """The URL as safe to show: password hidden."""
    return make_url(url).render_as_string(hide_password=True)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success, rolls back on error; DB errors become StorageError."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except SQLAlchemyError as e:
        session.rollback()
        raise translate_error(e, engine.url) from e
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def translate_error(error: SQLAlchemyError, url: str | URL | None) -> StorageError:
    """A StorageError whose message says what went wrong and what to do about it."""
    where = f"database {display_url(url)}" if url is not None else "database"
    detail = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    lowered = f"{type(getattr(error, 'orig', error)).__name__} {detail}".lower()
    if "append-only" in lowered:
        return StorageError(f"{where} menolak perubahan: {detail}; catat keputusan baru sebagai gantinya")
    if any(marker in lowered for marker in _NOT_MIGRATED_MARKERS):
        return StorageError(f"{where} belum dimigrasikan ({detail}): {UPGRADE_HINT}")
    if isinstance(error, IntegrityError):
        return StorageError(f"{where} menolak data (constraint dilanggar): {detail}")
    if "database is locked" in lowered:
        return StorageError(
            f"{where} sedang dikunci proses lain: ulangi setelah proses itu selesai, "
            "atau gunakan PostgreSQL (BUKTI_DATABASE_URL) untuk penilaian yang berjalan bersamaan"
        )
    if isinstance(error, DBAPIError) and any(m in lowered for m in _CONNECT_MARKERS):
        return StorageError(
            f"tidak dapat terhubung ke {where}: {detail}; periksa BUKTI_DATABASE_URL dan pastikan "
            "servernya berjalan"
        )
    return StorageError(f"{where}: {detail}")


def storage_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Decorator: SQLAlchemy errors raised by ``func(session, ...)`` become StorageError."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except SQLAlchemyError as e:
            session = args[0] if args else None
            url = session.get_bind().engine.url if isinstance(session, Session) else None
            raise translate_error(e, url) from e

    return wrapper


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic config pointing at the migrations shipped in this package."""
    from alembic.config import Config  # alembic (~0.15 s) only where migrations are read: not in workers

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade_database(url: str | None = None, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (default: the newest)."""
    from alembic import command

    _run_alembic(url, lambda config: command.upgrade(config, revision))


def migrate_unless_current(url: str | None = None) -> None:
    """``upgrade_database`` unless the database is at :data:`HEAD_REVISION` already, a run's usual
    case: one query then, where Alembic's import and its reading of every migration cost ~0.1 s
    of every run's start (a tenth of an unchanged re-run of 1,000 documents). A database that
    cannot be read goes to the migration, which says why."""
    engine = get_engine(url)
    try:
        current = current_revision(engine)
    except StorageError:
        current = None
    finally:
        engine.dispose()
    if current != HEAD_REVISION:
        upgrade_database(url)


def downgrade_database(url: str | None, revision: str = "base") -> None:
    """Migrate the database down to ``revision`` (default: drop everything bukti created)."""
    from alembic import command

    _run_alembic(url, lambda config: command.downgrade(config, revision))


def _run_alembic(url: str | None, action: Any) -> None:
    engine = get_engine(url)
    try:
        action(alembic_config(engine))
    except SQLAlchemyError as e:
        raise translate_error(e, engine.url) from e
    finally:
        engine.dispose()


def head_revision() -> str:
    """The newest migration revision shipped with this package."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise StorageError(f"tidak ada migrasi di {MIGRATIONS_DIR}: pasang ulang bukti")
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None when it was never migrated): Alembic's version
    table read directly, without importing Alembic (the history is linear: one row)."""
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError as e:
        raise translate_error(e, engine.url) from e


def ensure_migrated(engine: Engine) -> None:
    """Raise StorageError unless the database is at the newest revision."""
    current, head = current_revision(engine), HEAD_REVISION
    if current != head:
        state = "belum dimigrasikan" if current is None else f"pada revisi {current}, kode memerlukan {head}"
        raise StorageError(f"database {display_url(engine.url)} {state}: {UPGRADE_HINT}")
