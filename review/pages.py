"""Cited pages: the stored page text, and a PNG of the page rendered from the stored file.

A page image is rendered only when the file at ``documents.path`` still has the sha256 the
citation was made on; otherwise (moved, edited, deleted) the screen shows the stored text and
says why, so an assessor never sees a page of a different file version. DOCX has no fixed
pages: its stored page text is shown instead, with a note.
"""

from __future__ import annotations

import functools
import hashlib
import io
import threading
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import CorruptFileError, InputError
from core.settings import get_settings
from extractors.archive_discover import resolve_source_path
from review.errors import NotFoundError
from review.settings import PAGE_RENDER_SCALE
from store.models import Citation, Document, Page

# pdfium is not thread-safe and the web app renders from a thread pool.
_PDFIUM_LOCK = threading.Lock()
_IMAGE_FORMATS = ("pdf", "image")


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


def page_source(session: Session, submission_id: int, document_id: int, number: int) -> PageSource:
    """The stored page ``number`` of a document of the submission (NotFoundError otherwise)."""
    document = _document(session, submission_id, document_id)
    page = session.scalar(select(Page).where(Page.document_id == document.id, Page.number == number))
    if page is None:
        raise NotFoundError(f"halaman {number} dari {document.name} tidak tersimpan")
    note = _image_problem(document)
    return PageSource(
        submission_id=submission_id,
        document_id=document.id,
        file_name=document.name,
        format=document.format,
        number=number,
        page_count=document.page_count,
        text=page.text,
        method=page.method,
        image_available=note is None,
        note=note,
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


def render_page_png(
    session: Session,
    submission_id: int,
    document_id: int,
    number: int,
    citation_id: int | None = None,
    scale: float = PAGE_RENDER_SCALE,
) -> bytes:
    """PNG of page ``number`` rendered from the stored file, the citation's words boxed when found.

    NotFoundError when the page cannot be rendered (no fixed layout, file gone or changed).
    """
    source = page_source(session, submission_id, document_id, number)
    if not source.image_available:
        raise NotFoundError(source.note or "gambar halaman tidak tersedia")
    document = _document(session, submission_id, document_id)
    path = _disk_path(document)
    if document.format != "pdf":
        return _render_image(path, number)
    spans = citation_spans(session, document_id, number, citation_id)
    needles = [(" ".join(source.text[s:e].split()), s) for s, e in spans]
    return _render_pdf(path, number, scale, [(n, near) for n, near in needles if n])


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


def _render_pdf(path: Path, number: int, scale: float, needles: list[tuple[str, int]]) -> bytes:
    with _PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(path)
        except pdfium.PdfiumError as e:
            raise CorruptFileError(f"{path.name} cannot be opened for rendering: {e}") from e
        try:
            if not 1 <= number <= len(pdf):
                raise NotFoundError(f"{path.name} tidak memiliki halaman {number}")
            page = pdf[number - 1]
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


def _render_image(path: Path, number: int) -> bytes:
    with Image.open(path) as image:
        try:
            image.seek(number - 1)  # multi-page TIFF: one frame per page
        except EOFError as e:
            raise NotFoundError(f"{path.name} tidak memiliki halaman {number}") from e
        return _png(image.convert("RGB"))


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
