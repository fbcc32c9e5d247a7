"""Image files (PNG, JPEG, TIFF): one page per frame, read by OCR when it is available."""

from __future__ import annotations

from pathlib import Path

from core.models import DocumentStatus, ExtractedDocument, Issue, PageText, Severity, SourceFile, TextMethod
from core.settings import ExtractOptions, OcrMode
from extractors.ocr import bridge as ocr_bridge


def _page(number: int, result: ocr_bridge.OcrResult, issues: list[Issue]) -> PageText:
    if result.error:
        issues.append(Issue(code="ocr_failed", page=number, severity=Severity.warning,
                            message=f"OCR gagal pada halaman gambar {number}: {result.error}; "
                                    "periksa gambarnya dengan mata"))
        return PageText(number=number, text="", method=TextMethod.none)
    return PageText(number=number, text=result.text, method=TextMethod.ocr, ocr_confidence=result.confidence)


def extract(source: SourceFile, options: ExtractOptions) -> ExtractedDocument:
    """OCR the image; without OCR one empty page is kept and an issue says why."""
    issues: list[Issue] = []
    results: list[ocr_bridge.OcrResult] = []
    if options.ocr is OcrMode.never:
        issues.append(Issue(code="no_text", page=1, severity=Severity.warning,
                            message="berkas ini berupa gambar dan OCR dimatikan (ocr=never); "
                                    "jalankan lagi dengan OCR (--ocr auto) agar isinya terbaca"))
    else:
        results, issues = ocr_bridge.ocr_image(Path(source.path), options)
    pages = [_page(n, r, issues) for n, r in enumerate(results, start=1)]
    pages = pages or [PageText(number=1, text="", method=TextMethod.none)]
    status = DocumentStatus.partial_success if issues else DocumentStatus.success
    return ExtractedDocument(source=source, pages=pages, issues=issues, status=status)
