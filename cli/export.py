"""``bukti export``: a submission's review as XLSX, CSV, printable HTML or PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import cli_errors, console
from core.errors import BuktiError
from review.exports import ExportFormat, export_submission
from store.db import get_engine, session_scope


def export(
    submission: Annotated[int, typer.Option(help="Id pengajuan (lihat `bukti review list`).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Berkas tujuan.")],
    format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="xlsx, csv, html atau pdf.")
    ] = ExportFormat.xlsx,  # noqa: A002
    db: Annotated[str | None, typer.Option("--db", help="URL database (bawaan: BUKTI_DATABASE_URL).")] = None,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Tampilkan traceback.")] = False,
) -> None:
    """Write a submission's review as XLSX, CSV, HTML or PDF."""
    with cli_errors(verbose):
        engine = get_engine(db)
        with session_scope(engine) as session:
            exported = export_submission(session, submission, format, user=None)
        engine.dispose()
        _write(output, exported.content)
    console.print(f"{output} ditulis ({len(exported.content):,} bita, {format.value})")


def _write(path: Path, content: bytes) -> None:
    try:
        path.write_bytes(content)
    except OSError as e:
        raise BuktiError(f"tidak dapat menulis {path}: {e.strerror}; pilih lokasi -o yang lain") from e
