"""What Tesseract's ``eng`` model and Sauvola thresholding buy bukti, against what they cost.

Reproduce::

    python benchmarks/ocr_options.py [--corpus-dir ../shared/corpus] [--corpus-pages 30]

Each page is prepared as bukti prepares it (``extractors.ocr.preprocess.prepare``, rendered at
``OCR_DPI``), then read by one plain Tesseract pass (psm 3, as ``extractors.ocr.engine.read_page``)
under four settings: languages ``ind+eng`` or ``ind``, thresholding Sauvola (method 2) or Otsu
(method 0). Measured per setting:

* generated pages of known Indonesian text (clean, speckled, grainy, skewed): character accuracy;
* image-only corpus pages (no reference text): mean word confidence, words read, and the share of
  words of 4+ letters found in bukti's Indonesian lexicon (wordfreq + ``data/spbe_terms.txt``),
  a reference-free proxy that drops when words are misread;
* Tesseract CPU seconds per page (the child processes' user + system time).

Two pages are read at a time, one OpenMP thread each, as bukti's OCR pool does.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pypdfium2 as pdfium  # noqa: E402
import pytesseract  # noqa: E402
from PIL import Image  # noqa: E402

from extractors.ocr.engine import parse_tsv  # noqa: E402
from extractors.ocr.eval import (  # noqa: E402
    SAMPLE_PARAGRAPHS,
    character_accuracy,
    degrade,
    find_font,
    render_text_page,
    rotate_page,
    sample_text,
)
from extractors.ocr.lexicon import lexicon  # noqa: E402
from extractors.ocr.preprocess import prepare  # noqa: E402
from extractors.ocr.reader import OCR_DPI  # noqa: E402

SETTINGS = {  # label -> (languages, thresholding_method)
    "ind+eng, Sauvola (bukti today)": ("ind+eng", 2),
    "ind+eng, Otsu": ("ind+eng", 0),
    "ind, Sauvola": ("ind", 2),
    "ind, Otsu": ("ind", 0),
}
GENERATED = [  # (turn degrees, damage), upright or slightly skewed: what one plain pass must read
    (0, {}),
    (0, {"gaussian_sigma": 25, "salt_pepper": 0.005, "blur_radius": 0.8}),
    (0, {"gaussian_sigma": 40, "blur_radius": 1.0}),
    (-3, {"gaussian_sigma": 15, "blur_radius": 0.6}),
    (2, {"gaussian_sigma": 15, "blur_radius": 0.6}),
]
_WORD = re.compile(r"[A-Za-z]{4,}")


def generated_pages() -> list[Image.Image]:
    font = find_font()
    if font is None:
        raise SystemExit("no DejaVu font found; install fonts-dejavu-core")
    page = render_text_page(SAMPLE_PARAGRAPHS, font_path=font, font_pt=11)
    out = []
    for seed, (turn, damage) in enumerate(GENERATED):
        damaged = degrade(page, seed=seed, **damage) if damage else page
        out.append(rotate_page(damaged, turn) if turn else damaged)
    return out


def corpus_pages(root: Path, limit: int) -> list[Image.Image]:
    """Up to ``limit`` image-only corpus pages, spread over the files (every k-th page)."""
    found: list[tuple[Path, int]] = []
    for path in sorted(root.rglob("*.pdf")):
        pdf = pdfium.PdfDocument(path)
        if all(len(pdf[i].get_textpage().get_text_range().strip()) < 20 for i in range(len(pdf))):
            found.extend((path, i) for i in range(len(pdf)))
        pdf.close()
    step = max(1, len(found) // limit)
    images = []
    for path, index in found[::step][:limit]:
        pdf = pdfium.PdfDocument(path)
        images.append(pdf[index].render(scale=OCR_DPI / 72, grayscale=True).to_pil())
        pdf.close()
    return images


def _read(image: Image.Image, languages: str, method: int, dpi: int | None) -> str:
    config = f"--psm 3 -c thresholding_method={method}" + (f" --dpi {dpi}" if dpi else "")
    with tempfile.TemporaryDirectory(prefix="bukti-ocropt-") as tmp:
        path = Path(tmp) / "page.pgm"
        image.save(path)
        return pytesseract.image_to_data(str(path), lang=languages, config=config)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def read_all(images: list[Image.Image], languages: str, method: int, dpi: int | None) -> tuple[list, float]:
    before = _cpu()
    with ThreadPoolExecutor(2) as threads:
        results = list(threads.map(lambda im: parse_tsv(_read(im, languages, method, dpi)), images))
    return results, (_cpu() - before) / len(images)


def lexicon_share(texts: list[str], words: frozenset[str]) -> float:
    found = [w.lower() for text in texts for w in _WORD.findall(text)]
    return sum(w in words for w in found) / max(len(found), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-dir", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--corpus-pages", type=int, default=30)
    args = parser.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    reference = sample_text()
    generated = [prepare(p)[0] for p in generated_pages()]
    scans = [prepare(p)[0] for p in corpus_pages(args.corpus_dir, args.corpus_pages)] \
        if args.corpus_dir.is_dir() else []
    words = lexicon()
    print(f"{len(generated)} generated pages (300 dpi), {len(scans)} image-only corpus pages "
          f"({OCR_DPI} dpi); load avg {'/'.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("| setting | generated: char accuracy, min / mean | CPU s/page | corpus: mean confidence "
          "| words | in word list | CPU s/page |\n|---|---|---|---|---|---|---|")
    for label, (languages, method) in SETTINGS.items():
        gen, gen_cpu = read_all(generated, languages, method, 300)
        accuracy = [character_accuracy(reference, r.text) for r in gen]
        row = f"| {label} | {min(accuracy):.4f} / {statistics.mean(accuracy):.4f} | {gen_cpu:.2f} |"
        if scans:
            res, cpu = read_all(scans, languages, method, OCR_DPI)
            conf = statistics.mean(r.confidence or 0 for r in res)
            share = lexicon_share([r.text for r in res], words)
            row += f" {conf:.1f} | {sum(r.words for r in res)} | {share:.3f} | {cpu:.2f} |"
        print(row, flush=True)


if __name__ == "__main__":
    main()
