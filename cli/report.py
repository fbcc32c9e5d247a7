"""``bukti report``: the latest proposals of a submission, read from the database."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from cli.common import cli_errors, console
from pipeline.report import level_label, load_report, report_rows, short_name, withheld_documents
from rules.loader import load_rule_pack


def report(
    submission: Annotated[
        int | None, typer.Option(help="Id pengajuan (bawaan: yang terakhir dinilai).")
    ] = None,
    db: Annotated[str | None, typer.Option("--db", help="URL database (bawaan: BUKTI_DATABASE_URL).")] = None,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Tampilkan traceback.")] = False,
) -> None:
    """Print the latest proposals of a submission stored in the database."""
    with cli_errors(verbose):
        stored = load_report(db, submission)
        pack = load_rule_pack(stored.framework)
    table = Table(
        title=f"{stored.region} {stored.year} — {stored.framework} (pengajuan {stored.submission_id})"
    )
    for col in ("No", "Indikator", "Level", "Keyakinan", "Kutipan terkuat", "Kurang untuk level berikut"):
        table.add_column(col, overflow="fold")
    for row in report_rows(stored.proposals, pack.indicator_names()):
        table.add_row(
            row.indicator_id,
            short_name(row.name),
            level_label(row),
            "-" if row.needs_manual else f"{row.confidence:.2f}",  # nothing proposed, nothing to be sure of
            row.citation,
            row.missing,
        )
    console.print(table)
    for name, (reason, indicators) in withheld_documents(stored.proposals).items():
        console.print(f"Tidak dihitung: {name} — {reason} (indikator {', '.join(indicators)}; terima dengan "
                      "`bukti review accept-document`)", markup=False)
    console.print(f"[bold]Indeks sementara: {stored.index.total:.2f} ({stored.index.predicate})[/bold]")
