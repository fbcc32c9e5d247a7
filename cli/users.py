"""``bukti user add|list|passwd``: accounts of the review app (admin, assessor, viewer; per region)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from cli.common import cli_errors, console
from store.db import get_engine, session_scope
from store.review_repo import add_user, list_users, set_password
from store.users import Role

app = typer.Typer(no_args_is_help=True)

DbOption = Annotated[str | None, typer.Option("--db", help="URL database (bawaan: BUKTI_DATABASE_URL).")]
VerboseOption = Annotated[bool, typer.Option("-v", "--verbose", help="Tampilkan traceback.")]
PasswordOption = Annotated[
    str,
    typer.Option(
        prompt="Kata sandi",
        hide_input=True,
        confirmation_prompt=True,
        help="Kata sandi (ditanyakan bila tidak diberikan; min. 8 karakter).",
    ),
]


@app.command("add", help="Buat akun (create an account). Selain admin wajib punya minimal satu --region.")
def add(
    name: Annotated[str, typer.Argument(help="Nama pengguna untuk masuk.")],
    role: Annotated[
        Role, typer.Option(help="admin (semua wilayah), assessor (memutuskan) atau viewer (hanya melihat).")
    ],
    password: PasswordOption,
    region: Annotated[
        list[str] | None, typer.Option(help="Wilayah yang boleh diakses; ulangi untuk lebih dari satu.")
    ] = None,
    db: DbOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Create a review-app account with its role and regions."""
    with cli_errors(verbose):
        engine = get_engine(db)
        with session_scope(engine) as session:
            user = add_user(session, name, password, role, region or [])
            regions = "semua wilayah" if user.is_admin else ", ".join(user.regions)
        engine.dispose()
    console.print(f"akun {name} ({role.value}) dibuat; akses: {regions}")


@app.command("passwd", help="Ganti kata sandi (set a new password); sesi pengguna yang terbuka berakhir.")
def passwd(
    name: Annotated[str, typer.Argument(help="Nama pengguna.")],
    password: PasswordOption,
    db: DbOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Set an account's password and end its open sessions."""
    with cli_errors(verbose):
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
