"""Passwords at the terminal: who decides in the CLI proves it as in the web app.

A decision (``bukti review confirm|override|accept-document|revoke-document``) is recorded only
for a user whose password checks against the same account store and scrypt hashes the web app
logs in with (``store.review_repo.authenticate``). The password comes from, in this order,
``--password-stdin`` (first line of stdin, for scripts), ``BUKTI_PASSWORD`` (for scripts that
cannot pipe), else a hidden prompt; never from a command-line argument, which would land in the
shell history and the process list. The web login throttle is per server process and does not
apply here: whoever runs the CLI already holds the database URL.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from core.errors import InputError
from review.errors import AuthenticationError
from store.review_repo import authenticate
from store.users import User

PASSWORD_ENV = "BUKTI_PASSWORD"
UserOption = Annotated[
    str,
    typer.Option(
        "--user", "-u", help="Akun yang memutuskan; kata sandinya ditanyakan (lihat `bukti user add`)."
    ),
]
PasswordStdinOption = Annotated[
    bool,
    typer.Option(
        "--password-stdin",
        help=f"Baca kata sandi dari baris pertama stdin (untuk skrip; atau isi {PASSWORD_ENV}).",
    ),
]


def stdin_password() -> str:
    """The first line of stdin without its line ending; an empty line is refused."""
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise InputError("--password-stdin: stdin tidak berisi kata sandi pada baris pertama")
    return password


def prompted_password(confirm: bool) -> str:
    """A hidden prompt; ``confirm``: a new password, typed twice (``BUKTI_PASSWORD`` never sets one,
    so a deciding user's password left in the environment cannot become another account's)."""
    try:
        return typer.prompt("Kata sandi", hide_input=True, confirmation_prompt=confirm)
    except typer.Abort as e:
        others = "--password-stdin" if confirm else f"--password-stdin / {PASSWORD_ENV}"
        raise InputError(f"kata sandi tidak diberikan: ketik saat diminta, atau gunakan {others}") from e


def decider_password(from_stdin: bool) -> str:
    """The deciding user's password: stdin, else ``BUKTI_PASSWORD``, else a prompt."""
    if from_stdin:
        return stdin_password()
    return os.environ.get(PASSWORD_ENV) or prompted_password(confirm=False)


def authenticated(session: Session, name: str, password: str) -> User:
    """The active account ``name`` if ``password`` is its password, else AuthenticationError."""
    user = authenticate(session, name, password)
    if user is None:
        raise AuthenticationError(
            f"nama pengguna atau kata sandi salah untuk {name!r} (atau akun tidak aktif): "
            "keputusan tidak dicatat"
        )
    return user
