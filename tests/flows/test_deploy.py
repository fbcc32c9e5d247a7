"""The README's operator path, verbatim, on a port other than Prefect's default.

The test reads the code blocks of the README's "Operating bukti with Prefect" section and runs
them as an operator would, one terminal each (every terminal starts with the settings block):
the server, the work pool and ``prefect deploy --all``, a worker, then the two runs with
``--watch``. It substitutes only what the README tells the operator to choose: the port, the
database and the inbox. Everything runs on loopback with its own PREFECT_HOME and BUKTI_HOME;
every process it starts is stopped by its process group id (SIGTERM, a second SIGTERM for the
worker, SIGKILL after a timeout), never by name.
"""

from __future__ import annotations

import os
import re
import shutil
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
README = REPO / "README.md"
EXAMPLES = REPO / "examples" / "kota-sukamaju"
SERVER_START_SECONDS = 180
RUN_SECONDS = 300
# PostgreSQL (production's database) when the suite has one, else SQLite: one slow run, not two.
BACKEND = "postgresql" if os.environ.get("BUKTI_TEST_POSTGRES_URL") else "sqlite"


def readme_blocks() -> list[str]:
    """The bash blocks of the README's Prefect section, in order."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Operating bukti with Prefect", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.*?)```", section, flags=re.DOTALL)


def choose(block: str, pattern: str, value: str) -> str:
    """Replace the operator's choice ``pattern`` (exactly once: a README edit fails loudly)."""
    replaced, count = re.subn(pattern, lambda m: m.group(1) + value, block)
    assert count == 1, f"the README block no longer has exactly one {pattern!r}:\n{block}"
    return replaced


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
def terminal(script: str, env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A terminal running a blocking command (server, worker) until the block ends."""
    with log.open("wb") as out:
        process = subprocess.Popen(["bash", "-euc", script], cwd=REPO, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield process
        finally:
            stop(process)


def run_terminal(script: str, env: dict[str, str], timeout: float = RUN_SECONDS) -> str:
    """A terminal whose commands finish; each must succeed (``bash -e``)."""
    done = subprocess.run(["bash", "-euc", script], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{script}\nfailed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done.stdout + done.stderr


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


@pytest.fixture()
def operator_env(tmp_path: Path) -> dict[str, str]:
    """A clean shell: no PREFECT_ or BUKTI_ settings but homes of its own; the Python that runs the
    tests first on PATH, so ``prefect`` is the one installed with bukti."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "BUKTI_"))}
    env.update({
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "BUKTI_HOME": str(tmp_path / "bukti-home"),
        "PREFECT_WORKER_QUERY_SECONDS": "1",  # the worker picks the run up in a second, not ten
    })
    return env


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    root = tmp_path / "inbox"
    shutil.copytree(EXAMPLES, root / "Kota Sukamaju" / "2024", ignore=shutil.ignore_patterns("*.py"))
    return root


@pytest.mark.parametrize("database_url", [BACKEND], indirect=True)
def test_readme_operator_path_on_a_non_default_port(operator_env: dict[str, str], tmp_path: Path,
                                                    database_url: str, inbox: Path) -> None:
    settings, server_cmd, deploy_cmd, worker_cmd, runs_cmd = readme_blocks()
    port = _free_port()
    assert port != 4200
    settings = choose(settings, r"(PREFECT_SERVER_API_PORT=)4200\b", str(port))
    worker_cmd = choose(worker_cmd, r"(BUKTI_DATABASE_URL=)\S+", database_url)
    worker_cmd = choose(worker_cmd, r"(BUKTI_INBOX=)\S+", str(inbox))
    assert "prefect server start" in server_cmd and "prefect worker start" in worker_cmd
    api = f"http://127.0.0.1:{port}/api"
    env, server_log, worker_log = operator_env, tmp_path / "server.log", tmp_path / "worker.log"

    with terminal(settings + server_cmd, env, server_log) as server:
        _wait_healthy(api, server, server_log)
        # the UI the server serves talks to this port, not to 4200
        assert httpx.get(f"http://127.0.0.1:{port}/ui-settings", timeout=10).json()["api_url"] == api
        deployed = run_terminal(settings + deploy_cmd, env)
        assert "assess-folder/assess-folder" in deployed and "nightly/nightly" in deployed
        with terminal(settings + worker_cmd, env, worker_log):
            try:
                watched = run_terminal(settings + runs_cmd, env, timeout=2 * RUN_SECONDS)
            except AssertionError:
                pytest.fail(f"runs failed; worker log:\n{worker_log.read_text()[-4000:]}")
        assert watched.count("Flow run finished successfully in 'Completed'") == 2, watched
        runs = _flow_runs(api)
        assert runs["assess-folder"]["name"] == "Kota Sukamaju 2024 spbe-2020"
        assert runs["nightly"]["name"].startswith("nightly spbe-2020 20")
        logs = _log_messages(api, runs["assess-folder"]["id"])
        assert sum(m.startswith("document=") for m in logs) == 6, logs  # bukti's lines, in the run's logs
        nightly = httpx.get(f"{api}/deployments/name/nightly/nightly", timeout=10).json()
        schedule = nightly["schedules"][0]["schedule"]
        assert (schedule["cron"], schedule["timezone"]) == ("0 1 * * *", "Asia/Jakarta")
    engine = get_engine(database_url)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 6
        assert set(session.scalars(select(Run.status))) == {"completed"}
        assert (session.scalar(select(func.count()).select_from(ProposalRow)) or 0) >= 10
    engine.dispose()


def _flow_runs(api: str) -> dict[str, dict[str, object]]:
    """Flow name -> its top-level flow run that ran (the nightly schedule adds future runs too)."""
    flows = {f["id"]: f["name"] for f in httpx.post(f"{api}/flows/filter", json={}, timeout=10).json()}
    runs = httpx.post(f"{api}/flow_runs/filter", json={}, timeout=10).json()
    ran = [r for r in runs if r["parent_task_run_id"] is None and r["state_type"] != "SCHEDULED"]
    assert sorted(flows[r["flow_id"]] for r in ran) == ["assess-folder", "nightly"], ran
    return {flows[r["flow_id"]]: r for r in ran}


def _log_messages(api: str, flow_run_id: object) -> list[str]:
    body = {"logs": {"flow_run_id": {"any_": [flow_run_id]}}, "limit": 200}
    return [log["message"] for log in httpx.post(f"{api}/logs/filter", json=body, timeout=10).json()]
