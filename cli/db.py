"""``bukti db upgrade|downgrade``: Alembic migrations of the bukti database."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import cli_errors, console
from store.db import downgrade_database, upgrade_database

app = typer.Typer(no_args_is_help=True)


@app.command("upgrade", help="Migrasikan database ke skema terbaru.")
def upgrade(
    db: Annotated[str | None, typer.Option("--db", help="URL database (bawaan: BUKTI_DATABASE_URL).")] = None,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Tampilkan traceback.")] = False,
) -> None:
    """Migrate the database to the newest schema (Alembic ``head``)."""
    with cli_errors(verbose):
        upgrade_database(db)
    console.print("database sudah pada skema terbaru")


@app.command("downgrade", help="Turunkan skema database ke REVISION (bawaan: base).")
def downgrade(
    revision: Annotated[str, typer.Argument()] = "base",
    db: Annotated[str | None, typer.Option("--db", help="URL database (bawaan: BUKTI_DATABASE_URL).")] = None,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Tampilkan traceback.")] = False,
) -> None:
    """Migrate the database down to ``revision`` (default: an empty schema)."""
    with cli_errors(verbose):
        downgrade_database(db, revision)
    console.print(f"skema database diturunkan ke {revision}")
