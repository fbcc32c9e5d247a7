"""``bukti user add|list|passwd``: accounts of the review app (admin, assessor, viewer; per region).

A region no submission is for is refused unless ``--new-region`` says the account is made ahead of
the region's first assessment: such an account sees nothing, and a misspelt region looked exactly
like that. The password is prompted for (typed twice), or read with ``--password-stdin``.
"""

from __future__ import annotations

import difflib
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from cli.common import cli_errors, console, err_console
from cli.credentials import prompted_password, stdin_password
from core.errors import InputError
from store.db import get_engine, session_scope
from store.repository import submission_regions, unknown_regions
from store.review_repo import add_user, list_users, set_password
from store.users import Role

app = typer.Typer(no_args_is_help=True)

DbOption = Annotated[str | None, typer.Option("--db", help="URL database (bawaan: BUKTI_DATABASE_URL).")]
VerboseOption = Annotated[bool, typer.Option("-v", "--verbose", help="Tampilkan traceback.")]
PasswordOption = Annotated[
    str | None,
    typer.Option(
        help="Kata sandi (min. 8 karakter). Bila tidak diberikan, ditanyakan dua kali tanpa ditampilkan; "
        "sebagai argumen ia tersimpan di riwayat shell.",
    ),
]
PasswordStdinOption = Annotated[
    bool, typer.Option("--password-stdin", help="Baca kata sandi dari baris pertama stdin (untuk skrip).")
]
NewRegionOption = Annotated[
    bool,
    typer.Option(
        "--new-region",
        help="Izinkan wilayah yang belum punya pengajuan (akun dibuat sebelum penilaian pertamanya).",
    ),
]


@app.command("add", help="Buat akun (create an account). Selain admin wajib punya minimal satu --region.")
def add(
    name: Annotated[str, typer.Argument(help="Nama pengguna untuk masuk.")],
    role: Annotated[
        Role, typer.Option(help="admin (semua wilayah), assessor (memutuskan) atau viewer (hanya melihat).")
    ],
    region: Annotated[
        list[str] | None, typer.Option(help="Wilayah yang boleh diakses; ulangi untuk lebih dari satu.")
    ] = None,
    new_region: NewRegionOption = False,
    password: PasswordOption = None,
    password_stdin: PasswordStdinOption = False,
    db: DbOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Create a review-app account with its role and regions."""
    with cli_errors(verbose):
        engine = get_engine(db)
        # regions first, so a typo does not cost typing the password twice; no session open
        # while the password is typed
        with session_scope(engine) as session:
            unknown = [] if role is Role.admin else _check_regions(session, region or [], new_region)
        secret = _new_password(password, password_stdin)
        with session_scope(engine) as session:
            user = add_user(session, name, secret, role, region or [])
            regions = "semua wilayah" if user.is_admin else ", ".join(user.regions)
        engine.dispose()
    console.print(f"akun {name} ({role.value}) dibuat; akses: {regions}")
    if unknown:
        err_console.print(f"[yellow]perhatian:[/yellow] {', '.join(unknown)} belum punya pengajuan; akun ini "
                          "baru melihat wilayah itu setelah penilaian pertamanya (`bukti assess`).")


def _check_regions(session: Session, regions: list[str], allowed: bool) -> list[str]:
    """The regions without a submission; refused (InputError) unless ``allowed``."""
    unknown = unknown_regions(session, regions)
    if not unknown or allowed:
        return unknown
    known = submission_regions(session)
    hints = [f"{r!r} — maksud Anda {close[0]!r}?" for r in unknown
             if (close := difflib.get_close_matches(r, known, n=1, cutoff=0.6))]
    listing = ", ".join(known) if known else "belum ada"
    raise InputError(
        f"wilayah {', '.join(repr(r) for r in unknown)} tidak dimiliki pengajuan mana pun, sehingga akun "
        f"tidak akan melihat apa-apa{'; ' + '; '.join(hints) if hints else ''}. Wilayah yang ada: {listing}. "
        "Periksa ejaannya, atau tambahkan --new-region bila wilayah itu belum pernah dinilai."
    )


def _new_password(given: str | None, from_stdin: bool) -> str:
    if given is not None:
        return given
    return stdin_password() if from_stdin else prompted_password(confirm=True)


@app.command("passwd", help="Ganti kata sandi (set a new password); sesi pengguna yang terbuka berakhir.")
def passwd(
    name: Annotated[str, typer.Argument(help="Nama pengguna.")],
    password: PasswordOption = None,
    password_stdin: PasswordStdinOption = False,
    db: DbOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Set an account's password and end its open sessions."""
    with cli_errors(verbose):
        password = _new_password(password, password_stdin)
        engine = get_engine(db)
        with session_scope(engine) as session:
            set_password(session, name, password)
        engine.dispose()
    console.print(f"kata sandi {name} diganti")


@app.command("list", help="Daftar akun (list accounts).")
def list_(db: DbOption = None, verbose: VerboseOption = False) -> None:
    """Print every account with its role, regions and whether it is active."""
    table = Table(title="Akun reviu")
    for column in ("Nama", "Peran", "Wilayah", "Aktif"):
        table.add_column(column)
    with cli_errors(verbose):
        engine = get_engine(db)
        with session_scope(engine) as session:
            for user in list_users(session):
                regions = "semua" if user.is_admin else ", ".join(user.regions)
                table.add_row(user.name, user.role, regions, "ya" if user.active else "tidak")
        engine.dispose()
    console.print(table)
