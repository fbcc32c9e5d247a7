"""Peak memory of rendering one giant PDF page the way the review app's page-image route does.

    /usr/bin/time -f "%M KB max RSS %e s" python benchmarks/render_giant_page.py [SIDE_PT]

SIDE_PT defaults to 14,400 pt (200 inches, the largest page PDF allows without UserUnit).
Before the render cap this took 3.2 GB and 14 s per request; see docs/reliability.md.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from review.pages import PAGE_RENDER_SCALE, _render_pdf  # noqa: E402
from review.settings import ReviewSettings  # noqa: E402


def main() -> None:
    side = float(sys.argv[1]) if len(sys.argv) > 1 else 14_400.0
    path = Path(tempfile.mkdtemp()) / "giant.pdf"
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(side, side)
    pdf.save(path)
    pdf.close()
    started = time.perf_counter()
    png = _render_pdf(path, 1, PAGE_RENDER_SCALE, [], ReviewSettings().max_render_pixels)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{side:.0f} pt page: {len(png):,} bytes PNG in {elapsed:.1f} s; peak RSS {peak} MB")


if __name__ == "__main__":
    main()
