"""``bukti serve``: the assessor review web app under uvicorn (127.0.0.1 by default)."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from cli.common import cli_errors, err_console


def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; keep 127.0.0.1 unless behind HTTPS.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    db: Annotated[str | None, typer.Option("--db", help="Database URL (default BUKTI_DATABASE_URL).")] = None,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Show tracebacks.")] = False,
) -> None:
    import uvicorn

    from review.app import create_app

    with cli_errors(verbose):
        app = create_app(db)
    if not _is_loopback(host):
        err_console.print(
            f"[yellow]warning:[/yellow] serving on {host}, reachable from other machines: put it "
            "behind HTTPS and set BUKTI_COOKIE_SECURE=1 and BUKTI_SECRET_KEY"
        )
    uvicorn.run(app, host=host, port=port, log_level="info" if verbose else "warning")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
