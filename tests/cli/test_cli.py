"""The ``bukti`` command in-process with Typer's runner: real pipeline, real SQLite."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


def test_cli_assess_example_prints_table_and_index(example_folder: Path, sqlite_url: str) -> None:
    result = runner.invoke(app, ["assess", str(example_folder), "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    assert "Indeks sementara" in result.output
    assert "6 dokumen: " in result.output and "0 gagal" in result.output
    assert "Pasal" in result.output


def test_cli_assess_broken_file_exits_non_zero_with_message(example_folder: Path, sqlite_url: str) -> None:
    (example_folder / "rusak.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    result = runner.invoke(app, ["assess", str(example_folder), "--db", sqlite_url])
    assert result.exit_code == 1
    assert "rusak.pdf" in result.output and "1 gagal" in result.output


def test_cli_assess_missing_folder_one_line_error(tmp_path: Path, sqlite_url: str) -> None:
    result = runner.invoke(app, ["assess", str(tmp_path / "nope"), "--db", sqlite_url])
    assert result.exit_code == 2
    assert "folder bukti tidak ditemukan" in result.output and "Traceback" not in result.output


def test_cli_assess_unknown_framework_rule_pack_error(example_folder: Path, sqlite_url: str) -> None:
    result = runner.invoke(
        app, ["assess", str(example_folder), "--db", sqlite_url, "--framework", "spbe-1999"]
    )
    assert result.exit_code == 5, result.output


def test_cli_report_after_assess_shows_latest(example_folder: Path, sqlite_url: str) -> None:
    runner.invoke(app, ["assess", str(example_folder), "--db", sqlite_url])
    result = runner.invoke(app, ["report", "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    assert "Kota Sukamaju" in result.output or "kota-sukamaju" in result.output
    assert "Indeks sementara" in result.output


def test_cli_report_empty_database_says_what_to_do(sqlite_url: str) -> None:
    runner.invoke(app, ["db", "upgrade", "--db", sqlite_url])
    result = runner.invoke(app, ["report", "--db", sqlite_url])
    assert result.exit_code == 3
    assert "bukti assess" in result.output


def test_cli_doctor_reports_every_check(sqlite_url: str) -> None:
    runner.invoke(app, ["db", "upgrade", "--db", sqlite_url])
    result = runner.invoke(app, ["doctor", "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    for name in ("paket aturan", "spaCy", "database", "prefect", "tesseract"):
        assert name in result.output


def test_cli_doctor_unreachable_prefect_server_fails_and_says_what_to_do(sqlite_url: str) -> None:
    import socket

    from prefect.settings import PREFECT_API_URL, temporary_settings

    runner.invoke(app, ["db", "upgrade", "--db", sqlite_url])
    with socket.socket() as sock:  # a port nobody listens on: bound, never listening
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/api"
        with temporary_settings({PREFECT_API_URL: url}):
            result = runner.invoke(app, ["doctor", "--db", sqlite_url])
    assert result.exit_code == 1, result.output
    output = " ".join(result.output.split())  # the console wraps long lines
    assert f"GAGAL prefect: server Prefect di PREFECT_API_URL={url} tidak dapat dihubungi" in output
    assert "jalankan `prefect server start`" in output


def test_cli_doctor_unmigrated_database_fails(tmp_path: Path) -> None:
    import sqlite3

    sqlite3.connect(tmp_path / "empty.db").execute("create table other (x)").connection.close()
    result = runner.invoke(app, ["doctor", "--db", f"sqlite:///{tmp_path / 'empty.db'}"])
    assert result.exit_code == 1
    assert "bukti db upgrade" in result.output


def test_cli_doctor_on_a_fresh_machine_says_the_database_comes_with_the_first_run(tmp_path: Path) -> None:
    missing = tmp_path / "bukti.db"
    result = runner.invoke(app, ["doctor", "--db", f"sqlite:///{missing}"])
    assert "belum ada" in result.output and "bukti assess" in result.output
    assert not missing.exists()  # looking does not create it


def test_not_evidence_names_national_regulations_and_official_reports() -> None:
    """The assess summary says which documents were not read as evidence, and why."""
    from core.models import DocumentStatus
    from pipeline.models import DocumentOutcome
    from pipeline.report import not_evidence, render_markdown
    from rules.loader import load_rule_pack

    def outcome(name: str, doc_type: str, status: str, title: str, ok: bool = True) -> DocumentOutcome:
        return DocumentOutcome(
            path=name,
            name=name,
            sha256=name,
            format="pdf",
            pages=1,
            doc_type=doc_type,
            legal_status=status,
            title=title,
            status=DocumentStatus.success if ok else DocumentStatus.failure,
        )

    docs = [
        outcome("perpres.pdf", "peraturan_presiden", "enacted", "Satu Data Indonesia"),
        outcome("lhe.pdf", "laporan", "not_applicable", "Laporan Hasil Evaluasi SPBE 2023"),
        outcome("perbup.pdf", "peraturan_bupati", "enacted", "Sistem Pemerintahan Berbasis Elektronik"),
        outcome("rusak.pdf", "peraturan_presiden", "enacted", "X", ok=False),
    ]
    pack = load_rule_pack("spbe-2020")
    found = {doc.name: reason for doc, reason in not_evidence(docs, pack)}
    assert set(found) == {"perpres.pdf", "lhe.pdf"}
    assert found["perpres.pdf"].startswith("Regulasi nasional")
    # the Prefect artifact lists them too
    from rules.scoring import compute_index

    markdown = render_markdown([], compute_index({}, pack), "t", "s", not_evidence(docs, pack))
    assert "Tidak dihitung sebagai bukti" in markdown and "- perpres.pdf — Regulasi nasional" in markdown


def test_cli_top_level_help_lists_commands_without_importing_them() -> None:
    import subprocess
    import sys

    code = ("import sys; from typer.testing import CliRunner; from cli.main import app; "
            "out = CliRunner().invoke(app, ['--help']).output; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pipeline', 'rules', 'store', 'review', 'spacy', 'sqlalchemy', 'prefect') "
            "or m.startswith('cli.') and m != 'cli.main')); print(out)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    imported, _, output = done.stdout.partition("\n")
    assert imported == "[]"
    from cli.main import _COMMANDS

    assert all(name in output for name in _COMMANDS) and "assess an evidence folder" in output


def test_cli_every_listed_command_loads() -> None:
    from cli.main import _COMMANDS

    for name in _COMMANDS:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Usage" in result.output
