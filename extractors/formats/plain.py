"""Plain-text extraction: one page, or one per form feed (as ``pdftotext`` writes them)."""

from __future__ import annotations

from pathlib import Path

from core.errors import CorruptFileError
from core.models import DocumentStatus, ExtractedDocument, PageText, SourceFile, TextMethod
from core.settings import ExtractOptions

# Tried in order; cp1252 covers text saved by older Windows tools.
_ENCODINGS = ("utf-8-sig", "cp1252")


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CorruptFileError(
        f"'{path.name}' bukan teks UTF-8 atau Windows-1252; simpan sebagai UTF-8 lalu tambahkan kembali"
    )


def extract(source: SourceFile, options: ExtractOptions) -> ExtractedDocument:
    """Extract a text file; form feeds (``\\f``) separate pages."""
    chunks = _decode(Path(source.path)).split("\f")
    if len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()
    pages = [PageText(number=n, text=t, method=TextMethod.plain) for n, t in enumerate(chunks, start=1)]
    return ExtractedDocument(source=source, pages=pages, status=DocumentStatus.success)
