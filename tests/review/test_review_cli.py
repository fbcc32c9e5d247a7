"""CLI commands of the review (``bukti review|user|export``), run in-process with Typer's runner.

The lead wires these modules into ``cli/main.py``; here they are mounted on a local Typer app
exactly as they will be there.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import typer
from openpyxl import load_workbook
from review_support import PASSWORD, SECRET, ReviewDb
from typer.testing import CliRunner

from cli import export, review, serve, users
from store.db import get_engine, session_scope
from store.decisions import decisions_for
from store.review_repo import authenticate

app = typer.Typer()
app.add_typer(review.app, name="review")
app.add_typer(users.app, name="user")
app.command("export")(export.export)
app.command("serve")(serve.serve)
runner = CliRunner()


def _run(review_db: ReviewDb, *args: str, input: str | None = None):  # noqa: A002, ANN202
    return runner.invoke(app, [*args, "--db", review_db.url], input=input, env={"COLUMNS": "200"})


def test_review_list_shows_submissions_and_indices(review_db: ReviewDb) -> None:
    result = _run(review_db, "review", "list")
    assert result.exit_code == 0, result.output
    assert "Sukamaju" in result.output and "0/47" in result.output


def test_review_show_submission_and_indicator(review_db: ReviewDb) -> None:
    result = _run(review_db, "review", "show", "--submission", str(review_db.submission_id))
    assert result.exit_code == 0, result.output
    assert "Belum ditinjau" in result.output and "Ditinjau 0/47" in result.output
    detail = _run(review_db, "review", "show", "-s", str(review_db.submission_id), "-i", "1")
    assert detail.exit_code == 0, detail.output
    assert "hlm." in detail.output and "[x]" in detail.output
    assert "Dikutip untuk tingkat" in detail.output  # each citation says why it is cited


def test_review_confirm_and_override_record_decisions(review_db: ReviewDb) -> None:
    sid = str(review_db.submission_id)
    confirmed = _run(review_db, "review", "confirm", "-s", sid, "-i", "2", "--user", "ani")
    assert confirmed.exit_code == 0, confirmed.output
    overridden = _run(
        review_db,
        "review",
        "override",
        "-s",
        sid,
        "-i",
        "1",
        "--user",
        "ani",
        "--level",
        "5",
        "--reason",
        "Perwali perubahan sudah ditetapkan",
    )
    assert overridden.exit_code == 0, overridden.output
    assert "indeks terkonfirmasi" in overridden.output
    engine = get_engine(review_db.url)
    with session_scope(engine) as session:
        [decision] = decisions_for(session, review_db.submission_id, "1")
        assert (decision.action, decision.level, decision.user) == ("override", 5, "ani")
        assert decisions_for(session, review_db.submission_id, "2")[0].action == "confirm"
    engine.dispose()
    listing = _run(review_db, "review", "list")
    assert "2/47" in listing.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["confirm", "-i", "1", "--user", "vina"], 7, "hanya dapat melihat"),
        (["confirm", "-i", "1", "--user", "budi"], 7, "wilayah"),
        (["confirm", "-i", "1", "--user", "siapa"], 6, "bukti user add"),
        (["override", "-i", "1", "--user", "ani", "--level", "2", "--reason", " "], 3, "alasan"),
        (["confirm", "-i", "999", "--user", "ani"], 3, "999"),
    ],
)
def test_review_decisions_refused_with_one_line_error(
    review_db: ReviewDb, args: list[str], code: int, message: str
) -> None:
    result = _run(review_db, "review", *args[:1], "-s", str(review_db.submission_id), *args[1:])
    assert result.exit_code == code, result.output
    assert message in result.output and "Traceback" not in result.output


def test_review_override_needs_reason_option(review_db: ReviewDb) -> None:
    result = _run(
        review_db,
        "review",
        "override",
        "-s",
        str(review_db.submission_id),
        "-i",
        "1",
        "--user",
        "ani",
        "--level",
        "2",
    )
    assert result.exit_code == 2 and "--reason" in result.output


def test_user_add_list_and_passwd(review_db: ReviewDb) -> None:
    added = _run(
        review_db,
        "user",
        "add",
        "sari",
        "--role",
        "assessor",
        "--region",
        "Kota Baru",
        "--region",
        "Kota Lama",
        input="sandi-sari-1\nsandi-sari-1\n",
    )
    assert added.exit_code == 0, added.output
    listed = _run(review_db, "user", "list")
    assert "sari" in listed.output and "Kota Baru, Kota Lama" in listed.output
    changed = _run(review_db, "user", "passwd", "sari", input="sandi-baru-22\nsandi-baru-22\n")
    assert changed.exit_code == 0, changed.output
    engine = get_engine(review_db.url)
    with session_scope(engine) as session:
        assert authenticate(session, "sari", "sandi-baru-22") is not None
        assert authenticate(session, "sari", "sandi-sari-1") is None
        assert authenticate(session, "ani", PASSWORD) is not None
    engine.dispose()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ani", "--role", "viewer", "--region", "X"], "sudah ada"),
        (["baru", "--role", "viewer"], "minimal satu --region"),
        (["pendek", "--role", "admin"], "terlalu pendek"),
    ],
)
def test_user_add_refusals(review_db: ReviewDb, args: list[str], message: str) -> None:
    password = "123\n123\n" if "pendek" in args else "sandi-panjang-1\nsandi-panjang-1\n"
    result = _run(review_db, "user", "add", *args, input=password)
    assert result.exit_code == 6, result.output
    assert message in result.output


def test_export_cli_writes_xlsx(review_db: ReviewDb, tmp_path: Path) -> None:
    target = tmp_path / "hasil.xlsx"
    result = _run(
        review_db,
        "export",
        "--submission",
        str(review_db.submission_id),
        "--format",
        "xlsx",
        "-o",
        str(target),
    )
    assert result.exit_code == 0, result.output
    assert load_workbook(target)["Penilaian Mandiri"].max_row == 5 + 47


def test_export_cli_unknown_submission_fails(review_db: ReviewDb, tmp_path: Path) -> None:
    result = _run(
        review_db, "export", "--submission", "999", "--format", "csv", "-o", str(tmp_path / "x.csv")
    )
    assert result.exit_code == 3 and "999" in result.output
    assert not (tmp_path / "x.csv").exists()


def test_serve_loopback_check() -> None:
    assert serve._is_loopback("127.0.0.1") and serve._is_loopback("::1") and serve._is_loopback("localhost")
    assert not serve._is_loopback("0.0.0.0") and not serve._is_loopback("example.org")


@pytest.mark.slow
def test_serve_starts_uvicorn_on_loopback(review_db: ReviewDb) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable,
        "-c",
        "import typer; from cli.serve import serve; typer.run(serve)",
        "--port",
        str(port),
        "--db",
        review_db.url,
    ]
    env = {**os.environ, "BUKTI_SECRET_KEY": SECRET}
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        health = _poll(f"http://127.0.0.1:{port}/health", process)
        assert health.json() == {"status": "ok", "database": "ok"}
        refused = httpx.get(f"http://127.0.0.1:{port}/", follow_redirects=False)
        assert refused.status_code == 303 and refused.headers["location"].startswith("/login")
    finally:
        process.terminate()
        process.wait(timeout=15)


def _poll(url: str, process: subprocess.Popen[bytes]) -> httpx.Response:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise AssertionError(f"bukti serve exited with {process.returncode}: {output}")
        try:
            return httpx.get(url)
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("bukti serve did not answer within 30 s")
