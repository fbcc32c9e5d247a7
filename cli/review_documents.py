"""``bukti review documents|accept-document|revoke-document``: documents of another government.

A document whose issuer or region is another government's is not counted until an assessor
accepts it, with a reason; the same rules as the web app apply (an account that may decide in
the region, authenticated by its password: ``cli.credentials``). The acceptance takes effect at
the next run of the submission.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from cli.common import cli_errors, console
from cli.credentials import PasswordStdinOption, UserOption, authenticated, decider_password
from core.errors import InputError
from review.documents import documents_view
from review.service import decide_document
from store.acceptances import AcceptanceAction, latest_run_root, submission_document_id
from store.db import get_engine, session_scope

DbOption = Annotated[str | None, typer.Option("--db", help="URL database (bawaan: BUKTI_DATABASE_URL).")]
VerboseOption = Annotated[bool, typer.Option("-v", "--verbose", help="Tampilkan traceback.")]
SubmissionOption = Annotated[
    int, typer.Option("--submission", "-s", help="Id pengajuan (lihat `bukti review list`).")
]
DocumentOption = Annotated[
    int | None, typer.Option("--document", "-d", help="Id dokumen (lihat `bukti review documents`).")
]
FileOption = Annotated[str | None, typer.Option("--file", "-f", help="Nama berkas, bila id tidak diketahui.")]
ReasonOption = Annotated[str, typer.Option(help="Alasan (wajib).")]


def documents(submission: SubmissionOption, db: DbOption = None, verbose: VerboseOption = False) -> None:
    """The submission's documents that are not counted, and those of another government."""
    with cli_errors(verbose):
        engine = get_engine(db)
        with session_scope(engine) as session:
            view = documents_view(session, submission, None)
        engine.dispose()
    table = Table(title=f"Dokumen {view.region} {view.year} (pengajuan {view.submission_id})")
    for column in ("Id", "Berkas", "Dihitung", "Keterangan"):
        table.add_column(column, overflow="fold")
    for row in view.current:
        foreign = row.foreign
        note = f"dari {foreign.government}; {foreign.state_label}" if foreign else (row.not_evidence or "")
        table.add_row(str(row.id), row.file_name, "tidak" if row.not_evidence else "ya", note)
    console.print(table)


def accept_document(
    submission: SubmissionOption,
    user: UserOption,
    reason: ReasonOption,
    document: DocumentOption = None,
    file: FileOption = None,
    password_stdin: PasswordStdinOption = False,
    db: DbOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Count a document of another government as evidence from the next run on."""
    _record(submission, document, file, user, password_stdin, reason, AcceptanceAction.accept, db, verbose)


def revoke_document(
    submission: SubmissionOption,
    user: UserOption,
    reason: ReasonOption,
    document: DocumentOption = None,
    file: FileOption = None,
    password_stdin: PasswordStdinOption = False,
    db: DbOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Withdraw an acceptance: the document is set aside again from the next run on."""
    _record(submission, document, file, user, password_stdin, reason, AcceptanceAction.revoke, db, verbose)


def _record(submission: int, document: int | None, file: str | None, user_name: str, password_stdin: bool,
            reason: str, action: AcceptanceAction, db: str | None, verbose: bool) -> None:
    with cli_errors(verbose):
        password = decider_password(password_stdin)
        engine = get_engine(db)
        with session_scope(engine) as session:
            user = authenticated(session, user_name, password)
            document_id = _document_id(session, submission, document, file)
            row = decide_document(session, submission, document_id, user, reason=reason, action=action)
            name, root = row.document.name, latest_run_root(session, submission)
            decider = user.name  # the authenticated account, as recorded
        engine.dispose()
    verb = "diterima sebagai bukti" if action is AcceptanceAction.accept else "tidak lagi diterima"
    console.print(f"{name} {verb} oleh {decider} (catatan {row.id}).", markup=False)
    console.print(f"Berlaku pada penilaian berikutnya: bukti assess {root or 'FOLDER'} (atau alur malam).",
                  markup=False)


def _document_id(session: Session, submission: int, document: int | None, file: str | None) -> int:
    if (document is None) == (file is None):
        raise InputError("sebutkan salah satu: --document ID atau --file NAMA")
    return document if document is not None else submission_document_id(session, submission, file or "")
