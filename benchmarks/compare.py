"""bukti against the tools a naive pipeline would use, on the same corpus files, in one run.

Reproduce::

    python benchmarks/compare.py text  [--corpus ../shared/corpus] [--rounds 3] [--baseline REF]
    python benchmarks/compare.py scans [--corpus ../shared/corpus] [--rounds 3] [--baseline REF]

``text``: the corpus PDFs with a text layer (not an earlier OCR run's invisible layer) and the
DOCX files, read by

* ``bukti assess --ocr never`` as a user runs it: a new process, a cold database and cold caches
  (a fresh ``BUKTI_HOME``), everything from extraction to stored proposals;
* the pypdfium2 page text alone (the floor for reading text at all);
* pdfminer.six ``extract_text``;
* pdfplumber ``extract_text`` per page plus a search for 200 rule-pack phrases (what a naive
  evidence reader does); DOCX through python-docx paragraphs for the three PDF tools;
* markitdown, when installed (``pip install 'markitdown[pdf,docx]'``); otherwise skipped, noted;
* with ``--baseline REF``, bukti as of a git commit (exported to a temporary folder), or from
  another source folder, too.

``scans``: the corpus pages without any text layer, OCR'd by ``bukti assess`` (OCR auto, cold
OCR cache) against two plain ``tesseract <page> - -l ind`` processes (``OMP_THREAD_LIMIT=1``)
over the same pages rendered beforehand at bukti's resolution; with ``--baseline REF``, bukti as
of a git commit (or from another source folder) too, in the same interleaved rounds.

Every pipeline runs in a new process per round; rounds interleave the pipelines (rotating their
order) so load from other work on a shared machine hits them alike. Reported: median seconds,
pages/s and each pipeline's speed relative to bukti's, all from the same run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.compare_tools import (  # noqa: E402 - after the path set-up above
    TOOLS,
    count_pages,
    image_only_pdfs,
    place,
    render_pages,
    text_layer_files,
)

Command = Callable[[Path], list[str]]


def _bukti(checkout: Path, ocr: str) -> Command:
    def command(tmp: Path) -> list[str]:
        return [sys.executable, "-m", "cli.main", "assess", str(tmp / "in"), "--ocr", ocr,
                "--db", f"sqlite:///{tmp / 'bukti.db'}", "--region", "bench", "--year", "2026"]
    command.cwd = checkout  # type: ignore[attr-defined]
    return command


def _tool(name: str) -> Command:
    def command(tmp: Path) -> list[str]:
        return [sys.executable, "-m", "benchmarks.compare_tools", name, str(tmp / "in")]
    command.cwd = REPO  # type: ignore[attr-defined]
    return command


def _time(command: Command, files: list[Path]) -> tuple[float, float]:
    """(wall, CPU) seconds of one new process over ``files`` (placed in a fresh folder, fresh home).

    CPU is user + system time of the process and every child it waited for (bukti's pool
    workers, Tesseract runs): less disturbed by other work on the machine than wall time.
    """
    with tempfile.TemporaryDirectory(prefix="bukti-compare-") as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "in").mkdir()
        for n, path in enumerate(files):
            place(path, tmp / "in" / f"{n:02d}_{path.name}")  # a hard link or a copy, never a symlink
        env = {**os.environ, "BUKTI_HOME": str(tmp / "home")}
        env.pop("BUKTI_DATABASE_URL", None)
        before = _children_cpu()
        start = time.perf_counter()
        done = subprocess.run(command(tmp), cwd=command.cwd, env=env,  # type: ignore[attr-defined]
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        cpu = _children_cpu() - before
    if done.returncode not in (0, 1):  # bukti exits 1 when a document failed; still a full run
        raise RuntimeError(f"{command(tmp)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


Times = dict[str, list[tuple[float, float]]]


def _rounds(commands: dict[str, Command], files: list[Path], rounds: int) -> Times:
    times: Times = {name: [] for name in commands}
    names = list(commands)
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            times[name].append(_time(commands[name], files))
            wall, cpu = times[name][-1]
            print(f"  round {r + 1}: {name} {wall:.1f} s wall, {cpu:.1f} s CPU", file=sys.stderr, flush=True)
    return times


def _medians(values: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(v[0] for v in values), statistics.median(v[1] for v in values)


def _table(times: Times, pages: int, reference: str) -> str:
    rows = ["| pipeline | wall s, median (rounds) | pages/s | bukti is × faster (wall) | CPU s, median "
            "| bukti is × faster (CPU) |", "|---|---|---|---|---|---|"]
    ref_wall, ref_cpu = _medians(times[reference])
    for name, values in times.items():
        wall, cpu = _medians(values)
        rounds = ", ".join(f"{v[0]:.1f}" for v in values)
        rows.append(f"| {name} | {wall:.1f} ({rounds}) | {pages / wall:.1f} | {wall / ref_wall:.2f}× | "
                    f"{cpu:.1f} | {cpu / ref_cpu:.2f}× |")
    return "\n".join(rows)


def _checkout(ref: str, into: Path) -> Path:
    """``ref`` of this repository exported to ``into`` (never touches the working tree)."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", ref], cwd=REPO, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def run_text(corpus: Path, rounds: int, baseline: str | None, tools: list[str]) -> None:
    files = text_layer_files(corpus)
    pages = count_pages(files)
    commands: dict[str, Command] = {"bukti assess --ocr never": _bukti(REPO, "never")}
    with tempfile.TemporaryDirectory(prefix="bukti-baseline-") as base_tmp:
        if baseline:
            given = Path(baseline)
            source = given if given.is_dir() else _checkout(baseline, Path(base_tmp) / "src")
            commands[f"bukti @ {baseline} (--ocr never)"] = _bukti(source, "never")
        for name in tools:
            if TOOLS[name].available():
                commands[TOOLS[name].label] = _tool(name)
            else:
                print(f"note: {TOOLS[name].label} skipped: {TOOLS[name].missing}", flush=True)
        print(f"text: {len(files)} files ({sum(f.suffix == '.pdf' for f in files)} PDF), {pages} pages, "
              f"{rounds} interleaved rounds; load avg before {_load()}", flush=True)
        times = _rounds(commands, files, rounds)
    print(_table(times, pages, "bukti assess --ocr never"))
    print(f"load avg after {_load()} (1/5/15 min; the machine is shared with other work)")


