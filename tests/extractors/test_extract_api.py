"""extract_document: the contract, both error modes, dispatch of every supported format."""

from __future__ import annotations

import hashlib
import sys
import types
from pathlib import Path

import pytest
from extract_samples import FakeOcr, FakeOcrPage
from PIL import Image

from core.errors import EmptyFileError, InputError, MissingFileError, TooLargeError, UnsupportedFormatError
from core.models import (
    DocumentMetadata,
    DocumentStatus,
    ExtractedDocument,
    Issue,
    MetaField,
    PageText,
    TextMethod,
)
from core.settings import ExtractOptions, OcrMode
from extractors.api import EXTRACTOR_VERSION, extract_document


def test_extract_document_contract(regulation_pdf: Path) -> None:
    doc = extract_document(regulation_pdf)
    assert doc.extractor_version == EXTRACTOR_VERSION != ""
    assert doc.source.sha256 == hashlib.sha256(regulation_pdf.read_bytes()).hexdigest()
    assert doc.source.size == regulation_pdf.stat().st_size and doc.source.name == "perbup.pdf"
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert ExtractedDocument.model_validate_json(doc.model_dump_json()) == doc


def test_extract_document_status_follows_issues(regulation_pdf: Path) -> None:
    doc = extract_document(regulation_pdf)
    expected = DocumentStatus.partial_success if doc.issues else DocumentStatus.success
    assert doc.status is expected


def _unknown(tmp_path: Path) -> Path:
    path = tmp_path / "rekap.dat"
    path.write_bytes(b"\x00\x01\x02 binary export")
    return path


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "kosong.pdf"
    path.touch()
    return path


@pytest.mark.parametrize(
    ("make", "options", "error", "message"),
    [
        (lambda tmp: tmp / "hilang.pdf", None, MissingFileError, "tidak ditemukan"),
        (lambda tmp: tmp, None, MissingFileError, "bukan berkas biasa"),
        (_empty, None, EmptyFileError, "kosong"),
        (_unknown, None, UnsupportedFormatError, "tidak dikenali"),
        (
            lambda tmp: (tmp / "besar.txt").write_text("x" * 100) and tmp / "besar.txt",
            ExtractOptions(max_bytes=10),
            TooLargeError,
            "100 bita, melebihi batas 10 bita",
        ),
    ],
)
def test_extract_document_bad_input_both_modes(
    tmp_path: Path,
    make,
    options: ExtractOptions | None,  # type: ignore[no-untyped-def]
    error: type[InputError],
    message: str,
) -> None:
    path = make(tmp_path)
    with pytest.raises(error, match=message):
        extract_document(path, options, raise_errors=True)
    doc = extract_document(path, options)
    assert doc.status is DocumentStatus.failure and doc.pages == []
    assert len(doc.issues) == 1 and doc.issues[0].code == error.code and message in doc.issues[0].message
    assert ExtractedDocument.model_validate_json(doc.model_dump_json()) == doc


def test_extract_document_batch_goes_on(tmp_path: Path, regulation_pdf: Path) -> None:
    files = [_empty(tmp_path), regulation_pdf, _unknown(tmp_path), tmp_path / "hilang.pdf"]
    statuses = [extract_document(f).status for f in files]
    assert statuses[0] is statuses[2] is statuses[3] is DocumentStatus.failure
    assert statuses[1] is not DocumentStatus.failure


def _png(tmp_path: Path) -> Path:
    path = tmp_path / "foto.png"
    Image.new("L", (200, 100), 255).save(path)
    return path


def test_extract_document_image_goes_to_ocr(tmp_path: Path, fake_ocr: FakeOcr) -> None:
    doc = extract_document(_png(tmp_path), raise_errors=True)
    assert doc.source.format == "image" and doc.source.mime_type == "image/png"
    assert fake_ocr.calls == [[1]]
    assert doc.pages[0].method is TextMethod.ocr and doc.pages[0].ocr_confidence == 88.0
    assert doc.pages[0].text.startswith("Teks hasil OCR")


@pytest.mark.usefixtures("no_ocr_module")
def test_extract_document_image_without_ocr(tmp_path: Path) -> None:
    doc = extract_document(_png(tmp_path))
    assert [p.method for p in doc.pages] == [TextMethod.none]
    assert [(i.code, i.page) for i in doc.issues][:2] == [("ocr_unavailable", None), ("no_text", 1)]
    assert "apt-get install tesseract-ocr tesseract-ocr-ind" in doc.issues[0].message
    assert doc.status is DocumentStatus.partial_success


def test_extract_document_image_with_ocr_disabled(tmp_path: Path, fake_ocr: FakeOcr) -> None:
    doc = extract_document(_png(tmp_path), ExtractOptions(ocr=OcrMode.never))
    assert fake_ocr.calls == []
    assert [(i.code, i.page) for i in doc.issues][:1] == [("no_text", 1)]
    assert "ocr=never" in doc.issues[0].message


def test_extract_document_plain_text_pages(tmp_path: Path) -> None:
    path = tmp_path / "notulen.txt"
    path.write_text("Notulen rapat Tim Koordinasi SPBE\fPasal 1\nIsi halaman dua\f", encoding="utf-8")
    doc = extract_document(path, raise_errors=True)
    assert [(p.number, p.method, p.text) for p in doc.pages] == [
        (1, TextMethod.plain, "Notulen rapat Tim Koordinasi SPBE"),
        (2, TextMethod.plain, "Pasal 1\nIsi halaman dua"),
    ]


def test_extract_document_without_identity_module(
    regulation_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "extractors.identity.document", None)
    doc = extract_document(regulation_pdf, raise_errors=True)
    assert doc.metadata == DocumentMetadata() and doc.pages


def test_extract_document_uses_identity(regulation_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[PageText]] = []

    def detect_identity(pages: list[PageText]) -> tuple[DocumentMetadata, list[Issue]]:
        seen.append(pages)
        return DocumentMetadata(year=MetaField[int](value=2024, page=1)), [
            Issue(code="identity_x", message="m")
        ]

    module = types.ModuleType("extractors.identity.document")
    module.detect_identity = detect_identity  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "extractors.identity.document", module)
    doc = extract_document(regulation_pdf, raise_errors=True)
    assert doc.metadata.year is not None and doc.metadata.year.value == 2024
    assert seen[0] == doc.pages  # identity reads the cleaned pages
    assert doc.issues[-1].code == "identity_x" and doc.status is DocumentStatus.partial_success


def test_extract_document_multi_frame_image(tmp_path: Path, fake_ocr: FakeOcr) -> None:
    fake_ocr.results = {
        1: FakeOcrPage("Halaman satu dari hasil pindai.", 90.0),
        2: FakeOcrPage(error="blank frame"),
    }
    doc = extract_document(_png(tmp_path))
    assert [(p.number, p.method) for p in doc.pages] == [(1, TextMethod.ocr), (2, TextMethod.none)]
    assert [(i.code, i.page) for i in doc.issues][:2] == [("ocr_failed", 2), ("no_text", 2)]
