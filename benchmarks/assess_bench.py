"""Time ``bukti assess`` on the example folder and measure page throughput of the pipeline.

Reproduce: ``python benchmarks/assess_bench.py [--corpus ../shared/corpus]``

1. ``bukti assess examples/kota-sukamaju`` as a user runs it (new process: imports, spaCy
   ``blank("id")`` start-up, SQLite migration, extraction, matching, storing), best of 3.
2. The library pipeline on every text-layer PDF of the corpus (when present) with OCR off, so the
   figure is page throughput of extraction + identity + matching + storing, not of Tesseract.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def time_cli(runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [sys.executable, "-m", "cli.main", "assess", str(REPO / "examples" / "kota-sukamaju"),
                   "--db", f"sqlite:///{tmp}/b.db"]
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, cwd=REPO)
            best = min(best, time.perf_counter() - start)
    return best


def corpus_throughput(corpus: Path, tables: bool) -> tuple[int, int, float]:
    from benchmarks.compare_tools import place
    from core.settings import ExtractOptions, OcrMode
    from pipeline.assess import assess_folder
    from pipeline.models import AssessOptions
    from rules.matcher import get_nlp

    get_nlp()  # one-off spaCy start-up is not page throughput
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for pdf in sorted(corpus.rglob("*.pdf")):
            if "national-reference" not in pdf.parts:
                place(pdf, folder / f"{pdf.parent.name}__{pdf.name}")  # bukti refuses symlinks leaving it
        options = AssessOptions(database_url=f"sqlite:///{tmp}/b.db", region="bench", year=2026,
                                extract=ExtractOptions(ocr=OcrMode.never, tables=tables))
        start = time.perf_counter()
        result = assess_folder(folder, options)
        elapsed = time.perf_counter() - start
    return len(result.documents), result.pages, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    args = parser.parse_args()
    cli = time_cli()
    print("| measurement | value |\n|---|---|")
    print(f"| `bukti assess examples/kota-sukamaju` (6 files, 11 pages), wall, best of 3 | {cli:.1f} s |")
    if args.corpus.is_dir() and shutil.which("true"):
        for tables in (True, False):
            docs, pages, elapsed = corpus_throughput(args.corpus, tables)
            label = "pdfplumber tables on ruled pages" if tables else "tables off"
            print(f"| corpus PDFs, OCR off, {label}: {docs} files, {pages} pages "
                  f"| {elapsed:.1f} s = {pages / elapsed:.0f} pages/s |")


if __name__ == "__main__":
    main()
