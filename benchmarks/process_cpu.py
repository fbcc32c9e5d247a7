"""CPU of each process of one cold ``bukti assess --ocr never`` run on the text corpus.

Reproduce::

    python benchmarks/process_cpu.py [--corpus ../shared/corpus] [--runs 3] [--baseline REF]

The files are those of ``compare.py text`` (text-layer PDFs and DOCX); each run is a new
process with a fresh ``BUKTI_HOME`` and SQLite database. The run's process tree is polled from
``/proc`` every 20 ms: the flow process, the fork server (its CPU is the preload before the
first worker), the resource tracker and the pool workers, each with its user + system CPU and
the wall time at which it was first seen. With ``--baseline REF`` runs of that commit (exported
by ``git archive``) alternate with this tree's. Linux only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.compare import _checkout  # noqa: E402 - after the path set-up above
from benchmarks.compare_tools import place, text_layer_files  # noqa: E402

_TICK = os.sysconf("SC_CLK_TCK")


def _children(pid: str) -> list[str]:
    found: list[str] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            found += Path(f"/proc/{pid}/task/{task}/children").read_text().split()
    except OSError:
        pass
    return found


def _cpu(pid: str) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / _TICK


def run_once(checkout: Path, folder: Path) -> tuple[float, list[tuple[str, float, float]]]:
    """(wall seconds, [(pid, first seen at, CPU seconds)]) of one cold run."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env["BUKTI_HOME"] = f"{tmp}/home"
        command = [sys.executable, "-m", "cli.main", "assess", str(folder), "--ocr", "never",
                   "--db", f"sqlite:///{tmp}/bukti.db", "--region", "bench", "--year", "2026"]
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=checkout, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        seen: dict[str, list[float]] = {}
        while process.poll() is None:
            now = time.perf_counter() - start
            todo = [str(process.pid)]
            while todo:
                pid = todo.pop()
                cpu = _cpu(pid)
                if cpu is not None:
                    seen.setdefault(pid, [now, cpu])[1] = cpu
                    todo += _children(pid)
            time.sleep(0.02)
        wall = time.perf_counter() - start
    return wall, [(pid, first, cpu) for pid, (first, cpu) in seen.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", default=None, help="a git commit to alternate with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for n, path in enumerate(text_layer_files(args.corpus)):
            place(path, folder / f"{n:02d}_{path.name}")
        trees = [("this tree", REPO)]
        if args.baseline:
            trees.append((args.baseline, _checkout(args.baseline, Path(tmp) / "baseline")))
        print(f"load average before: {os.getloadavg()}")
        for _ in range(args.runs):
            for label, checkout in trees:
                wall, processes = run_once(checkout, folder)
                cpus = " + ".join(f"{cpu:.2f} (from {first:.2f} s)" for _, first, cpu in processes)
                total = sum(cpu for _, _, cpu in processes)
                print(f"{label}: {wall:.2f} s wall, {total:.2f} CPU-s = {cpus}")
        print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
