"""Scale-out measurement: N submission folders through the ``assess-folder`` deployment with 1..k workers.

For each worker count: a fresh ``prefect server start`` on loopback (own PREFECT_HOME), a
process work pool, ``prefect deploy --all``, k ``prefect worker start --limit 1`` processes,
one flow run per folder triggered at once; the wall time runs from the first trigger to the
last completion. Then the same runs again (everything cached). Every process started here is
stopped by its process group id. Without folders, the first ``--folders`` evidence folders of
the shared corpus (sorted, the national references left out) are the submissions. Used for
docs/benchmarks.md and docs/scaling.md::

    python benchmarks/workers_bench.py --ocr never
    python benchmarks/workers_bench.py --workers 1 2 --ocr never \
        --db-admin postgresql+psycopg://postgres@127.0.0.1:55432/postgres /path/folderA /path/folderB ...
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import create_engine, make_url, text

REPO = Path(__file__).resolve().parents[1]
PREFECT = [sys.executable, "-m", "prefect"]
CORPUS = REPO.parent / "shared" / "corpus"
REFERENCES = "national-reference"  # national regulations: read as references, not a submission


def corpus_folders(corpus: Path, count: int) -> list[Path]:
    """The first ``count`` sub-folders of the corpus holding PDFs, the national references left out."""
    folders = [d for d in sorted(corpus.iterdir())
               if d.is_dir() and d.name != REFERENCES and any(d.rglob("*.pdf"))]
    if not folders:
        sys.exit(f"no evidence folders in {corpus}: pass folders or --corpus")
    return folders[:count]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(args, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def _stop(process: subprocess.Popen[bytes]) -> None:
    for sig in (signal.SIGTERM, signal.SIGTERM, signal.SIGKILL):
        if process.poll() is not None and sig is not signal.SIGKILL:
            break
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(8)
        except subprocess.TimeoutExpired:
            continue
    process.wait(10)


def _wait_healthy(api: str) -> None:
    for _ in range(240):
        try:
            if httpx.get(f"{api}/health", timeout=2).json() is True:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError("prefect server did not become healthy")


def _database(admin_url: str | None, workdir: Path) -> str:
    if not admin_url:
        return f"sqlite:///{workdir / 'bukti.db'}"
    name = f"bukti_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _api(method: str, url: str, **kwargs: object) -> dict:
    """One call to the Prefect API, retried while the server answers 5xx (its SQLite is busy)."""
    for attempt in range(10):
        try:
            response = httpx.request(method, url, timeout=30, **kwargs)
        except httpx.TransportError:
            if attempt == 9:
                raise
        else:
            if response.status_code < 500 or attempt == 9:
                response.raise_for_status()
                return response.json()
        time.sleep(1 + attempt)
    raise AssertionError("unreachable")


def _trigger_all(api: str, folders: list[Path], ocr: str) -> float:
    deployment = _api("GET", f"{api}/deployments/name/assess-folder/assess-folder")
    started = time.monotonic()
    ids = []
    for folder in folders:
        params = {"path": str(folder), "region": folder.parent.name, "year": int(folder.name), "ocr": ocr}
        created = f"{api}/deployments/{deployment['id']}/create_flow_run"
        ids.append(_api("POST", created, json={"parameters": params})["id"])
    pending = set(ids)
    while pending:
        for run_id in list(pending):
            state = _api("GET", f"{api}/flow_runs/{run_id}")["state"]
            if state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
                if state["type"] != "COMPLETED":
                    print(f"  run {run_id}: {state['name']} {state.get('message')}")
                pending.discard(run_id)
        time.sleep(0.5)
    return time.monotonic() - started


def trial(folders: list[Path], workers: int, args: argparse.Namespace) -> tuple[float, float]:
    workdir = Path(tempfile.mkdtemp(prefix="bukti-bench-"))
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "BUKTI_"))}
    env.update({
        "PREFECT_HOME": str(workdir / "prefect"), "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_SERVER_API_HOST": "127.0.0.1", "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_SERVER_UI_ENABLED": "false",
        "PREFECT_WORKER_QUERY_SECONDS": "1", "BUKTI_HOME": str(workdir / "bukti"),
    })
    started: list[subprocess.Popen[bytes]] = []
    try:
        server = [*PREFECT, "server", "start", "--no-ui", "--analytics-off"]
        started.append(_start(server, env, workdir / "server.log"))
        _wait_healthy(env["PREFECT_API_URL"])
        for command in (["work-pool", "create", "bukti", "--type", "process"],
                        ["--no-prompt", "deploy", "--all"]):
            subprocess.run([*PREFECT, *command], cwd=REPO, env=env, check=True, capture_output=True,
                           timeout=180)
        worker_env = {**env, "BUKTI_DATABASE_URL": _database(args.db_admin, workdir),
                      "BUKTI_WORKERS": str(args.processes)}
        worker = [*PREFECT, "worker", "start", "--pool", "bukti", "--limit", "1"]
        for n in range(workers):
            started.append(_start(worker, worker_env, workdir / f"worker{n}.log"))
        first = _trigger_all(env["PREFECT_API_URL"], folders, args.ocr)
        again = _trigger_all(env["PREFECT_API_URL"], folders, args.ocr)
        return first, again
    finally:
        for process in reversed(started):
            _stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path,
                        help="submission folders (copied as <name>/<year>); default: corpus folders")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="where default folders come from")
    parser.add_argument("--folders", dest="count", type=int, default=4, help="how many corpus folders")
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--processes", type=int, default=1, help="BUKTI_WORKERS of each Prefect worker")
    parser.add_argument("--db-admin", default=None, help="PostgreSQL admin URL (default: SQLite per trial)")
    parser.add_argument("--ocr", default="auto", choices=["auto", "force", "never"])
    args = parser.parse_args()
    inbox = Path(tempfile.mkdtemp(prefix="bukti-bench-inbox-"))
    folders = []
    for n, folder in enumerate(args.folders or corpus_folders(args.corpus, args.count)):
        target = inbox / folder.name / str(2020 + n)
        shutil.copytree(folder, target)
        folders.append(target)
    files = sum(1 for f in folders for p in f.rglob("*") if p.is_file())
    print(f"{len(folders)} folders, {files} files; BUKTI_WORKERS={args.processes} per worker; ocr={args.ocr}")
    print("| Prefect workers | first pass (s) | second pass, all cached (s) |\n|---|---|---|")
    try:
        for workers in args.workers:
            first, again = trial(folders, workers, args)
            print(f"| {workers} | {first:.1f} | {again:.1f} |", flush=True)
    finally:
        shutil.rmtree(inbox, ignore_errors=True)


if __name__ == "__main__":
    main()
