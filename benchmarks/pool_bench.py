"""Process pools on scanned pages: wall time, CPU and the summed memory of every process of a run.

Reproduce::

    python benchmarks/pool_bench.py [--corpus ../shared/corpus] [--baseline REF] [--rounds 2]
        [--workers default 1] [--small 3]

Runs ``bukti assess --ocr auto`` (new process, fresh ``BUKTI_HOME``: cold OCR cache) over the
corpus PDFs without any text layer (every page is OCR'd), as ``benchmarks/compare.py scans``
does, in these set-ups:

* ``all``: every such PDF (enough files for the worker pool);
* ``small``: the ``--small`` largest of them (fewer files than the pool threshold, so the run
  extracts in its own process and only OCR runs in other processes);

each with ``BUKTI_WORKERS`` unset (``default``) and with every value given to ``--workers``.
While a run goes, the resident memory (RSS) of its process and all descendants (pool workers,
the fork server, Tesseract) is sampled every 0.1 s: reported are the peak of that sum and the
most processes alive at once. CPU is user + system time of the run and every child it waited
for. With ``--baseline REF`` the same runs are made with bukti as of that git commit; rounds
interleave the versions so load from other work on a shared machine hits them alike.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.compare_tools import image_only_pdfs, place  # noqa: E402

SAMPLE_SECONDS = 0.1
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Sample:
    wall: float
    cpu: float
    peak_rss_mb: float
    peak_processes: int


def _processes() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, RSS bytes) of every process now, from /proc (Linux)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            found[int(entry.name)] = (int(fields[1]), int(fields[21]) * PAGE_BYTES)
        except (OSError, ValueError, IndexError):
            continue  # ended while being read
    return found


def _tree_rss(root: int) -> tuple[int, int]:
    """(summed RSS in bytes, number of processes) of ``root`` and its descendants now."""
    table = _processes()
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    total, count, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        if pid in table:
            total, count = total + table[pid][1], count + 1
        todo.extend(children.get(pid, []))
    return total, count


def _watch(pid: int, peaks: list[int], stop: threading.Event) -> None:
    while not stop.is_set():
        rss, count = _tree_rss(pid)
        peaks[0], peaks[1] = max(peaks[0], rss), max(peaks[1], count)
        stop.wait(SAMPLE_SECONDS)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(checkout: Path, files: list[Path], workers: str) -> Sample:
    """One ``bukti assess`` over ``files`` in a fresh folder and home."""
    with tempfile.TemporaryDirectory(prefix="bukti-pool-") as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "in").mkdir()
        for n, path in enumerate(files):
            place(path, tmp / "in" / f"{n:02d}_{path.name}")
        env = {**os.environ, "BUKTI_HOME": str(tmp / "home")}
        env.pop("BUKTI_DATABASE_URL", None)
        env.pop("BUKTI_WORKERS", None)
        if workers != "default":
            env["BUKTI_WORKERS"] = workers
        command = [sys.executable, "-m", "cli.main", "assess", str(tmp / "in"), "--ocr", "auto",
                   "--db", f"sqlite:///{tmp / 'bukti.db'}", "--region", "bench", "--year", "2026"]
        before, start = _children_cpu(), time.perf_counter()
        process = subprocess.Popen(command, cwd=checkout, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)
        peaks, stop = [0, 0], threading.Event()
        watcher = threading.Thread(target=_watch, args=(process.pid, peaks, stop), daemon=True)
        watcher.start()
        _, stderr = process.communicate()
        stop.set()
        watcher.join()
        wall, cpu = time.perf_counter() - start, _children_cpu() - before
    if process.returncode not in (0, 1):  # 1: a document failed; still a full run
        raise RuntimeError(f"{command} failed ({process.returncode}):\n{stderr[-2000:]}")
    return Sample(wall, cpu, peaks[0] / 2**20, peaks[1])


def _checkout(ref: str, into: Path) -> Path:
    """``ref`` of this repository exported to ``into`` (never touches the working tree)."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", ref], cwd=REPO, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def _pages(files: list[Path]) -> int:
    import pypdfium2 as pdfium

    return sum(len(pdfium.PdfDocument(path)) for path in files)


def _row(label: str, samples: list[Sample], pages: int) -> str:
    wall = statistics.median(s.wall for s in samples)
    cpu = statistics.median(s.cpu for s in samples)
    rss = statistics.median(s.peak_rss_mb for s in samples)
    procs = max(s.peak_processes for s in samples)
    walls = ", ".join(f"{s.wall:.1f}" for s in samples)
    return f"| {label} | {wall:.1f} ({walls}) | {wall / pages:.2f} | {cpu:.1f} | {rss:.0f} | {procs} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--baseline", help="also run bukti as of this git commit")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", nargs="*", default=["default", "1"],
                        help="BUKTI_WORKERS values to run ('default' leaves it unset)")
    parser.add_argument("--small", type=int, default=3, help="PDFs in the small set-up")
    parser.add_argument("--setups", nargs="*", default=["small", "all"], choices=["small", "all"])
    args = parser.parse_args()
    scans = image_only_pdfs(args.corpus)
    if not scans:
        sys.exit(f"no image-only PDF under {args.corpus}")
    sets = {"all": scans, "small": sorted(scans, key=lambda p: -p.stat().st_size)[: args.small]}
    with tempfile.TemporaryDirectory(prefix="bukti-pool-ref-") as ref_tmp:
        versions = {"this tree": REPO}
        if args.baseline:
            versions[args.baseline] = _checkout(args.baseline, Path(ref_tmp) / "baseline")
        print(f"load avg before {'/'.join(f'{x:.1f}' for x in os.getloadavg())}, {os.cpu_count()} cores",
              flush=True)
        print("| set-up | wall s, median (rounds) | s/page | CPU s | peak summed RSS MB | processes |")
        print("|---|---|---|---|---|---|")
        for setup in args.setups:
            files = sets[setup]
            pages = _pages(files)
            for workers in args.workers:
                samples: dict[str, list[Sample]] = {name: [] for name in versions}
                for r in range(args.rounds):
                    names = list(versions)
                    for name in names[r % len(names):] + names[: r % len(names)]:
                        samples[name].append(run_once(versions[name], files, workers))
                for name, values in samples.items():
                    label = f"{setup} ({len(files)} PDFs, {pages} pages), workers {workers}, {name}"
                    print(_row(label, values, pages), flush=True)
        print(f"load avg after {'/'.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
