"""A run starts the files with the most pages of work first, whatever their size in bytes."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from extractors.workload import BYTES_PER_PAGE, estimated_pages
from pipeline.incremental import Lookup
from pipeline.run import work_order
from pipeline.work import PlannedFile


def _pdf(path: Path, pages: int, padding: int = 0) -> Path:
    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    pdf.save(path)
    pdf.close()
    if padding:  # bytes after %%EOF: a bigger file with the same pages, as a scan's images make it
        with path.open("ab") as out:
            out.write(b"\n%" + b"x" * padding)
    return path


def _planned(path: Path, **extra: object) -> PlannedFile:
    return PlannedFile(path=str(path), name=path.name, sha256="ab" * 32, size=path.stat().st_size, **extra)


def test_estimated_pages_counts_pdf_pages_and_image_frames(tmp_path: Path) -> None:
    assert estimated_pages(_pdf(tmp_path / "a.pdf", 3), 0) == 3
    frames = [Image.new("L", (20, 20), v) for v in (0, 128, 255)]
    tiff = tmp_path / "scan.tiff"
    frames[0].save(tiff, save_all=True, append_images=frames[1:])
    assert estimated_pages(tiff, tiff.stat().st_size) == 3
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf" * 10)
    assert estimated_pages(broken, 90) == 1  # unreadable: quick work, extraction records why
    assert estimated_pages(tmp_path / "notes.docx", 3 * BYTES_PER_PAGE) == 4


def test_work_order_puts_long_small_files_before_short_big_ones(tmp_path: Path) -> None:
    short_big = _planned(_pdf(tmp_path / "short.pdf", 2, padding=200_000))
    long_small = _planned(_pdf(tmp_path / "long.pdf", 12))
    middle = _planned(_pdf(tmp_path / "middle.pdf", 5))
    files = [short_big, long_small, middle]
    assert files[0].size > files[1].size
    assert work_order(files) == [1, 2, 0]


def test_work_order_does_not_open_cached_or_duplicate_files(tmp_path: Path) -> None:
    long_cached = _planned(_pdf(tmp_path / "cached.pdf", 30))
    copy = _planned(_pdf(tmp_path / "copy.pdf", 20), duplicate_of="cached.pdf")
    short = _planned(_pdf(tmp_path / "short.pdf", 2))
    cached = Lookup(info=object(), match_cached=True)  # type: ignore[arg-type]
    assert work_order([long_cached, copy, short], {0: cached, 2: Lookup(None)})[0] == 2
