"""``bukti db upgrade|downgrade``: Alembic migrations of the bukti database."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import cli_errors, console
from store.db import downgrade_database, upgrade_database

app = typer.Typer(no_args_is_help=True)


@app.command("upgrade", help="Migrate the database to the newest schema.")
def upgrade(
    db: Annotated[str | None, typer.Option("--db", help="Database URL.")] = None,
    verbose: Annotated[bool, typer.Option("-v", "--verbose")] = False,
) -> None:
    with cli_errors(verbose):
        upgrade_database(db)
    console.print("database is up to date")


@app.command("downgrade", help="Migrate the database down to REVISION (default: base).")
def downgrade(
    revision: Annotated[str, typer.Argument()] = "base",
    db: Annotated[str | None, typer.Option("--db", help="Database URL.")] = None,
    verbose: Annotated[bool, typer.Option("-v", "--verbose")] = False,
) -> None:
    with cli_errors(verbose):
        downgrade_database(db, revision)
    console.print(f"database downgraded to {revision}")
