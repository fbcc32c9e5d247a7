"""Cited pages: the stored page text, and a PNG of the page rendered from the stored file.

A page image is rendered only when the file at ``documents.path`` still has the sha256 the
citation was made on; otherwise (moved, edited, deleted) the screen shows the stored text and
says why, so an assessor never sees a page of a different file version. DOCX has no fixed
pages: its stored page text is shown instead, with a note.

Every image is bounded (:class:`RenderLimits`, from the review settings): a giant PDF page is
rendered at a smaller scale and a large scan scaled down, so no image has more than
``max_pixels``; an evidence image claiming more than ``max_image_pixels`` (a decompression bomb)
is never decoded: the screen shows the stored text and says why, the image URL answers 422.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import CorruptFileError, InputError
from core.settings import get_settings
from extractors.discovery.archive_folder import resolve_source_path
from review.errors import NotFoundError, PageImageTooLargeError
from review.settings import PAGE_RENDER_SCALE, ReviewSettings
from store.models import Citation, Document, Page

# pdfium is not thread-safe and the web app renders from a thread pool.
_PDFIUM_LOCK = threading.Lock()
_IMAGE_FORMATS = ("pdf", "image")


@dataclass(frozen=True)
class RenderLimits:
    """Pixel bounds of page images: of the PNG served, and of an evidence image decoded at all."""

    max_pixels: int
    max_image_pixels: int

    @classmethod
    def from_settings(cls, settings: ReviewSettings | None = None) -> RenderLimits:
        settings = settings or ReviewSettings()
        return cls(settings.max_render_pixels, settings.max_image_pixels)


@dataclass(frozen=True)
class PageSource:
    """One stored page and whether an image of it can be shown."""

    submission_id: int
    document_id: int
    file_name: str
    format: str
    number: int
    page_count: int
    text: str
    method: str
    image_available: bool
    note: str | None  # why there is no image, in Indonesian
    too_large: bool = False  # the note says the image would be a decompression bomb


def page_source(
    session: Session, submission_id: int, document_id: int, number: int, limits: RenderLimits | None = None
) -> PageSource:
    """The stored page ``number`` of a document of the submission (NotFoundError otherwise)."""
    document = _document(session, submission_id, document_id)
    page = session.scalar(select(Page).where(Page.document_id == document.id, Page.number == number))
    if page is None:
        raise NotFoundError(f"halaman {number} dari {document.name} tidak tersimpan")
    note = _image_problem(document)
    oversized = None
    if note is None and document.format == "image":
        oversized = _oversized(_disk_path(document), number, limits or RenderLimits.from_settings())
    return PageSource(
        submission_id=submission_id,
        document_id=document.id,
        file_name=document.name,
        format=document.format,
        number=number,
        page_count=document.page_count,
        text=page.text,
        method=page.method,
        image_available=note is None and oversized is None,
        note=note or oversized,
        too_large=oversized is not None,
    )


def citation_spans(
    session: Session, document_id: int, number: int, citation_id: int | None
) -> list[tuple[int, int]]:
    """The character span of a citation on this page (empty when it is not on this page)."""
    if citation_id is None:
        return []
    citation = session.get(Citation, citation_id)
    if citation is None or (citation.document_id, citation.page) != (document_id, number):
        return []
    return [(citation.start, citation.end)]


def cited_indicator(session: Session, submission_id: int, citation_id: int | None) -> str | None:
    """The indicator whose proposal made the citation: the page view's way back to it."""
    citation = session.get(Citation, citation_id) if citation_id is not None else None
    if citation is None or citation.proposal.submission_id != submission_id:
        return None
    return citation.proposal.indicator_id


def render_page_png(
    session: Session,
    submission_id: int,
    document_id: int,
    number: int,
    citation_id: int | None = None,
    scale: float = PAGE_RENDER_SCALE,
    limits: RenderLimits | None = None,
) -> bytes:
    """PNG of page ``number`` rendered from the stored file, the citation's words boxed when found.

    NotFoundError when the page cannot be rendered (no fixed layout, file gone or changed);
    PageImageTooLargeError when the evidence image is a decompression bomb.
    """
    limits = limits or RenderLimits.from_settings()
    source = page_source(session, submission_id, document_id, number, limits)
    if source.too_large:
        raise PageImageTooLargeError(source.note or "gambar halaman terlalu besar")
    if not source.image_available:
        raise NotFoundError(source.note or "gambar halaman tidak tersedia")
    document = _document(session, submission_id, document_id)
    path = _disk_path(document)
    if document.format != "pdf":
        return _render_image(path, number, limits)
    spans = citation_spans(session, document_id, number, citation_id)
    needles = [(" ".join(source.text[s:e].split()), s) for s, e in spans]
    return _render_pdf(path, number, scale, [(n, near) for n, near in needles if n], limits.max_pixels)


def _disk_path(document: Document) -> Path:
    """The stored file on disk; a ZIP member is unpacked again from its archive if needed."""
    return resolve_source_path(document.path, get_settings().home / "archives")


