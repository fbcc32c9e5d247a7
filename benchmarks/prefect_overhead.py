"""What ``bukti assess --prefect`` costs over the plain run, with and without a running server.

Reproduce::

    python benchmarks/prefect_overhead.py [--size 300]

On the same folder of distinct generated PDFs as ``scale_bench.py`` (``--ocr never``), each run
a new process with a fresh database and ``BUKTI_HOME`` (cold caches):

* plain ``bukti assess``;
* ``--prefect`` with no server (Prefect's temporary server) and a fresh ``PREFECT_HOME``: the
  temporary server creates and migrates its database first, as on a machine's first run;
* the same with the ``PREFECT_HOME`` of the previous run (its database already migrated);
* ``--prefect`` against a running ``prefect server start`` (``PREFECT_API_URL`` set, as the
  deployments in ``prefect.yaml`` run), started before the timing.

Prints wall and CPU seconds and the ratio of each to the plain run.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.scale_bench import make_folder, run  # noqa: E402

SERVER_START_TIMEOUT = 180


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_server(home: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_SERVER_UI_ENABLED": "false", "PREFECT_SERVER_API_HOST": "127.0.0.1",
           "PREFECT_SERVER_API_PORT": str(port)}
    env.pop("PREFECT_API_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as answer:
                if answer.status == 200:
                    return server, url
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("prefect server did not answer in time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--folders", type=Path, default=Path(tempfile.gettempdir()) / "bukti-scale-docs")
    args = parser.parse_args()
    folder = make_folder(args.size, args.folders)
    with tempfile.TemporaryDirectory(prefix="bukti-prefect-") as name:
        tmp = Path(name)
        rows = [("plain", *_timed(run(folder, tmp / "a.db", tmp / "h-a", "spbe-2020")))]
        shared = {"PREFECT_HOME": str(tmp / "prefect-temporary")}
        rows.append(("--prefect, temporary server, fresh PREFECT_HOME",
                     *_timed(run(folder, tmp / "b.db", tmp / "h-b", "spbe-2020", True, shared))))
        rows.append(("--prefect, temporary server, PREFECT_HOME used before",
                     *_timed(run(folder, tmp / "c.db", tmp / "h-c", "spbe-2020", True, shared))))
        server, url = _start_server(tmp / "prefect-server")
        try:
            rows.append(("--prefect, running prefect server", *_timed(run(
                folder, tmp / "d.db", tmp / "h-d", "spbe-2020", True, {"PREFECT_API_URL": url}))))
        finally:
            server.terminate()
            server.wait(timeout=30)
    plain_wall, plain_cpu = rows[0][1], rows[0][2]
    print(f"{args.size} documents, load {'/'.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print("| run | wall s | CPU s | wall vs plain | CPU vs plain |\n|---|---|---|---|---|")
    for label, wall, cpu in rows:
        print(f"| {label} | {wall:.1f} | {cpu:.1f} | {wall / plain_wall:.2f}× | {cpu / plain_cpu:.2f}× |")


def _timed(result: tuple[float, tuple[int, int], str, float]) -> tuple[float, float]:
    return result[0], result[3]


if __name__ == "__main__":
    main()
