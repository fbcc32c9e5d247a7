"""The ``bukti`` command: one module per command group, errors on one line, exit codes from core.errors."""

from __future__ import annotations

import typer

from cli import assess, cache, calibrate, db, doctor, export, report, review, rules, serve, users
from cli import eval as eval_cmd

app = typer.Typer(
    name="bukti",
    help="Baca bukti dukung SPBE dan usulkan tingkat kematangan per indikator.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("assess", help="Nilai satu folder bukti dukung (assess an evidence folder).")(assess.assess)
app.command("report", help="Tampilkan usulan terakhir suatu penilaian (show the latest proposals).")(
    report.report
)
app.command("doctor", help="Periksa dependensi, database dan paket aturan (check the installation).")(
    doctor.doctor
)
app.command("eval", help="Ukur akurasi terhadap label (measure accuracy against labels).")(eval_cmd.evaluate)
app.command(
    "calibrate", help="Fit bobot keyakinan pada label, cek per sumber (fit the confidence on labels)."
)(calibrate.calibrate)
app.add_typer(rules.app, name="rules", help="Paket aturan: list, lint, explain (rule-pack tooling).")
app.add_typer(db.app, name="db", help="Migrasi database (database migrations).")
app.add_typer(
    cache.app, name="cache", help="Ukuran cache dan pemangkasannya: info, prune (cache housekeeping)."
)
app.add_typer(
    review.app,
    name="review",
    help="Tinjau usulan: daftar, rincian, konfirmasi, ubah tingkat (assessor review).",
)
app.add_typer(users.app, name="user", help="Kelola akun aplikasi reviu (review app accounts).")
app.command("serve", help="Jalankan aplikasi web reviu asesor (start the review web app).")(serve.serve)
app.command("export", help="Ekspor hasil reviu: XLSX, CSV, HTML, PDF (export a review).")(export.export)

if __name__ == "__main__":
    app()
