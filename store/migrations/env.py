"""Alembic environment for bukti's schema.

Used two ways: programmatically by ``store.db.upgrade_database`` (which hands over its engine
in ``config.attributes["engine"]``), and by operators with ``alembic -c store/alembic.ini``,
where the URL comes from ``-x url=...`` or else ``BUKTI_DATABASE_URL`` / the bukti settings.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection, Engine

from core.errors import StorageError
from store.db import get_engine
from store.models import Base

config = context.config
target_metadata = Base.metadata


def _database_url() -> str | None:
    return (
        context.get_x_argument(as_dictionary=True).get("url")
        or config.get_main_option("sqlalchemy.url")
        or None
    )


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
        # get_engine() makes SQLite DDL transactional too, so a failed upgrade leaves no half
        transactional_ddl=True if connection.dialect.name == "sqlite" else None,
    )


def _sqlite_foreign_keys(connection: Connection, enabled: bool) -> None:
    # PRAGMA foreign_keys is ignored inside a transaction, so it goes straight to the driver
    # connection before Alembic begins one; batch migrations recreate tables and would
    # otherwise trip (or cascade) foreign keys.
    if connection.dialect.name == "sqlite":
        driver = connection.connection.driver_connection
        assert driver is not None
        driver.execute(f"PRAGMA foreign_keys={'ON' if enabled else 'OFF'}")


def _check_sqlite_foreign_keys(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    driver = connection.connection.driver_connection
    assert driver is not None
    broken = driver.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise StorageError(f"migration left broken foreign keys (table, rowid, parent, fk): {broken[:5]}")


def run_migrations_online(engine: Engine) -> None:
    """Migrate through ``engine`` in one transaction (SQLite foreign keys off meanwhile)."""
    with engine.connect() as connection:
        _sqlite_foreign_keys(connection, enabled=False)
        try:
            _configure(connection)
            with context.begin_transaction():
                context.run_migrations()
            _check_sqlite_foreign_keys(connection)
        finally:
            _sqlite_foreign_keys(connection, enabled=True)


def run_migrations_offline() -> None:
    """Emit the migration SQL for the configured (or settings') database URL without connecting."""
    url = _database_url()
    if url is None:
        from core.settings import get_settings

        url = get_settings().resolved_database_url
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    """Alembic's entry point: offline SQL, or online on the given engine or a new one."""
    if config.config_file_name is not None:  # run from the alembic CLI: use the ini's logging
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    if context.is_offline_mode():
        run_migrations_offline()
        return
    given = config.attributes.get("engine")
    if given is not None:
        run_migrations_online(given)
        return
    engine = get_engine(_database_url())
    try:
        run_migrations_online(engine)
    finally:
        engine.dispose()


main()
