"""``bukti serve``: the assessor review web app under uvicorn (127.0.0.1 by default)."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from cli.common import cli_errors, err_console


def serve(
    host: Annotated[
        str, typer.Option(help="Alamat yang didengarkan; tetap 127.0.0.1 kecuali di balik HTTPS.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port TCP.")] = 8000,
    db: Annotated[str | None, typer.Option("--db", help="URL database (bawaan: BUKTI_DATABASE_URL).")] = None,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            help="Alamat reverse proxy yang header X-Forwarded-For-nya dipercaya (dipisah koma; "
            "bawaan: BUKTI_FORWARDED_ALLOW_IPS atau 127.0.0.1)."
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Tampilkan traceback.")] = False,
) -> None:
    """Run the review web app with uvicorn."""
    import uvicorn

    from review.app import create_app
    from review.settings import ReviewSettings

    with cli_errors(verbose):
        app = create_app(db)
        trusted = forwarded_allow_ips or ReviewSettings().forwarded_allow_ips
    if not _is_loopback(host):
        err_console.print(
            f"[yellow]peringatan:[/yellow] melayani di {host}, dapat dijangkau dari komputer lain: pasang "
            "di balik HTTPS dan setel BUKTI_COOKIE_SECURE=1 serta BUKTI_SECRET_KEY"
        )
    # the login throttle counts per client address: behind a proxy, only the proxy may set it
    uvicorn.run(app, host=host, port=port, log_level="info" if verbose else "warning",
                proxy_headers=True, forwarded_allow_ips=trusted)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
