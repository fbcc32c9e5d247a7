"""How ``bukti assess`` scales with the number of documents, and what re-runs cost.

Reproduce::

    python benchmarks/scale_bench.py [--sizes 100,300,1000] [--prefect-size 300]

Folders of N distinct generated PDFs (``make_folder``: the example regulation, minutes and
decree texts with their numbers, years and body lines varied per document, plus a paragraph
of words drawn from the 900 most frequent Indonesian words (wordfreq), ~5 pages each: every file has different
text, so no cache can skip it). For each N, as a user runs it (new process, ``--ocr never``,
fresh SQLite database and ``BUKTI_HOME``):

* cold run: wall time, CPU time (user + system of the process and the descendants it waited
  for: far less disturbed by other work than wall time), pages/s, peak RSS and PSS summed over
  the bukti process and all its children (sampled from /proc every 0.1 s);
* unchanged re-run, as a ratio to the cold run (wall, and CPU in brackets);
* rule-pack change (a copy of spbe-2020 with one of ``tests/pack_edits``' edits, ``--edit``;
  by default one phrase no document holds added to indicator 1's topic): every document
  re-matched from cached extractions and the submission re-scored as far as the edit reaches,
  as a ratio to the cold run, and its peak memory;
* at ``--prefect-size`` also the cold run with ``--prefect`` (temporary Prefect server) as a
  ratio to the plain cold run.

The machine is shared with other work: the load average is printed with each row.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "examples"))

import texts  # noqa: E402  (examples/texts.py)
from wordfreq import top_n_list  # noqa: E402

from benchmarks.compare_tools import place  # noqa: E402
from tests import pack_edits  # noqa: E402

TEMPLATES = (texts.PERWALI_SPBE, texts.RANCANGAN_ARSITEKTUR, texts.SK_TIM, texts.NOTULEN, texts.UNRELATED)
FILLER_WORDS = 1400  # ~3 pages of running text on top of the template's ~2
# A fixed vocabulary (the 900 most frequent Indonesian words of wordfreq, about the size of the
# hand list the OCR lexicon used to be), so folders generated before and after a lexicon change
# hold the same kind of text.
VOCABULARY_SIZE = 900


def _document_text(n: int, words: list[str]) -> str:
    rng = random.Random(n)
    lines = TEMPLATES[n % len(TEMPLATES)].splitlines()
    head, body = lines[:12], lines[12:]
    rng.shuffle(body)
    head = [line.replace("17", str(n + 1)).replace("2024", str(2018 + n % 8)) for line in head]
    filler = " ".join(rng.choice(words) for _ in range(FILLER_WORDS))
    return "\n".join([*head, f"Dokumen uji {n:05d}", *body, filler])


def make_folder(count: int, root: Path) -> Path:
    """``root/N``: hard links to the first ``count`` generated PDFs (made once into ``root/all``)."""
    from generate import write_text_pdf  # examples/generate.py (reportlab)

    made, folder = root / "all", root / f"{count}"
    made.mkdir(parents=True, exist_ok=True)
    words = sorted([w for w in top_n_list("id", VOCABULARY_SIZE * 2) if w.isalpha()][:VOCABULARY_SIZE])
    for n in range(count):
        path = made / f"dok-{n:05d}.pdf"
        if not path.is_file():
            write_text_pdf(path, _document_text(n, words))
    if folder.is_dir() and any(p.is_symlink() for p in folder.iterdir()):
        shutil.rmtree(folder)  # made by an older version: bukti refuses links leaving the folder
    if not folder.is_dir():
        folder.mkdir()
        for n in range(count):
            place(made / f"dok-{n:05d}.pdf", folder / f"dok-{n:05d}.pdf")
    return folder


def changed_pack(into: Path, edit: str = "topic_phrase") -> Path:
    """A copy of spbe-2020 with one of ``tests/pack_edits``' edits: a new pack hash. The default
    adds a phrase no generated document holds to indicator 1's topic; ``criterion_threshold``
    changes one indicator's scoring (that indicator is folded again), ``term_list`` a list every
    indicator reads (all are)."""
    target = into / "spbe-2020"
    shutil.copytree(REPO / "rules" / "packs" / "spbe-2020", target)
    getattr(pack_edits, edit)(target)
    return target


def _tree_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) bytes summed over ``pid`` and all its descendants.

    RSS counts pages shared between processes (workers forked from the fork server share its
    imports and tokenizer) once per process; PSS splits them, so its sum is what the processes
    really occupy together.
    """
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    rss = pss = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            rollup = (Path("/proc") / str(current) / "smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Rss:"):
                rss += int(line.split()[1]) * 1024
            elif line.startswith("Pss:"):
                pss += int(line.split()[1]) * 1024
    return rss, pss


