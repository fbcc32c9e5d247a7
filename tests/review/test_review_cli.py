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
from review_support import PASSWORD, REGION, SECRET, ReviewDb
from typer.testing import CliRunner

from cli import export, review, serve, users
from store.db import get_engine, session_scope
from store.decisions import decisions_for
from store.review_repo import authenticate, require_user

app = typer.Typer()
app.add_typer(review.app, name="review")
app.add_typer(users.app, name="user")
app.command("export")(export.export)
app.command("serve")(serve.serve)
runner = CliRunner()


def _run(review_db: ReviewDb, *args: str, input: str | None = None,  # noqa: A002
         env: dict[str, str] | None = None):  # noqa: ANN202
    # BUKTI_PASSWORD cleared: a value in the developer's shell must not log the tests in
    environment = {"COLUMNS": "200", "BUKTI_PASSWORD": "", **(env or {})}
    return runner.invoke(app, [*args, "--db", review_db.url], input=input, env=environment)


def _decisions(review_db: ReviewDb) -> int:
    engine = get_engine(review_db.url)
    with session_scope(engine) as session:
        count = len(decisions_for(session, review_db.submission_id, "1"))
        count += len(decisions_for(session, review_db.submission_id, "2"))
    engine.dispose()
    return count


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
    # an interactive prompt: the password is typed, not echoed
    confirmed = _run(review_db, "review", "confirm", "-s", sid, "-i", "2", "--user", "ani",
                     input=f"{PASSWORD}\n")
    assert confirmed.exit_code == 0, confirmed.output
    assert "Kata sandi" in confirmed.output and PASSWORD not in confirmed.output
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
        "--password-stdin",
        input=f"{PASSWORD}\n",
    )
    assert overridden.exit_code == 0, overridden.output
    assert "oleh ani" in overridden.output
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
        (["confirm", "-i", "1", "--user", "siapa"], 7, "kata sandi salah"),
        (["override", "-i", "1", "--user", "ani", "--level", "2", "--reason", " "], 3, "alasan"),
        (["confirm", "-i", "999", "--user", "ani"], 3, "999"),
    ],
)
def test_review_decisions_refused_with_one_line_error(
    review_db: ReviewDb, args: list[str], code: int, message: str
) -> None:
    result = _run(review_db, "review", *args[:1], "-s", str(review_db.submission_id), *args[1:],
                  env={"BUKTI_PASSWORD": PASSWORD})
    assert result.exit_code == code, result.output
    assert message in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("how", "code", "message"),
    [
        ({"input": "salah-sandi-99\n"}, 7, "kata sandi salah"),  # wrong password at the prompt
        ({"input": ""}, 3, "kata sandi tidak diberikan"),  # no terminal, no password: refused, not hung
        ({"env": {"BUKTI_PASSWORD": "salah-sandi-99"}}, 7, "kata sandi salah"),
        ({"stdin": True, "input": "\n"}, 3, "--password-stdin"),
        ({"stdin": True, "input": "salah-sandi-99\n", "env": {"BUKTI_PASSWORD": PASSWORD}}, 7, "salah"),
    ],
)
def test_review_decisions_refused_without_the_right_password(
    review_db: ReviewDb, how: dict[str, object], code: int, message: str
) -> None:
    sid = str(review_db.submission_id)
    extra = ["--password-stdin"] if how.get("stdin") else []
    for args in (["confirm", "-i", "2"], ["override", "-i", "1", "--level", "3", "--reason", "dicek"]):
        result = _run(review_db, "review", *args, "-s", sid, "--user", "ani", *extra,
                      input=how.get("input"), env=how.get("env"))  # type: ignore[arg-type]
        assert result.exit_code == code, result.output
        assert message in result.output and "Traceback" not in result.output
    assert _decisions(review_db) == 0


def test_review_decision_by_an_inactive_account_is_refused(review_db: ReviewDb) -> None:
    engine = get_engine(review_db.url)
    with session_scope(engine) as session:
        require_user(session, "ani").active = False
    engine.dispose()
    result = _run(review_db, "review", "confirm", "-s", str(review_db.submission_id), "-i", "2",
                  "--user", "ani", env={"BUKTI_PASSWORD": PASSWORD})
    assert result.exit_code == 7 and "tidak aktif" in result.output
    assert _decisions(review_db) == 0


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
        env={"BUKTI_PASSWORD": PASSWORD},
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
        "--new-region",
        input="sandi-sari-1\nsandi-sari-1\n",
    )
    assert added.exit_code == 0, added.output
    assert "belum punya pengajuan" in added.output  # created, with a warning that it sees nothing yet
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
        (["ani", "--role", "viewer", "--region", REGION], "sudah ada"),
        (["baru", "--role", "viewer"], "minimal satu --region"),
        (["pendek", "--role", "admin"], "terlalu pendek"),
    ],
)
def test_user_add_refusals(review_db: ReviewDb, args: list[str], message: str) -> None:
    password = "123\n123\n" if "pendek" in args else "sandi-panjang-1\nsandi-panjang-1\n"
    result = _run(review_db, "user", "add", *args, input=password)
    assert result.exit_code == 6, result.output
    assert message in result.output


def test_user_add_refuses_a_region_no_submission_has(review_db: ReviewDb) -> None:
    typo = _run(review_db, "user", "add", "sari", "--role", "assessor", "--region", "Kota Sukamaj",
                input="sandi-sari-1\nsandi-sari-1\n")
    assert typo.exit_code == 3, typo.output
    assert "maksud Anda 'Kota Sukamaju'?" in typo.output and "--new-region" in typo.output
    assert "Kata sandi" not in typo.output  # refused before the password is asked for
    # the same region in other case and spacing is the region (as access checks compare it)
    added = _run(review_db, "user", "add", "sari", "--role", "assessor", "--region", "kota  SUKAMAJU",
                 "--password-stdin", input="sandi-sari-1\n")
    assert added.exit_code == 0, added.output
    assert "belum punya pengajuan" not in added.output
    engine = get_engine(review_db.url)
    with session_scope(engine) as session:
        user = authenticate(session, "sari", "sandi-sari-1")
        assert user is not None and user.can_see("Kota Sukamaju")
    engine.dispose()


def test_user_add_password_is_optional_and_prompted(review_db: ReviewDb) -> None:
    helped = _run(review_db, "user", "add", "--help", env={"COLUMNS": "250"})
    assert helped.output.count("[required]") == 2  # NAME and --role; the password is asked for
    result = _run(review_db, "user", "add", "rudi", "--role", "viewer", "--region", REGION, input="")
    assert result.exit_code == 3 and "kata sandi tidak diberikan" in result.output
    # a deciding user's password in the environment never becomes a new account's password
    scripted = _run(review_db, "user", "add", "rudi", "--role", "viewer", "--region", REGION, input="",
                    env={"BUKTI_PASSWORD": PASSWORD})
    assert scripted.exit_code == 3 and "BUKTI_PASSWORD" not in scripted.output


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
