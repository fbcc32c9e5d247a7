"""``bukti doctor``: check dependencies, Tesseract, the database, Prefect and every rule pack."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import console
from pipeline.doctor import run_checks


def doctor(
    db: Annotated[str | None, typer.Option("--db", help="URL database yang diperiksa.")] = None,
) -> None:
    """Print every installation check; exit non-zero when one failed."""
    checks = run_checks(db)
    for check in checks:
        mark = (
            "[green]ok[/green]"
            if check.ok
            else ("[red]GAGAL[/red]" if check.required else "[yellow]perhatian[/yellow]")
        )
        console.print(f"{mark:>22}  {check.name}: {check.detail}")
    if any(not c.ok and c.required for c in checks):
        raise typer.Exit(1)
