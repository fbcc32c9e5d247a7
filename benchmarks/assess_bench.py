"""Time ``bukti assess`` on the example folder and measure page throughput of the pipeline.

Reproduce: ``python benchmarks/assess_bench.py [--corpus ../shared/corpus]``

1. ``bukti assess examples/kota-sukamaju`` as a user runs it (new process: imports, spaCy
   ``blank("id")`` start-up, SQLite migration, extraction, matching, storing), best of 3; then
   the same command again on the same database (everything cached), best of 3.
2. The library pipeline on every text-layer PDF of the corpus (when present) with OCR off, so the
   figure is page throughput of extraction + identity + matching + storing, not of Tesseract.
3. Extraction alone (``extract_document``: text layer, cleanup, structure, identity) of one
   40-page text PDF of the corpus, best of 3 in a warm process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


EXTRACT_SAMPLE = Path("tugas-akhir-spbe") / "BatuBara.pdf"  # 40 pages, text layer


def time_cli(runs: int = 3) -> tuple[float, float]:
    """Best wall seconds of a first run (fresh home and database) and of a second, cached run."""
    first, again = float("inf"), float("inf")
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [sys.executable, "-m", "cli.main", "assess", str(REPO / "examples" / "kota-sukamaju"),
                   "--db", f"sqlite:///{tmp}/b.db"]
            env = {**os.environ, "BUKTI_HOME": f"{tmp}/home"}
            times = []
            for _ in range(2):  # the first run extracts and matches, the second finds it all cached
                start = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True, cwd=REPO, env=env)
                times.append(time.perf_counter() - start)
            first, again = min(first, times[0]), min(again, times[1])
    return first, again


def time_extraction(path: Path, runs: int = 3) -> tuple[int, float]:
    """Pages and best seconds of ``extract_document`` on ``path`` (imports and first call excluded)."""
    from extractors.api import extract_document

    pages = len(extract_document(path, raise_errors=True).pages)
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        extract_document(path, raise_errors=True)
        best = min(best, time.perf_counter() - start)
    return pages, best


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
    first, again = time_cli()
    print("| measurement | value |\n|---|---|")
    print(f"| `bukti assess examples/kota-sukamaju` (6 files, 11 pages), wall, best of 3 | {first:.1f} s |")
    print(f"| same folder, second run on the same database (all cached), wall, best of 3 | {again:.1f} s |")
    if args.corpus.is_dir() and shutil.which("true"):
        for tables in (True, False):
            docs, pages, elapsed = corpus_throughput(args.corpus, tables)
            label = "pdfplumber tables on ruled pages" if tables else "tables off"
            print(f"| corpus PDFs, OCR off, {label}: {docs} files, {pages} pages "
                  f"| {elapsed:.1f} s = {pages / elapsed:.0f} pages/s |")
        sample = args.corpus / EXTRACT_SAMPLE
        if sample.is_file():
            pages, best = time_extraction(sample)
            print(f"| extraction only, `{sample.name}` ({pages} pages, text layer), best of 3 "
                  f"| {best:.3f} s = {pages / best:.0f} pages/s |")


if __name__ == "__main__":
    main()
