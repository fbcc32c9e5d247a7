"""Start-up of the ``bukti`` command: ``--help``, ``doctor`` and ``assess`` on one small file.

Reproduce::

    python benchmarks/startup_bench.py [--runs 5]

Each command runs as a user runs it, in a new process, with a fresh ``BUKTI_HOME`` and SQLite
database (so ``assess`` includes creating the database); reported: best and median wall time of
``--runs`` runs, and the median CPU time (less disturbed by other work on a shared machine).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SMALL_FILE = REPO / "examples" / "kota-sukamaju" / "01_Perwali-17-2024_SPBE.pdf"  # 3 pages


def _commands(tmp: Path) -> dict[str, list[str]]:
    db = f"sqlite:///{tmp / 'b.db'}"
    return {
        "bukti --help": ["--help"],
        "bukti doctor": ["doctor", "--db", db],
        f"bukti assess {SMALL_FILE.name} (3 pages)": ["assess", str(SMALL_FILE), "--db", db],
    }


def _one(args: list[str], tmp: Path) -> tuple[float, float]:
    env = {**os.environ, "BUKTI_HOME": str(tmp / "home")}
    env.pop("BUKTI_DATABASE_URL", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cli.main", *args], cwd=REPO, env=env, capture_output=True,
                   check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("| command | best wall s | median wall s | median CPU s |\n|---|---|---|---|")
    results: dict[str, list[tuple[float, float]]] = {}
    for _ in range(args.runs):  # interleaved, each run on a fresh home and database
        with tempfile.TemporaryDirectory(prefix="bukti-startup-") as tmp_name:
            for label, command in _commands(Path(tmp_name)).items():
                results.setdefault(label, []).append(_one(command, Path(tmp_name)))
    for label, values in results.items():
        walls = [v[0] for v in values]
        print(f"| `{label}` | {min(walls):.2f} | {statistics.median(walls):.2f} | "
              f"{statistics.median(v[1] for v in values):.2f} |")
    print(f"load avg {'/'.join(f'{x:.1f}' for x in os.getloadavg())} (the machine is shared)")


if __name__ == "__main__":
    main()
