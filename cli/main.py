"""The ``bukti`` command: one module per command group, errors on one line, exit codes from core.errors.

Command modules are imported only when their command runs (or its own ``--help`` is asked
for): each pulls in part of the stack (spaCy, SQLAlchemy, Prefect, the review app), and
importing them all made ``bukti --help`` take 1.3-2.4 s. The list below gives the names and
one-line help texts that the top-level help shows without importing anything.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import sys
from typing import Any, NamedTuple


def _prestart() -> None:
    """For ``bukti assess FOLDER``, start the workers' fork server now (``pipeline.prestart``).

    Before typer is imported and has built and parsed the command (~0.1 s): the server's
    preload is a cold run's critical path, so every moment it starts earlier, the first job
    does too. Reads this process's own command line only (tests import this module under pytest's).

    Not in a worker: multiprocessing imports the main module again in each (as ``__mp_main__``,
    with the run's ``sys.argv``), and refuses to start a process while a child is bootstrapping.
    """
    if sys.argv[1:2] != ["assess"]:
        return
    from multiprocessing import process

    if getattr(process.current_process(), "_inheriting", False):  # CPython's own flag for that import
        return
    from pipeline.prestart import assess_folder_argument, assess_framework_argument, start_fork_server_early

    folder = assess_folder_argument(sys.argv[1:])
    if folder is not None:
        start_fork_server_early(folder, assess_framework_argument(sys.argv[1:]))


_prestart()

import typer  # noqa: E402 - after the fork server's start above
from typer import _click as click  # noqa: E402 - typer vendors click (0.2x): its classes, not the click package's
from typer.core import TyperCommand, TyperGroup  # noqa: E402


class _Entry(NamedTuple):
    module: str
    attribute: str  # a command function, or a typer.Typer of subcommands
    help: str


_COMMANDS: dict[str, _Entry] = {
    "assess": _Entry("cli.assess", "assess", "Nilai satu folder bukti dukung (assess an evidence folder)."),
    "report": _Entry("cli.report", "report",
                     "Tampilkan usulan terakhir suatu penilaian (show the latest proposals)."),
    "doctor": _Entry("cli.doctor", "doctor",
                     "Periksa dependensi, database dan paket aturan (check the installation)."),
    "eval": _Entry("cli.eval", "evaluate", "Ukur akurasi terhadap label (measure accuracy against labels)."),
    "calibrate": _Entry("cli.calibrate", "calibrate",
                        "Fit bobot keyakinan pada label, cek per sumber (fit the confidence on labels)."),
    "rules": _Entry("cli.rules", "app", "Paket aturan: list, lint, explain (rule-pack tooling)."),
    "db": _Entry("cli.db", "app", "Migrasi database (database migrations)."),
    "cache": _Entry("cli.cache", "app",
                    "Ukuran cache dan pemangkasannya: info, prune (cache housekeeping)."),
    "review": _Entry("cli.review", "app",
                     "Tinjau usulan: daftar, rincian, konfirmasi, ubah tingkat (assessor review)."),
    "user": _Entry("cli.users", "app", "Kelola akun aplikasi reviu (review app accounts)."),
    "serve": _Entry("cli.serve", "serve", "Jalankan aplikasi web reviu asesor (start the review web app)."),
    "export": _Entry("cli.export", "export", "Ekspor hasil reviu: XLSX, CSV, HTML, PDF (export a review)."),
}


def load_command(name: str) -> click.Command:
    """The click command ``name``, built from its module (imported now)."""
    entry = _COMMANDS[name]
    target = getattr(importlib.import_module(entry.module), entry.attribute)
    if isinstance(target, typer.Typer):
        command = typer.main.get_command(target)
    else:
        holder = typer.Typer(add_completion=False)
        holder.command(name, help=entry.help)(target)
        command = typer.main.get_command(holder)
    command.name, command.help = name, entry.help
    return command


class _LazyGroup(TyperGroup):
    """Lists commands from ``_COMMANDS``; imports a command's module only to run or document it."""

    _listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _COMMANDS:
            return None
        if self._listing:  # the top-level help needs names and help texts only
            return TyperCommand(cmd_name, help=_COMMANDS[cmd_name].help)
        if cmd_name not in self.commands:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands[cmd_name]

    def format_help(self, ctx: click.Context, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


# At exit, the interpreter's last garbage collections walk every object still alive (the whole
# stack a run imported: SQLAlchemy, pydantic models, the rule pack): ~0.4-0.7 CPU-s after an
# assessment had finished. Frozen objects are skipped: reference counting still frees what it
# frees, only garbage cycles left at exit are not finalised (nothing bukti writes depends on
# that: every transaction is committed or rolled back before). Registered at import, so it
# runs after the handlers registered later (atexit runs them in reverse), e.g. the pool's shutdown.
atexit.register(gc.freeze)

app = typer.Typer(
    name="bukti",
    cls=_LazyGroup,
    help="Baca bukti dukung SPBE dan usulkan tingkat kematangan per indikator.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _main() -> None:
    """Baca bukti dukung SPBE dan usulkan tingkat kematangan per indikator."""


if __name__ == "__main__":
    app()
