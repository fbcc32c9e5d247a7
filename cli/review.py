"""``bukti review list|show|confirm|override``: the assessor review from the terminal.

Documents of another government: ``bukti review documents|accept-document|revoke-document``
(``cli.review_documents``).

Decisions are recorded under an account whose password the command checks first (``--user``,
then a prompt, ``--password-stdin`` or ``BUKTI_PASSWORD``: ``cli.credentials``), with the same
rules as the web app: viewers cannot decide, non-admins only decide in their regions, an override
needs a reason.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from cli import review_documents
from cli.common import cli_errors, console
from cli.credentials import PasswordStdinOption, UserOption, authenticated, decider_password
from core.timefmt import format_wib
from review.indicator import indicator_view
from review.report_text import confirmed_text
from review.service import decide, submission_summaries, submission_view
from review.templating import format_number
from review.views import IndicatorView, SubmissionView
from store.db import get_engine, session_scope
from store.models import DecisionAction

app = typer.Typer(no_args_is_help=True)

DbOption = Annotated[str | None, typer.Option("--db", help="URL database (bawaan: BUKTI_DATABASE_URL).")]
VerboseOption = Annotated[bool, typer.Option("-v", "--verbose", help="Tampilkan traceback.")]
SubmissionOption = Annotated[
    int, typer.Option("--submission", "-s", help="Id pengajuan (lihat `bukti review list`).")
]
IndicatorOption = Annotated[str, typer.Option("--indicator", "-i", help="Nomor indikator, mis. 1.")]


@app.command("list", help="Daftar pengajuan dengan indeks sementara dan terkonfirmasi.")
def list_(db: DbOption = None, verbose: VerboseOption = False) -> None:
    """Print the submissions with their provisional and confirmed index."""
    table = Table(title="Pengajuan")
    for column in (
        "Id",
        "Wilayah",
        "Tahun",
        "Kerangka",
        "Ditinjau",
        "Usang",
        "Indeks sementara",
        "Indeks terkonfirmasi",
        "Predikat",
    ):
        table.add_column(column)
    with cli_errors(verbose):
        engine = get_engine(db)
        with session_scope(engine) as session:
            for s in submission_summaries(session, None):
                table.add_row(
                    str(s.id),
                    s.region,
                    str(s.year),
                    s.framework,
                    f"{s.reviewed}/{s.total}",
                    str(s.stale),
                    format_number(s.provisional.total),
                    confirmed_text(s),
                    s.confirmed.predicate if s.decided else f"{s.provisional.predicate} (usulan)",
                )
        engine.dispose()
    console.print(table)


@app.command("show", help="Indikator suatu pengajuan, atau rincian satu indikator dengan --indicator.")
def show(
    submission: SubmissionOption,
    indicator: Annotated[
        str | None, typer.Option("--indicator", "-i", help="Tampilkan rincian satu indikator.")
    ] = None,
    db: DbOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Print a submission's indicators, or one indicator in detail."""
    with cli_errors(verbose):
        engine = get_engine(db)
        with session_scope(engine) as session:
            if indicator is None:
                _print_submission(submission_view(session, submission, None))
            else:
                _print_indicator(indicator_view(session, submission, indicator, None))
        engine.dispose()


