"""Extraction: files in, ``ExtractedDocument`` out (text per page, structure, identity, issues).

The public entry point is :func:`extract_document`; format knowledge lives in
``extractors.formats.table``, cleanup in ``extractors.text``, structure in ``extractors.structure``.
"""

from extractors.api import EXTRACTOR_VERSION, extract_document
from extractors.discovery.archive_folder import discover_files
from extractors.discovery.folder import sha256_file
from extractors.formats.table import FORMATS, FormatInfo, detect_format
from extractors.quality import needs_ocr
from extractors.structure import detect_structure
from extractors.text import clean_pages

__all__ = [
    "EXTRACTOR_VERSION",
    "FORMATS",
    "FormatInfo",
    "clean_pages",
    "detect_format",
    "detect_structure",
    "discover_files",
    "extract_document",
    "needs_ocr",
    "sha256_file",
]
