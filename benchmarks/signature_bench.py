"""Benchmark the signature-image OCR fallback over a folder of PDFs: how often it runs, what it costs.

Each PDF is extracted with OCR off (text layer only); the fallback
(``extractors.ocr.signature_image.ocr_missing_signatures``) is then timed on those pages twice, with a
fresh OCR cache and with the warm one, and identity is read again to see whether a signer was
found. Prints a markdown table row per document the fallback looked at, and totals.

    python benchmarks/signature_bench.py --corpus-dir ../shared/corpus
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from core.settings import ExtractOptions, OcrMode  # noqa: E402
from extractors.api import extract_document  # noqa: E402
from extractors.identity.document import detect_identity  # noqa: E402
from extractors.ocr.signature_image import ocr_missing_signatures, unsigned_blocks  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"


def bench(folder: Path) -> None:
    pdfs = sorted(p for p in folder.rglob("*.pdf") if p.is_file())
    looked, total_cold, total_warm, found = 0, 0.0, 0.0, 0
    print("| document | blocks | cold s | warm s | signer found |\n|---|---|---|---|---|")
    started = time.perf_counter()
    for path in pdfs:
        doc = extract_document(path, ExtractOptions(ocr=OcrMode.never, tables=False))
        if doc.metadata.signer is not None or not unsigned_blocks(doc.pages):
            continue
        looked += 1
        with tempfile.TemporaryDirectory() as cache:
            options = ExtractOptions(ocr_cache_dir=Path(cache))
            cold = ocr_missing_signatures(path, doc.pages, options)
            warm = ocr_missing_signatures(path, doc.pages, options)
        meta, _ = detect_identity(cold.pages)
        signer = meta.signer.value if meta.signer else "-"
        found += meta.signer is not None
        total_cold, total_warm = total_cold + cold.seconds, total_warm + warm.seconds
        print(
            f"| {path.name[:60]} | {len(unsigned_blocks(doc.pages))} | {cold.seconds:.2f} | "
            f"{warm.seconds:.2f} | {signer} |"
        )
    print(
        f"\n{len(pdfs)} PDFs in {time.perf_counter() - started:.1f} s; fallback looked at {looked}, "
        f"found {found} signers; {total_cold:.2f} s cold, {total_warm:.2f} s warm in total; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    if not args.corpus_dir.is_dir():
        sys.exit(f"no folder {args.corpus_dir}: pass --corpus-dir")
    bench(args.corpus_dir)


if __name__ == "__main__":
    main()
