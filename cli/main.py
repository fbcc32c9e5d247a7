"""The ``bukti`` command: one module per command group, errors on one line, exit codes from core.errors."""

from __future__ import annotations

import typer

from cli import assess, db, doctor, report

app = typer.Typer(name="bukti", help="Baca bukti dukung SPBE dan usulkan tingkat kematangan per indikator.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
app.command("assess", help="Nilai satu folder bukti dukung (assess an evidence folder).")(assess.assess)
app.command("report", help="Tampilkan usulan terakhir suatu penilaian (show the latest proposals).")(report.report)
app.command("doctor", help="Periksa dependensi, database dan paket aturan (check the installation).")(doctor.doctor)
app.add_typer(db.app, name="db", help="Migrasi database (database migrations).")

if __name__ == "__main__":
    app()
