"""``extract_document``: one call from a file path to a cleaned, structured ExtractedDocument.

Steps: size check, SHA-256, format detection from the bytes, the format's extractor (from
the one table in ``extractors.formats.table``), text cleanup (pages store the cleaned text),
``no_text`` issues for empty pages, structure marks, document identity (a PDF whose signer is
missing gets its signature images OCR'd: ``extractors.ocr.signature_image``). With
``raise_errors=False`` (batch runs) any InputError becomes a failed document carrying an
issue with the error's code and message, so one bad file never stops a batch.
"""

from __future__ import annotations

import importlib
import logging
import os
from pathlib import Path
from typing import Protocol

from core.errors import InputError, MissingFileError, TooLargeError, UnreadableFileError
from core.models import (
    DocumentMetadata,
    DocumentStatus,
    ExtractedDocument,
    Issue,
    PageText,
    Severity,
    SourceFile,
)
from core.settings import ExtractOptions
from extractors.discovery.folder import sha256_file, shown_path
from extractors.formats.table import FORMATS, detect_format, format_for_extension, mime_type_of, sniff_format
from extractors.formats.zipparts import check_package
from extractors.structure import detect_structure
from extractors.text import clean_pages

log = logging.getLogger(__name__)

# Bump whenever extracted output (text, cleanup, structure, issues) changes for the same file,
# so stored extractions can be recognised as stale.
EXTRACTOR_VERSION = "1.9.0"  # 1.4.0: Indonesian messages; 1.5.0: review fixes; 1.6.0: letter subjects;
# 1.7.0: region gazetteer, SOP tables read anywhere, enactment from number/copy marks, scan signature re-read
# 1.8.0: annex pages after the closing block and boxed "| LAMPIRAN" headers are marked as the annex
# 1.9.0: a scan's signature block is read again only on the signer's page when a signer was read
# ZIP-based Office and OpenDocument formats: checked as packages before their reader opens them.
PACKAGE_FORMATS = frozenset({"docx", "xlsx", "pptx", "odt", "ods", "odp"})
_REPACKAGE = "buka di aplikasinya lalu simpan ulang (kompres gambarnya), atau ekspor ke PDF"


class ExtractFunction(Protocol):
    def __call__(self, source: SourceFile, options: ExtractOptions) -> ExtractedDocument: ...


def _size_text(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size} bita"


def _require_file(path: Path) -> int:
    if not path.exists():
        raise MissingFileError(f"'{path}' tidak ditemukan; periksa kembali lokasi berkasnya")
    if not path.is_file():
        raise MissingFileError(
            f"'{path}' bukan berkas biasa; berikan sebuah berkas (untuk folder: discover_files)"
        )
    return path.stat().st_size


def describe_source(path: Path, options: ExtractOptions) -> SourceFile:
    """Size check, hash and detected format of ``path`` (raises InputError subclasses)."""
    size = _require_file(path)
    if size > options.max_bytes:
        raise TooLargeError(
            f"'{path.name}' berukuran {_size_text(size)}, melebihi batas {_size_text(options.max_bytes)}; "
            "pecah menjadi beberapa berkas yang lebih kecil atau naikkan batasnya (ExtractOptions.max_bytes)"
        )
    info = detect_format(path)
    if info.key in PACKAGE_FORMATS:  # before any reader inflates a part (zip bombs)
        check_package(path, info.label, _REPACKAGE)
    return SourceFile(
        path=str(path),  # the real name while extracting; extract_document stores shown_path's
        name=path.name,
        sha256=sha256_file(path),
        format=info.key,
        mime_type=mime_type_of(path, info),
        size=size,
    )


def _extractor(format_key: str) -> ExtractFunction:
    module_name = FORMATS[format_key].extractor
    assert module_name is not None, "detect_format only returns supported formats"
    extract: ExtractFunction = importlib.import_module(module_name).extract
    return extract


def _identify(pages: list[PageText]) -> tuple[DocumentMetadata, list[Issue]]:
    """Document identity from ``extractors.identity.document``; empty metadata while it is absent."""
    try:
        identity = importlib.import_module("extractors.identity.document")
    except ModuleNotFoundError as e:
        if e.name != "extractors.identity.document":
            raise
        identity = None
    detect = getattr(identity, "detect_identity", None)
    if detect is None:
        log.warning("extractors.identity.document.detect_identity is missing; document metadata left empty")
        return DocumentMetadata(), []
    metadata, issues = detect(pages)
    return metadata, list(issues)


def _no_text_issues(pages: list[PageText], issues: list[Issue]) -> list[Issue]:
    reported = {i.page for i in issues if i.code == "no_text"}
    return [
        Issue(
            code="no_text",
            page=p.number,
            severity=Severity.warning,
            message=f"halaman {p.number} tidak berisi teks (kosong, atau gambar yang tidak terbaca OCR); "
            "periksa dengan mata — halaman kosong dibaca sebagai 'tidak ada bukti'",
        )
        for p in pages
        if not p.text.strip() and p.number not in reported
    ]