def _document(session: Session, submission_id: int, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None or document.submission_id != submission_id:
        raise NotFoundError(f"dokumen {document_id} tidak ditemukan dalam pengajuan {submission_id}")
    return document


def _image_problem(document: Document) -> str | None:
    if document.format not in _IMAGE_FORMATS:
        return (
            f"Berkas {document.format.upper()} tidak memiliki tata letak halaman tetap; "
            "yang ditampilkan adalah teks halaman yang tersimpan."
        )
    try:
        path = _disk_path(document)
    except InputError:
        path = Path(document.path)
    if not path.is_file():
        return f"Berkas asli tidak ditemukan lagi di {path}; yang ditampilkan adalah teks yang tersimpan."
    stat = path.stat()
    if _sha256(str(path), stat.st_mtime_ns, stat.st_size) != document.sha256:
        return (
            f"Berkas di {path} telah berubah sejak dibaca; yang ditampilkan adalah teks yang tersimpan "
            "dari versi yang dikutip."
        )
    return None


@functools.lru_cache(maxsize=256)
def _sha256(path: str, mtime_ns: int, size: int) -> str:
    """sha256 of a file, cached per (path, mtime, size) so pages of one file hash it once."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _oversized(path: Path, number: int, limits: RenderLimits) -> str | None:
    """Why page ``number`` of an evidence image must not be decoded (too many pixels), or None.

    Reads only the header (and the frame's, in a multi-page TIFF): cheap even for a bomb.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # checked just below
            with Image.open(path) as image:
                image.seek(number - 1)
                pixels = image.size[0] * image.size[1]
    except Image.DecompressionBombError:
        pixels = None
    except (OSError, EOFError, ValueError):
        return None  # unreadable or no such frame: rendering reports it as before
    if pixels is not None and pixels <= limits.max_image_pixels:
        return None
    # Pillow refuses to even report sizes past twice its own threshold
    pillow_limit = 2 * (Image.MAX_IMAGE_PIXELS or 0)
    claimed = f"lebih dari {_millions(pillow_limit)}" if pixels is None else _millions(pixels)
    return (f"Gambar halaman terlalu besar untuk ditampilkan ({claimed} piksel; batas "
            f"{_millions(limits.max_image_pixels)}); yang ditampilkan adalah teks yang tersimpan.")


def _millions(pixels: int) -> str:
    return f"{pixels / 1e6:,.0f} juta".replace(",", ".")


def _fit_scale(width: float, height: float, scale: float, max_pixels: int) -> float:
    """``scale``, or less when a page of width x height points would render to more than max_pixels."""
    if width * height * scale * scale <= max_pixels:
        return scale
    return math.sqrt(max_pixels / (width * height)) * 0.999  # rounding up must not cross the cap


def _render_pdf(
    path: Path, number: int, scale: float, needles: list[tuple[str, int]], max_pixels: int
) -> bytes:
    with _PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(path)
        except pdfium.PdfiumError as e:
            raise CorruptFileError(f"{path.name} cannot be opened for rendering: {e}") from e
        try:
            if not 1 <= number <= len(pdf):
                raise NotFoundError(f"{path.name} tidak memiliki halaman {number}")
            page = pdf[number - 1]
            page_width, page_height = page.get_size()
            scale = _fit_scale(page_width, page_height, scale, max_pixels)
            image = page.render(scale=scale).to_pil()
            height = page.get_height()
            boxes = [box for needle, near in needles for box in _text_boxes(page, needle, near)]
        finally:
            pdf.close()
    if boxes:
        image = _draw_boxes(
            image,
            [
                (x0 * scale, (height - y1) * scale, x1 * scale, (height - y0) * scale)
                for x0, y0, x1, y1 in boxes
            ],
        )
    return _png(image)


def _text_boxes(page: pdfium.PdfPage, needle: str, near: int) -> list[tuple[float, float, float, float]]:
    """PDF-point rectangles of the occurrence of ``needle`` closest to character ``near``."""
    textpage = page.get_textpage()
    searcher = textpage.search(needle, match_case=False)
    best: tuple[int, int] | None = None
    while (found := searcher.get_next()) is not None:
        if best is None or abs(found[0] - near) < abs(best[0] - near):
            best = found
    if best is None:
        return []
    return [textpage.get_rect(i) for i in range(textpage.count_rects(*best))]


def _draw_boxes(image: Image.Image, boxes: list[tuple[float, float, float, float]]) -> Image.Image:
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for left, top, right, bottom in boxes:
        draw.rectangle(
            (left - 2, top - 2, right + 2, bottom + 2),
            fill=(255, 214, 0, 90),
            outline=(214, 120, 0, 255),
            width=2,
        )
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def _render_image(path: Path, number: int, limits: RenderLimits) -> bytes:
    if note := _oversized(path, number, limits):  # again: the file may differ from the page view's
        raise PageImageTooLargeError(note)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # bounded by _oversized
        with Image.open(path) as image:
            try:
                image.seek(number - 1)  # multi-page TIFF: one frame per page
            except EOFError as e:
                raise NotFoundError(f"{path.name} tidak memiliki halaman {number}") from e
            width, height = image.size
            fit = _fit_scale(width, height, 1.0, limits.max_pixels)
            if fit < 1.0:
                target = (max(1, int(width * fit)), max(1, int(height * fit)))
                image.draft("RGB", target)  # JPEG decodes at 1/2, 1/4, 1/8 directly
                # 1-bit scans become grey first so the reduction averages instead of dropping pixels
                reduced = image.convert("L" if image.mode == "1" else "RGB")
                reduced.thumbnail(target)
                return _png(reduced.convert("RGB"))
            return _png(image.convert("RGB"))


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
