"""The operator path end to end: server, work pool, ``prefect deploy --all``, worker, a triggered run.

Everything runs on loopback with its own PREFECT_HOME; every process this test starts is
stopped by its process group id (SIGTERM, a second SIGTERM for the worker, SIGKILL after
a timeout) — never by name.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from store import Document, ProposalRow, Run, get_engine, session_scope

pytestmark = [pytest.mark.prefect, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "kota-sukamaju"
PREFECT = [sys.executable, "-m", "prefect"]
SERVER_START_SECONDS = 120
RUN_SECONDS = 240
# PostgreSQL (production's database) when the suite has one, else SQLite: one slow run, not two.
BACKEND = "postgresql" if os.environ.get("BUKTI_TEST_POSTGRES_URL") else "sqlite"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen[bytes], grace: float = 15.0) -> None:
    """SIGTERM the process group, again (Prefect workers need two), then SIGKILL."""
    for sig in (signal.SIGTERM, signal.SIGTERM):
        if process.poll() is not None:
            break
        _signal_group(process, sig)
        try:
            process.wait(grace / 2)
        except subprocess.TimeoutExpired:
            continue
    _signal_group(process, signal.SIGKILL)  # children the leader left behind
    process.wait(10)


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    try:
        os.killpg(process.pid, sig)  # start_new_session=True: the group id is the leader's pid
    except ProcessLookupError:
        pass


@contextmanager
def started(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        process = subprocess.Popen(args, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            yield process
        finally:
            stop(process)


def _wait_healthy(api: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()[-3000:]
        try:
            if httpx.get(f"{api}/health", timeout=2).json() is True:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    pytest.fail(f"prefect server not healthy after {SERVER_START_SECONDS} s:\n{log.read_text()[-3000:]}")


def _cli(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([*PREFECT, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, f"prefect {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _run_deployment(api: str, parameters: dict[str, object]) -> str:
    deployment = httpx.get(f"{api}/deployments/name/assess-folder/assess-folder", timeout=10).json()
    run = httpx.post(f"{api}/deployments/{deployment['id']}/create_flow_run",
                     json={"parameters": parameters}, timeout=10)
    run.raise_for_status()
    return run.json()["id"]


def _wait_final(api: str, run_id: str, worker_log: Path) -> dict[str, object]:
    deadline = time.monotonic() + RUN_SECONDS
    while time.monotonic() < deadline:
        state = httpx.get(f"{api}/flow_runs/{run_id}", timeout=10).json()["state"]
        if state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
            return state
        time.sleep(1)
    pytest.fail(f"flow run not finished after {RUN_SECONDS} s:\n{worker_log.read_text()[-3000:]}")


@pytest.fixture()
def prefect_env(tmp_path: Path) -> dict[str, str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "BUKTI_"))}
    env.update({
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
        "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_UI_ENABLED": "false",
        "PREFECT_WORKER_QUERY_SECONDS": "1",
        "PREFECT_LOGGING_LEVEL": "INFO",
        "BUKTI_HOME": str(tmp_path / "bukti-home"),
    })
    return env


@pytest.mark.parametrize("database_url", [BACKEND], indirect=True)
def test_deploy_prefect_yaml_and_run_assess_folder_on_a_worker(prefect_env: dict[str, str], tmp_path: Path,
                                                               database_url: str) -> None:
    env, api = prefect_env, prefect_env["PREFECT_API_URL"]
    server_log, worker_log = tmp_path / "server.log", tmp_path / "worker.log"
    with started([*PREFECT, "server", "start", "--no-ui", "--analytics-off"], env, server_log) as server:
        _wait_healthy(api, server, server_log)
        _cli(["work-pool", "create", "bukti", "--type", "process"], env)
        deployed = _cli(["--no-prompt", "deploy", "--all"], env)
        assert "assess-folder/assess-folder" in deployed and "nightly/nightly" in deployed
        worker_env = {**env, "BUKTI_DATABASE_URL": database_url}
        worker = [*PREFECT, "worker", "start", "--pool", "bukti", "--limit", "1"]
        with started(worker, worker_env, worker_log):
            run_id = _run_deployment(api, {"path": str(EXAMPLES), "region": "Kota Sukamaju", "year": 2024})
            state = _wait_final(api, run_id, worker_log)
        assert state["type"] == "COMPLETED" and state["name"] == "Completed", worker_log.read_text()[-3000:]
        nightly = httpx.get(f"{api}/deployments/name/nightly/nightly", timeout=10).json()
        schedule = nightly["schedules"][0]["schedule"]
        assert (schedule["cron"], schedule["timezone"]) == ("0 1 * * *", "Asia/Jakarta")
    engine = get_engine(database_url)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 6
        assert session.scalar(select(Run.status)) == "completed"
        assert (session.scalar(select(func.count()).select_from(ProposalRow)) or 0) >= 10
    engine.dispose()