def run_scans(corpus: Path, rounds: int, baseline: str | None) -> None:
    files = image_only_pdfs(corpus)
    with tempfile.TemporaryDirectory(prefix="bukti-scans-") as tmp_name:
        images = render_pages(files, Path(tmp_name))
        commands: dict[str, Command] = {"bukti assess (OCR auto)": _bukti(REPO, "auto")}
        if baseline:
            given = Path(baseline)
            source = given if given.is_dir() else _checkout(baseline, Path(tmp_name) / "baseline-src")
            commands[f"bukti @ {baseline} (OCR auto)"] = _bukti(source, "auto")

        def tesseract(tmp: Path) -> list[str]:
            return [sys.executable, "-m", "benchmarks.compare_tools", "tesseract", str(Path(tmp_name))]
        tesseract.cwd = REPO  # type: ignore[attr-defined]
        commands["2 x tesseract -l ind (OMP_THREAD_LIMIT=1)"] = tesseract
        print(f"scans: {len(files)} PDFs, {len(images)} image-only pages, {rounds} interleaved rounds; "
              f"load avg before {_load()}", flush=True)
        times = _rounds(commands, files, rounds)
    rows = ["| pipeline | wall s, median (rounds) | s/page | × plain Tesseract (wall) | CPU s/page "
            "| × plain Tesseract (CPU) |", "|---|---|---|---|---|---|"]
    plain_wall, plain_cpu = _medians(times["2 x tesseract -l ind (OMP_THREAD_LIMIT=1)"])
    for name, values in times.items():
        wall, cpu = _medians(values)
        rows.append(f"| {name} | {wall:.1f} ({', '.join(f'{v[0]:.1f}' for v in values)}) | "
                    f"{wall / len(images):.2f} | {wall / plain_wall:.2f}× | {cpu / len(images):.2f} | "
                    f"{cpu / plain_cpu:.2f}× |")
    print("\n".join(rows))
    print(f"load avg after {_load()} (1/5/15 min; the machine is shared with other work)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("text", "scans"))
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tools", default=",".join(TOOLS),
                        help=f"alternatives to run in text mode (of {', '.join(TOOLS)}; '' for none)")
    parser.add_argument("--baseline", help="also run bukti as of this git commit, or from this source folder")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found: {args.corpus}")
    if args.mode == "text":
        run_text(args.corpus, args.rounds, args.baseline, [t for t in args.tools.split(",") if t])
    else:
        if not shutil.which("tesseract"):
            sys.exit("tesseract not found")
        run_scans(args.corpus, args.rounds, args.baseline)


if __name__ == "__main__":
    main()