def _finish(doc: ExtractedDocument, options: ExtractOptions) -> ExtractedDocument:
    pages = clean_pages(doc.pages)
    issues = doc.issues + _no_text_issues(pages, doc.issues)
    metadata, identity_issues = _identify(pages)
    if metadata.signer is None and doc.source.format == "pdf":
        # A signature block pasted as an image: OCR just that area, then read identity again.
        # Imported here: these bring numpy and pytesseract, which the flow process (it imports
        # this module for EXTRACTOR_VERSION) never needs; workers have them preloaded.
        from extractors.ocr.signature_image import ocr_missing_signatures

        fallback = ocr_missing_signatures(Path(doc.source.path), pages, options)
        issues += fallback.issues
        if fallback.read:
            pages = fallback.pages
            metadata, identity_issues = _identify(pages)
    if doc.source.format == "pdf":
        # On a scan the stamp can hide the signature block, or the start of its lines, from the
        # page reading: read that block again on its own (only for scanned pages).
        from extractors.ocr.signature_scan import read_scanned_signatures  # as above

        reread = read_scanned_signatures(Path(doc.source.path), pages, options, metadata.signer)
        if reread is not pages:
            pages = reread
            metadata, identity_issues = _identify(pages)
    issues += identity_issues
    status = DocumentStatus.partial_success if issues else DocumentStatus.success
    return doc.model_copy(
        update={
            "pages": pages,
            "structure": detect_structure(pages),
            "metadata": metadata,
            "issues": issues,
            "status": status,
            "extractor_version": EXTRACTOR_VERSION,
        }
    )


def _guess_format(path: Path) -> tuple[str, str]:
    """Best-effort (format key, MIME type) for a file that failed; ("unknown", ...) if none."""
    try:
        info = sniff_format(path) or format_for_extension(path)
    except (InputError, OSError):
        info = format_for_extension(path)
    return (info.key, info.mime_type) if info else ("unknown", "application/octet-stream")


def failed_document(path: Path, error: InputError, source_path: str | None = None) -> ExtractedDocument:
    """A failure result for ``path`` carrying ``error`` as an issue (for batch runs)."""
    try:
        size, sha256 = path.stat().st_size, sha256_file(path)
    except OSError:
        size, sha256 = 0, ""
    format_key, mime_type = _guess_format(path) if sha256 else ("unknown", "application/octet-stream")
    source = SourceFile(
        path=source_path or shown_path(path),
        name=shown_path(path.name),
        sha256=sha256,
        format=format_key,
        mime_type=mime_type,
        size=size,
    )
    issue = Issue(code=error.code, message=shown_path(str(error)), severity=Severity.error)
    return ExtractedDocument(
        source=source, issues=[issue], status=DocumentStatus.failure, extractor_version=EXTRACTOR_VERSION
    )


def _about_file(error: OSError, path: Path) -> bool:
    """Whether ``error`` is the OS refusing ``path`` itself (not, say, a missing helper binary)."""
    return isinstance(error, PermissionError) or (
        error.filename is not None and os.fsdecode(error.filename) == str(path))


def unreadable(path: Path, error: OSError) -> UnreadableFileError:
    """The error for a file the operating system would not let us read, saying what to check."""
    reason = error.strerror or type(error).__name__
    if isinstance(error, PermissionError):
        advice = ("akun yang menjalankan bukti tidak diizinkan membacanya; periksa izin dan pemilik berkas "
                  "(mis. chmod a+r), lalu jalankan penilaian lagi")
    else:
        advice = ("periksa apakah berkas masih ada dan disk atau folder berbagi (share) terbaca, "
                  "lalu jalankan lagi")
    return UnreadableFileError(f"'{shown_path(path.name)}' tidak dapat dibaca ({reason}): {advice}")


def extract_document(
    path: Path,
    options: ExtractOptions | None = None,
    *,
    raise_errors: bool = False,
    source_path: str | None = None,
) -> ExtractedDocument:
    """Extract one file. Raises InputError subclasses only when ``raise_errors`` is true.

    ``source_path`` is what ``SourceFile.path`` records instead of ``path``: the provenance
    ``bukti.zip!/folder/file.pdf`` of a file unpacked from an archive
    (``extractors.discovery.archive_folder``).
    """
    options = options or ExtractOptions()
    path = Path(path)
    try:
        try:
            source = describe_source(path, options)
            doc = _extractor(source.format)(source, options)
        except OSError as e:  # the file, not the bytes: permissions, a vanished share, a bad disk
            if not _about_file(e, path):
                raise
            raise unreadable(path, e) from e
    except InputError as e:
        if raise_errors:
            raise
        log.warning("%s: %s", source_path or shown_path(path), e)
        return failed_document(path, e, source_path)
    doc = _finish(doc, options)
    # Stored and printed: a name that is not valid UTF-8 is spelled with \xNN escapes.
    shown = {"path": source_path or shown_path(path), "name": shown_path(path.name)}
    issues = [i.model_copy(update={"message": shown_path(i.message)}) for i in doc.issues]
    return doc.model_copy(update={"source": doc.source.model_copy(update=shown), "issues": issues})
