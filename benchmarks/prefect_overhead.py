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

Prints wall and CPU seconds and the ratio of each to the plain run. The CPU column counts the
command and every process it waited for (its workers, a temporary server); a running server is
not the command's child, so its CPU during the run is a column of its own (from ``/proc``): on
one machine it competes with the workers for the same cores. ``--baseline REF`` (a git commit, or
a source folder) runs each row with that bukti right after this tree's, interleaved.

A single run of each is noisy on a shared box, and the running-server ratio is what the target
is about: ``--ab-rounds N`` then runs, against the same running server, N rounds of a plain run
followed at once by a ``--prefect`` run, per tree, and prints each pair and the median ratio.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import scale_bench  # noqa: E402
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
    parser.add_argument("--baseline", help="also run bukti as of this git commit, or from this source folder")
    parser.add_argument("--ab-rounds", type=int, default=0,
                        help="then N rounds of plain / --prefect pairs against the running server")
    args = parser.parse_args()
    folder = make_folder(args.size, args.folders)
    with tempfile.TemporaryDirectory(prefix="bukti-prefect-") as name:
        tmp = Path(name)
        trees = {"": scale_bench.REPO}
        if args.baseline:
            given = Path(args.baseline)
            source = given if given.is_dir() else _checkout(args.baseline, tmp / "baseline")
            trees[f" @ {args.baseline}"] = source
        rows, pairs = _rows(folder, tmp, trees, args.ab_rounds)
    print(f"{args.size} documents, load {'/'.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print("| run | wall s | CPU s | running server's CPU s | wall vs plain | CPU (+ server's) vs plain |")
    print("|---|---|---|---|---|---|")
    for label, tree, wall, cpu, server_cpu in rows:
        plain = next(r for r in rows if r[1] == tree)
        server = f"{server_cpu:.1f}" if server_cpu else ""
        print(f"| {label}{tree} | {wall:.1f} | {cpu:.1f} | {server} | {wall / plain[2]:.2f}× | "
              f"{(cpu + server_cpu) / plain[3]:.2f}× |")
    if pairs:
        _print_pairs(pairs)


Pair = tuple[str, int, float, float, float]  # tree, round, plain wall s, --prefect wall s, load


def _print_pairs(pairs: list[Pair]) -> None:
    print("\nplain / --prefect pairs against the running server (each pair run back to back):\n")
    print("| tree | round | plain s | --prefect s | --prefect vs plain | load |")
    print("|---|---|---|---|---|---|")
    for tree, number, plain, prefect, load in pairs:
        print(f"| {tree.strip() or 'this tree'} | {number} | {plain:.2f} | {prefect:.2f} | "
              f"{prefect / plain:.2f}× (+{prefect - plain:.1f} s) | {load:.1f} |")
    for tree in dict.fromkeys(p[0] for p in pairs):
        ratios = [p[3] / p[2] for p in pairs if p[0] == tree]
        print(f"\n{tree.strip() or 'this tree'}: median --prefect vs plain {statistics.median(ratios):.2f}× "
              f"({len(ratios)} pairs)")


def _rows(folder: Path, tmp: Path, trees: dict[str, Path],
          ab_rounds: int = 0) -> tuple[list[tuple[str, str, float, float, float]], list[Pair]]:
    """Each run once per tree, the trees one after another within a row (interleaved); then
    ``ab_rounds`` rounds of plain / ``--prefect`` pairs per tree against the running server."""
    rows: list[tuple[str, str, float, float, float]] = []
    pairs: list[Pair] = []

    def one(label: str, key: str, prefect: bool = False, env: dict[str, str] | None = None,
            server: int | None = None) -> None:
        for i, (tree, source) in enumerate(trees.items()):
            scale_bench.REPO = source  # where ``run`` starts ``python -m cli.main``
            before = _tree_cpu(server) if server else 0.0
            result = run(folder, tmp / f"{key}{i}.db", tmp / f"h-{key}{i}", "spbe-2020", prefect,
                         {k: v.replace("{i}", str(i)) for k, v in (env or {}).items()})
            after = _tree_cpu(server) if server else 0.0
            rows.append((label, tree, result[0], result[3], after - before))

    try:
        one("plain", "a")
        shared = {"PREFECT_HOME": str(tmp / "prefect-temporary-{i}")}
        one("--prefect, temporary server, fresh PREFECT_HOME", "b", True, shared)
        one("--prefect, temporary server, PREFECT_HOME used before", "c", True, shared)
        server, url = _start_server(tmp / "prefect-server")
        try:
            one("--prefect, running prefect server", "d", True, {"PREFECT_API_URL": url}, server.pid)
            for number in range(1, ab_rounds + 1):
                for i, (tree, source) in enumerate(trees.items()):
                    scale_bench.REPO = source
                    key = f"ab{number}-{i}"
                    plain = run(folder, tmp / f"{key}p.db", tmp / f"h-{key}p", "spbe-2020")[0]
                    flow = run(folder, tmp / f"{key}f.db", tmp / f"h-{key}f", "spbe-2020", True,
                               {"PREFECT_API_URL": url})[0]
                    pairs.append((tree, number, plain, flow, os.getloadavg()[0]))
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        scale_bench.REPO = next(iter(trees.values()))
    return rows, pairs


def _checkout(ref: str, into: Path) -> Path:
    """``ref`` of this repository exported with ``git archive`` (the working tree is not touched)."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", ref], cwd=scale_bench.REPO, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def _tree_cpu(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and its descendants so far (Linux ``/proc``)."""
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            stats[int(entry.name)] = fields
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        stat = stats.get(current)
        if stat:
            total += sum(int(x) for x in stat[11:15])  # utime, stime, and of reaped children
    return total / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
