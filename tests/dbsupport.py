"""Test database helpers shared by conftest files (importable as ``dbsupport``)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator


@contextlib.contextmanager
def temporary_pg_database(admin_url: str) -> Iterator[str]:
    """A fresh PostgreSQL database on the server of ``admin_url``, dropped afterwards."""
    from sqlalchemy import create_engine, make_url, text

    name = f"bukti_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