@app.command("confirm", help="Konfirmasi tingkat usulan suatu indikator.")
def confirm(
    submission: SubmissionOption,
    indicator: IndicatorOption,
    user: UserOption,
    password_stdin: PasswordStdinOption = False,
    db: DbOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Record an assessor's confirmation of an indicator's proposed level."""
    _decide(submission, indicator, user, password_stdin, DecisionAction.confirm, None, "", db, verbose)


@app.command("override", help="Ubah tingkat suatu indikator dengan alasan (wajib).")
def override(
    submission: SubmissionOption,
    indicator: IndicatorOption,
    user: UserOption,
    level: Annotated[int, typer.Option(min=0, max=5, help="Tingkat yang diputuskan (0-5).")],
    reason: Annotated[str, typer.Option(help="Alasan usulan diubah (wajib).")],
    password_stdin: PasswordStdinOption = False,
    db: DbOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Record an assessor's level for an indicator, with the required reason."""
    _decide(submission, indicator, user, password_stdin, DecisionAction.override, level, reason, db, verbose)


def _decide(
    submission: int,
    indicator: str,
    user_name: str,
    password_stdin: bool,
    action: DecisionAction,
    level: int | None,
    reason: str,
    db: str | None,
    verbose: bool,
) -> None:
    with cli_errors(verbose):
        password = decider_password(password_stdin)
        engine = get_engine(db)
        with session_scope(engine) as session:
            user = authenticated(session, user_name, password)
            decision = decide(session, submission, indicator, user, action=action, level=level, reason=reason)
            summary = submission_view(session, submission, user).summary
            decider = user.name  # the authenticated account, as recorded
        engine.dispose()
    verb = "dikonfirmasi" if action is DecisionAction.confirm else "diubah"
    console.print(
        f"indikator {indicator} {verb} ke tingkat {decision.level} oleh {decider} (keputusan {decision.id})"
    )
    console.print(
        f"Indeks sementara {format_number(summary.provisional.total)}; "
        f"indeks terkonfirmasi {confirmed_text(summary, predicate=True)}"
    )


def _print_submission(view: SubmissionView) -> None:
    s = view.summary
    table = Table(title=f"{s.region} {s.year} — {s.framework} v{s.pack_version} (pengajuan {s.id})")
    for column in ("No", "Indikator", "Usulan", "Keyakinan", "Status", "Diputuskan", "Catatan"):
        table.add_column(column, overflow="fold")
    for row in view.prioritised():
        notes = [c.detail for c in row.changes]
        notes += ["perlu penilaian manual"] if row.needs_manual else []
        notes += ["keyakinan rendah"] if row.low_confidence else []
        notes += ["dokumen wilayah lain tidak dihitung"] if row.withheld else []
        table.add_row(
            row.indicator_id,
            row.name,
            row.proposed_label,
            format_number(row.confidence),
            row.status_label,
            _level(row.decided_level),
            "; ".join(notes),
        )
    console.print(table)
    console.print(
        f"Ditinjau {s.reviewed}/{s.total} ({s.stale} perlu ditinjau ulang). "
        f"Indeks sementara {format_number(s.provisional.total)} ({s.provisional.predicate}); "
        f"terkonfirmasi {confirmed_text(s, predicate=True)}"
    )


def _print_indicator(view: IndicatorView) -> None:
    row = view.row
    console.print(f"[bold]Indikator {row.indicator_id}. {row.name}[/bold] — {row.status_label}")
    if row.proposed_level is None and row.needs_manual:
        proposed = "Usulan manual: tidak ada usulan tingkat, asesor menentukan tingkatnya"
    else:
        proposed = f"Usulan {row.proposed_label} (keyakinan {format_number(row.confidence)})"
    console.print(f"{proposed}; diputuskan {_level(row.decided_level)}")
    for change in row.changes:
        console.print(f"[red]berubah sejak keputusan:[/red] {change.detail}")
    for lv in view.levels:
        for c in lv.criteria:
            console.print(f"  [{'x' if c.met else ' '}] tingkat {c.level}: {c.description}", markup=False)
    for gap in view.gaps:
        console.print(f"Kurang: {gap}", markup=False)
    for w in view.withheld:
        console.print(f"Tidak dihitung: {w.file_name} — {w.reason}; tingkat bila dihitung {w.level_with} "
                      f"({w.state})", markup=False)
    for citation in view.citations:
        note = f" [{citation.foreign}]" if citation.foreign else ""
        console.print(f"- {citation.label}{note}: {citation.quote}", markup=False)
        weak = f" (kutipan lemah: {citation.weak})" if citation.weak else ""
        if citation.reason or weak:
            console.print(f"  {citation.reason}{weak}", markup=False)
    for d in view.decisions:
        when = format_wib(d.created_at, "%Y-%m-%d %H:%M")
        console.print(f"{when} {d.user}: {d.action_label} → {d.level} {d.reason}", markup=False)


def _level(value: int | None) -> str:
    return "-" if value is None else str(value)


# Documents of another government (cli/review_documents.py), after the indicator commands.
app.command("documents", help="Dokumen yang tidak dihitung dan dokumen dari wilayah lain.")(
    review_documents.documents
)
app.command("accept-document", help="Terima dokumen dari wilayah lain sebagai bukti (alasan wajib).")(
    review_documents.accept_document
)
app.command("revoke-document", help="Batalkan penerimaan dokumen dari wilayah lain (alasan wajib).")(
    review_documents.revoke_document
)
