"""``bukti assess --prefect`` without PREFECT_API_URL: Prefect's temporary server, started early."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from flows.temporary_server import server_command, server_environment, start_temporary_server

REPO = Path(__file__).resolve().parents[2]
APP = "prefect.server.api.server:create_app"


def test_temporary_server_is_launched_as_prefects_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same command line and environment as Prefect's SubprocessASGIServer (fails on drift)."""
    from prefect.server.api import server as prefect_server

    launched: dict[str, Any] = {}

    def record(args: list[str], **kwargs: Any) -> None:
        launched.update(args=args, env=kwargs["env"])

    monkeypatch.setattr(prefect_server.subprocess, "Popen", record)
    try:
        prefect_server.SubprocessASGIServer(port=45678)._run_uvicorn_command()
    finally:
        prefect_server.SubprocessASGIServer._instances.pop(45678, None)
    assert launched["args"] == server_command(45678)
    assert launched["env"] == server_environment()


def test_no_temporary_server_when_an_api_url_is_configured() -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:9/api"}):
        assert start_temporary_server() is None


@pytest.mark.prefect
@pytest.mark.slow
def test_cli_assess_prefect_without_api_url_runs_the_flow_on_a_temporary_server(tmp_path: Path) -> None:
    home = tmp_path / "prefect"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API_", "BUKTI_DATABASE"))}
    env.update(PREFECT_HOME=str(home), BUKTI_HOME=str(tmp_path / "bukti"),
               PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_SERVER_ALLOW_EPHEMERAL_MODE="true")
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "assess", str(REPO / "examples" / "kota-sukamaju"), "--prefect",
         "--db", f"sqlite:///{tmp_path / 'bukti.db'}"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert "Usulan tingkat" in done.stdout
    assert "Starting temporary server" not in done.stderr  # ours answered: Prefect started none of its own
    with sqlite3.connect(home / "prefect.db") as db:  # what the server recorded of the run
        runs = db.execute("SELECT name, state_type FROM flow_run").fetchall()
        tasks = db.execute("SELECT name, state_type FROM task_run").fetchall()
    assert runs == [("kota-sukamaju ? spbe-2020", "COMPLETED")]
    assert tasks and {state for _, state in tasks} == {"COMPLETED"}
    assert not _servers_of(home), "the temporary server outlived the command"


def _servers_of(home: Path) -> list[int]:
    """Pids of Prefect server processes started with PREFECT_HOME=home (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if APP in (entry / "cmdline").read_bytes().decode(errors="replace") and \
                    f"PREFECT_HOME={home}".encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except (OSError, ValueError):
            continue
    return found


KILLED_COMMAND = """
import sys, time
from flows.temporary_server import start_temporary_server
server = start_temporary_server()
server.wait_ready()
print(server.process.pid, flush=True)
time.sleep(600)
"""


@pytest.mark.prefect
@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="the parent-death signal is Linux's")
def test_temporary_server_stops_when_the_command_is_killed(tmp_path: Path) -> None:
    """SIGKILL skips the command's exit hook; the server must not outlive it anyway."""
    home = tmp_path / "prefect"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    command = subprocess.Popen([sys.executable, "-c", KILLED_COMMAND], cwd=REPO, env=env,
                               stdout=subprocess.PIPE, text=True)
    try:
        assert command.stdout is not None
        server_pid = int(command.stdout.readline())
        assert _servers_of(home) == [server_pid]
    finally:
        command.kill()
        command.wait()
    deadline = time.monotonic() + 30
    while _servers_of(home) and time.monotonic() < deadline:
        time.sleep(0.2)
    orphans = _servers_of(home)
    for pid in orphans:  # a failing run must not leave the orphan behind
        os.kill(pid, signal.SIGKILL)
    assert not orphans, "the temporary server outlived its killed command"
