"""Calling the optional OCR module and turning its absence or failure into recorded issues.

``extractors.ocr.reader`` needs Tesseract and pytesseract, which are optional. Extractors never import
it at module level: they go through this bridge, which imports it lazily and, when it is
missing or its engine cannot run, returns an ``ocr_unavailable`` issue with the exact install
hint instead of crashing. A page OCR failed on keeps no text and gets an issue, never a
silent blank.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from types import ModuleType
from typing import Protocol

from core.errors import MissingDependencyError
from core.models import Issue, Severity
from core.settings import ExtractOptions

log = logging.getLogger(__name__)

OCR_INSTALL_HINT = (
    "pasang Tesseract beserta data bahasa Indonesia (apt-get install tesseract-ocr tesseract-ocr-ind) "
    "dan ekstra OCR (pip install 'bukti[ocr]')"
)


class OcrResult(Protocol):
    """What ``extractors.ocr.reader`` returns per page (its ``OcrPage``)."""

    text: str
    confidence: float | None  # 0-100
    error: str | None


def _load_ocr() -> ModuleType:
    try:
        return importlib.import_module("extractors.ocr.reader")
    except ImportError as e:
        raise MissingDependencyError(f"OCR tidak tersedia ({e}); {OCR_INSTALL_HINT}") from e


def unavailable_issue(error: Exception, pages: list[int] | None = None) -> Issue:
    """The one document-level issue saying OCR could not run at all."""
    where = f" untuk halaman {', '.join(map(str, pages))}" if pages else ""
    detail = str(error).strip() or type(error).__name__
    hint = "" if "apt-get install tesseract" in detail else f"; {OCR_INSTALL_HINT}"
    return Issue(code="ocr_unavailable", severity=Severity.warning,
                 message=f"OCR diperlukan{where} tetapi tidak tersedia: {detail}{hint}")


def _failed_issue(error: Exception, pages: list[int] | None) -> Issue:
    where = f" pada halaman {', '.join(map(str, pages))}" if pages else ""
    return Issue(code="ocr_failed", severity=Severity.error,
                 message=f"OCR gagal{where} ({type(error).__name__}: {error}); "
                         "pastikan berkas dapat dibuka di penampil PDF, lalu ulangi dengan -v untuk "
                         "rinciannya")


def ocr_pdf_pages(path: Path, page_numbers: list[int], options: ExtractOptions
                  ) -> tuple[dict[int, OcrResult], list[Issue]]:
    """OCR the given 1-based pages of a PDF; never raises for a missing or failing engine."""
    try:
        ocr = _load_ocr()
        return ocr.ocr_pdf_pages(path, page_numbers, options), []
    except MissingDependencyError as e:
        return {}, [unavailable_issue(e, page_numbers)]
    except Exception as e:  # an OCR crash must cost pages, not the batch; it is recorded
        log.exception("OCR of %s failed", path)
        return {}, [_failed_issue(e, page_numbers)]


def ocr_image(path: Path, options: ExtractOptions) -> tuple[list[OcrResult], list[Issue]]:
    """OCR an image file, one result per frame (multi-page TIFF); never raises for a missing
    or failing engine (then the list is empty and an issue says why)."""
    try:
        ocr = _load_ocr()
        result = ocr.ocr_image(path, options)
    except MissingDependencyError as e:
        return [], [unavailable_issue(e)]
    except Exception as e:  # recorded, see ocr_pdf_pages
        log.exception("OCR of %s failed", path)
        return [], [_failed_issue(e, None)]
    return (list(result) if isinstance(result, list | tuple) else [result]), []
