"""Benchmark the OCR stage: seconds per page with 1 and 2 workers, then the warm-cache saving.

Generated pages (``extractors.ocr.eval``: known Indonesian text, full A4, a mix of clean,
noised, skewed and upside-down pages, stored as an image-only PDF) and, with ``--corpus``,
the image-only scans of the shared corpus are OCR'd through ``extractors.ocr.reader.ocr_pdf_pages``
with a fresh cache for each worker count, then once more on the warm cache. Each run starts
and stops its worker processes, so the times include the ~0.6 s worker start-up. Prints a markdown
table; character accuracy is reported for the generated pages (known text).

    python benchmarks/ocr_bench.py --pages 8 --corpus --corpus-pages 12

The machine is shared and noisy: the 1-minute load average is printed with the results, and
"CPU s/page" (this process + workers + their tesseract runs) is reported because it does not
depend on what else runs; on an idle 2-core box, 2-worker wall time is about half of it.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pypdfium2 as pdfium  # noqa: E402

from core.settings import ExtractOptions  # noqa: E402
from extractors.ocr.eval import (  # noqa: E402
    SAMPLE_PARAGRAPHS,
    character_accuracy,
    degrade,
    find_font,
    render_text_page,
    rotate_page,
    sample_text,
)
from extractors.ocr.pool import shutdown_workers  # noqa: E402
from extractors.ocr.reader import OCR_DPI, check_tesseract, ocr_pdf_pages  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
# Page recipes cycled over the generated pages: (turn degrees, damage).
RECIPES: list[tuple[float, dict[str, float]]] = [
    (0, {}),
    (0, {"gaussian_sigma": 25, "salt_pepper": 0.003, "blur_radius": 0.8}),
    (-2.5, {"gaussian_sigma": 15, "blur_radius": 0.6}),
    (0, {"gaussian_sigma": 15, "blur_radius": 0.7}),
    (180, {"gaussian_sigma": 15, "blur_radius": 0.6}),
    (1.5, {}),
]


@dataclass
class Run:
    label: str
    pages: int
    workers: int
    cache: str
    seconds: float
    cpu_seconds: float  # this process + all worker processes and their tesseract runs
    accuracy: float | None


def make_generated_pdf(count: int, folder: Path) -> tuple[Path, str]:
    """An image-only PDF of ``count`` full A4 pages (~260 words each) and its reference text."""
    font = find_font()
    if font is None:
        raise SystemExit("no DejaVu font found; install fonts-dejavu-core")
    paragraphs = SAMPLE_PARAGRAPHS * 2
    page = render_text_page(paragraphs, font_path=font, font_pt=11)
    images = []
    for i in range(count):
        turn, damage = RECIPES[i % len(RECIPES)]
        damaged = degrade(page, seed=i, **damage) if damage else page
        images.append(rotate_page(damaged, turn) if turn else damaged)
    path = folder / "generated.pdf"
    images[0].save(path, save_all=True, append_images=images[1:], resolution=300)
    return path, sample_text(paragraphs)


def corpus_scans(root: Path, limit: int) -> list[tuple[Path, int]]:
    """(file, page) of image-only PDF pages in the corpus, up to ``limit`` pages."""
    found: list[tuple[Path, int]] = []
    for path in sorted(root.rglob("*.pdf")):
        pdf = pdfium.PdfDocument(path)
        try:
            if pdf[0].get_textpage().count_chars() > 0:
                continue
            found.extend((path, n) for n in range(1, len(pdf) + 1))
        finally:
            pdf.close()
        if len(found) >= limit:
            break
    return found[:limit]


def run_set(
    label: str, pages: list[tuple[Path, int]], reference: str | None, workers: int, cache: Path
) -> Run:
    options = ExtractOptions(ocr_workers=workers, ocr_cache_dir=cache)
    by_file: dict[Path, list[int]] = {}
    for path, number in pages:
        by_file.setdefault(path, []).append(number)
    cpu_before, start = _cpu_seconds(), time.perf_counter()
    results = [ocr_pdf_pages(path, numbers, options) for path, numbers in by_file.items()]
    shutdown_workers()  # counted in: their CPU time reaches RUSAGE_CHILDREN only once they exit
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu_before
    read = [page for result in results for page in result.values()]
    warm = all(page.cached for page in read)
    failed = [page.error for page in read if page.error]
    if failed:
        print(f"warning: {len(failed)} failed pages in {label}: {failed[:3]}", file=sys.stderr)
    accuracy = statistics.mean(character_accuracy(reference, p.text) for p in read) if reference else None
    return Run(label, len(pages), workers, "warm" if warm else "cold", seconds, cpu, accuracy)


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (workers and their tesseract runs)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def table(runs: list[Run]) -> str:
    lines = [
        "| pages | n | workers | cache | seconds | s/page | CPU s/page | mean char. accuracy |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        accuracy = f"{r.accuracy:.4f}" if r.accuracy is not None else "-"
        per_page = f"{r.seconds / r.pages:.2f}"
        cpu = f"{r.cpu_seconds / r.pages:.2f}"
        cells = [r.label, r.pages, r.workers, r.cache, f"{r.seconds:.1f}", per_page, cpu, accuracy]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


def savings(runs: list[Run]) -> list[str]:
    out = []
    for label in dict.fromkeys(r.label for r in runs):
        cold = [
            r
            for r in runs
            if r.label == label and r.cache == "cold" and r.workers == max(x.workers for x in runs)
        ]
        warm = [r for r in runs if r.label == label and r.cache == "warm"]
        if cold and warm:
            share = 1 - warm[0].seconds / cold[0].seconds
            out.append(f"- {label}: warm cache saves {share:.1%} of the {cold[0].workers}-worker time")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=8, help="generated pages to OCR")
    parser.add_argument("--corpus", action="store_true", help="also OCR image-only corpus scans")
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--corpus-pages", type=int, default=12)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    args = parser.parse_args()

    info = check_tesseract("ind+eng")
    load_before = os.getloadavg()[0]
    worker_counts = [int(w) for w in args.workers.split(",")]
    with tempfile.TemporaryDirectory(prefix="bukti-ocr-bench-") as tmp:
        folder = Path(tmp)
        generated, reference = make_generated_pdf(args.pages, folder)
        sets: list[tuple[str, list[tuple[Path, int]], str | None]] = [
            ("generated", [(generated, n) for n in range(1, args.pages + 1)], reference)
        ]
        if args.corpus and args.corpus_dir.is_dir():
            sets.append(("corpus scans", corpus_scans(args.corpus_dir, args.corpus_pages), None))
        runs: list[Run] = []
        for label, pages, ref in sets:
            for workers in worker_counts:
                cache = folder / f"cache-{label}-{workers}"
                runs.append(run_set(label, pages, ref, workers, cache))
            runs.append(run_set(label, pages, ref, max(worker_counts), cache))  # same cache: warm
    load_after = os.getloadavg()[0]
    print(f"Tesseract {info.version}, {OCR_DPI} dpi, {os.cpu_count()} CPUs, ", end="")
    print(f"1-min load average {load_before:.2f} before, {load_after:.2f} after\n")
    print(table(runs))
    print("\n" + "\n".join(savings(runs)))


if __name__ == "__main__":
    main()