def run(folder: Path, db: Path, home: Path, framework: str, prefect: bool = False,
        extra_env: dict[str, str] | None = None) -> tuple[float, tuple[int, int], str, float]:
    """(wall seconds, peak summed (RSS, PSS) bytes, last output line, CPU seconds) of one
    ``bukti assess``; CPU counts the process and every descendant it (or its pool) waited for."""
    command = [sys.executable, "-m", "cli.main", "assess", str(folder), "--ocr", "never", "--db",
               f"sqlite:///{db}", "--region", "bench", "--year", "2026", "--framework", framework]
    if prefect:
        command.append("--prefect")
    env = {**os.environ, "BUKTI_HOME": str(home), "PREFECT_HOME": str(home / "prefect"),
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_SERVER_UI_ENABLED": "false",
           **(extra_env or {})}
    env.pop("BUKTI_DATABASE_URL", None)
    peak = (0, 0)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout or []), daemon=True)
    reader.start()
    while process.poll() is None:
        rss, pss = _tree_memory(process.pid)
        peak = (max(peak[0], rss), max(peak[1], pss))
        time.sleep(0.1)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    reader.join()
    if process.returncode not in (0, 1):
        raise RuntimeError(f"bukti assess failed ({process.returncode}):\n{''.join(output[-30:])}")
    summary = next((line.strip() for line in reversed(output) if "halaman" in line), "")
    return elapsed, peak, summary, cpu


def _pages(summary: str) -> int:
    words = summary.split()
    return int(words[words.index("halaman;") - 1]) if "halaman;" in words else 0


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,300,1000")
    parser.add_argument("--prefect-size", type=int, default=300)
    parser.add_argument("--edit", default="topic_phrase",
                        help="the rule-pack edit re-scored (a function of tests/pack_edits.py)")
    parser.add_argument("--folders", type=Path, default=Path(tempfile.gettempdir()) / "bukti-scale-docs")
    args = parser.parse_args()
    print("| documents | pages | cold s (CPU s) | pages/s | peak RSS / PSS, all processes | unchanged re-run "
          "(CPU) | rule re-score (CPU) | re-score peak RSS / PSS | --prefect cold | load avg |\n"
          "|---|---|---|---|---|---|---|---|---|---|", flush=True)
    for size in (int(s) for s in args.sizes.split(",")):
        folder = make_folder(size, args.folders)
        with tempfile.TemporaryDirectory(prefix="bukti-scale-") as tmp_name:
            tmp = Path(tmp_name)
            cold, peak, summary, cold_cpu = run(folder, tmp / "b.db", tmp / "home", "spbe-2020")
            again, _, _, again_cpu = run(folder, tmp / "b.db", tmp / "home", "spbe-2020")
            rescore, rescore_peak, _, rescore_cpu = run(folder, tmp / "b.db", tmp / "home",
                                                        str(changed_pack(tmp, args.edit)))
            prefect = ""
            if size == args.prefect_size:
                with_prefect, _, _, _ = run(folder, tmp / "p.db", tmp / "home-p", "spbe-2020", prefect=True)
                prefect = f"{with_prefect:.1f} s = {with_prefect / cold:.2f}×"
        pages = _pages(summary)
        print(f"| {size} | {pages} | {cold:.1f} ({cold_cpu:.1f}) | {pages / cold:.0f} | "
              f"{peak[0] / 2**20:.0f} / {peak[1] / 2**20:.0f} MB | "
              f"{again:.1f} s = {again / cold:.3f} ({again_cpu / cold_cpu:.3f}) | "
              f"{rescore:.1f} s = {rescore / cold:.2f} ({rescore_cpu / cold_cpu:.2f}) | "
              f"{rescore_peak[0] / 2**20:.0f} / {rescore_peak[1] / 2**20:.0f} MB | {prefect} | "
              f"{_load()} |", flush=True)


if __name__ == "__main__":
    main()
