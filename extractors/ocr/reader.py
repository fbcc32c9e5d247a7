"""OCR of scanned PDF pages and image files with Tesseract: the one entry point for OCR.

Pages are rendered with pypdfium2 (grayscale, ``OCR_DPI``) or read from the image file (every
frame of a multi-page TIFF), looked up in the page cache (``extractors.ocr.cache``) and the
misses are read by Tesseract in worker processes (``extractors.ocr.engine``), each with
``OMP_THREAD_LIMIT=1``. A page that cannot be rendered or read comes back as
``OcrPage(text="", error=...)``; only a missing Tesseract / language data
(:class:`MissingDependencyError`) or an unopenable PDF raise.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageOps

from core.errors import CorruptFileError, EncryptedError
from core.settings import ExtractOptions, get_settings
from extractors.ocr.cache import OcrCache
from extractors.ocr.engine import OcrJob, Recognition, describe_error
from extractors.ocr.models import INSTALL_HINT, OcrPage, TesseractInfo
from extractors.ocr.pool import PagePool
from extractors.ocr.tesseract import check_tesseract, split_languages

__all__ = ["INSTALL_HINT", "OcrPage", "TesseractInfo", "check_tesseract", "ocr_image", "ocr_pdf_pages"]

log = logging.getLogger(__name__)

# Measured on the 36 image-only corpus pages (same pipeline, Tesseract CPU per page): 250 dpi
# 1.48 s, 300 dpi 1.75 s, with the same words read (7,249 vs 7,230) and mean confidence (92.4
# vs 92.0). Generated pages: 250 dpi equal or better than 300 (heavy grain reads better after
# the downsampling); 200 dpi lost accuracy on 6 pt noised text (0.993 vs 0.998).
OCR_DPI = 250
# Bigger renders are scaled down (an A3 page at 300 dpi is 35 Mpx; posters would be far more).
MAX_PAGE_PIXELS = 60_000_000
# Tesseract time limit per page pass; a page over it becomes an error page.
PAGE_TIMEOUT_S = 300.0
# Image-file resolutions outside this range are not trusted (72 dpi is a common meaningless default).
_TRUSTED_DPI = range(150, 1201)

_Item = tuple[Image.Image, int | None] | str  # (page image, its dpi) or why there is none


def ocr_pdf_pages(path: Path, page_numbers: list[int], options: ExtractOptions) -> dict[int, OcrPage]:
    """OCR the given 1-based pages of a PDF; every requested page gets an entry."""
    info = check_tesseract(options.ocr_languages)
    wanted = list(dict.fromkeys(page_numbers))
    return _ocr_items(_pdf_pages(path, wanted), options, info, label=path.name)


def ocr_image(path: Path, options: ExtractOptions) -> list[OcrPage]:
    """OCR an image file: one page per frame (multi-page TIFF), one for PNG/JPEG."""
    info = check_tesseract(options.ocr_languages)
    pages = _ocr_items(_image_frames(path), options, info, label=path.name)
    return [pages[n] for n in sorted(pages)]


def default_cache_dir() -> Path:
    return get_settings().home / "ocr-cache"


def _ocr_items(
    items: Iterable[tuple[int, _Item]], options: ExtractOptions, info: TesseractInfo, *, label: str
) -> dict[int, OcrPage]:
    languages = "+".join(split_languages(options.ocr_languages))
    cache = OcrCache(
        options.ocr_cache_dir or default_cache_dir(), languages=languages, tesseract_version=info.version
    )
    workers = max(1, min(options.ocr_workers, os.cpu_count() or 1))
    pages: dict[int, OcrPage] = {}
    keys: dict[int, str] = {}

    def finish(done: list[tuple[int, Recognition]]) -> None:
        for number, result in done:
            cache.put(keys[number], result)
            pages[number] = _to_page(result, cached=False)
            _log_page(label, number, result)

    with PagePool(workers) as pool:
        for number, item in items:
            if isinstance(item, str):
                pages[number] = OcrPage(error=item)
                log.warning("OCR %s page %d: %s", label, number, item)
                continue
            image, dpi = item
            keys[number] = cache.key(image)
            hit = cache.get(keys[number])
            if hit is not None:
                pages[number] = _to_page(hit, cached=True)
                continue
            job = OcrJob.from_image(image, languages=languages, dpi=dpi, osd=info.osd, timeout=PAGE_TIMEOUT_S)
            finish(pool.submit(number, job))
        finish(pool.drain())
    return pages


def _to_page(result: Recognition, *, cached: bool) -> OcrPage:
    return OcrPage(
        text=result.text,
        confidence=result.confidence,
        error=result.error,
        rotated=result.rotated,
        cached=cached,
    )


def _log_page(label: str, number: int, result: Recognition) -> None:
    if result.error:
        log.warning("OCR %s page %d failed: %s", label, number, result.error)
    else:
        log.info(
            "OCR %s page %d: %d words, confidence %s, %.1f s%s",
            label,
            number,
            result.words,
            result.confidence,
            result.seconds,
            f" ({', '.join(result.steps)})" if result.steps else "",
        )


def _pdf_pages(path: Path, numbers: list[int]) -> Iterator[tuple[int, _Item]]:
    """Rendered pages, lazily, so at most a few page images are in memory at once."""
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise EncryptedError(
                f"'{path.name}' dilindungi kata sandi; hapus kata sandinya agar dapat dibaca OCR"
            ) from e
        raise CorruptFileError(
            f"'{path.name}' tidak dapat dibuka sebagai PDF untuk OCR ({e}); ekspor ulang dari dokumen aslinya"
        ) from e
    try:
        count = len(pdf)
        for number in numbers:
            if not 1 <= number <= count:
                yield number, f"halaman {number} tidak ada ('{path.name}' hanya {count} halaman)"
                continue
            try:
                yield number, _render(pdf, number)
            except (pdfium.PdfiumError, OSError, ValueError, MemoryError) as e:
                yield number, f"halaman {number} tidak dapat dirender: {describe_error(e)}"
    finally:
        pdf.close()


def _render(pdf: pdfium.PdfDocument, number: int) -> tuple[Image.Image, int]:
    page = pdf[number - 1]
    try:
        width, height = page.get_size()
        scale = OCR_DPI / 72
        pixels = width * height * scale * scale
        if pixels > MAX_PAGE_PIXELS:
            scale *= math.sqrt(MAX_PAGE_PIXELS / pixels)
        bitmap = page.render(scale=scale, grayscale=True)
        # copy(): the PIL image would otherwise share pdfium's buffer, freed with the bitmap.
        image = bitmap.to_pil().convert("L").copy()
        bitmap.close()
        return image, round(scale * 72)
    finally:
        page.close()


def _image_frames(path: Path) -> Iterator[tuple[int, _Item]]:
    try:
        image = Image.open(path)
        frames = getattr(image, "n_frames", 1)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as e:
        yield 1, f"'{path.name}' tidak dapat dibaca sebagai gambar: {describe_error(e)}"
        return
    with image:
        for index in range(frames):
            try:
                image.seek(index)
                yield index + 1, _frame_item(image)
            except (OSError, ValueError, EOFError, SyntaxError, Image.DecompressionBombError) as e:
                detail = describe_error(e)
                yield index + 1, f"frame {index + 1} dari '{path.name}' tidak dapat dibaca: {detail}"


def _frame_item(frame: Image.Image) -> tuple[Image.Image, int | None]:
    dpi = _trusted_dpi(frame)
    image = _grayscale(frame)
    if image.width * image.height > MAX_PAGE_PIXELS:
        factor = math.sqrt(MAX_PAGE_PIXELS / (image.width * image.height))
        size = (int(image.width * factor), int(image.height * factor))
        image = image.resize(size, Image.Resampling.LANCZOS)
        dpi = round(dpi * factor) if dpi else None
    return image, dpi


def _grayscale(frame: Image.Image) -> Image.Image:
    """8-bit grayscale, upright by the EXIF tag, transparency composited on white."""
    out = ImageOps.exif_transpose(frame) or frame.copy()
    if out.mode == "P" or "A" in out.getbands():
        rgba = out.convert("RGBA")
        out = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        out.alpha_composite(rgba)
    if out.mode.startswith("I;16"):
        out = out.convert("I").point(lambda v: v / 257)  # 16-bit scans: scale, don't clip
    return out.convert("L")


def _trusted_dpi(frame: Image.Image) -> int | None:
    dpi = frame.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else None
    except (TypeError, ValueError, IndexError):
        return None
    return value if value in _TRUSTED_DPI else None
