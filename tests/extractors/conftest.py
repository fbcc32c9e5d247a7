"""Fixtures for extractor tests: generated PDFs/DOCX (small, deterministic) and a fake OCR module."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from extract_samples import FakeOcr, make_regulation_docx, make_regulation_pdf


@pytest.fixture
def regulation_pdf(tmp_path: Path) -> Path:
    return make_regulation_pdf(tmp_path / "perbup.pdf")


@pytest.fixture
def regulation_docx(tmp_path: Path) -> Path:
    return make_regulation_docx(tmp_path / "perbup.docx")


@pytest.fixture
def fake_ocr(monkeypatch: pytest.MonkeyPatch) -> FakeOcr:
    """Replace ``extractors.ocr.reader`` (imported lazily by the extractors) with a controllable fake."""
    fake = FakeOcr()
    module = types.ModuleType("extractors.ocr.reader")
    module.ocr_pdf_pages = fake.ocr_pdf_pages  # type: ignore[attr-defined]
    module.ocr_image = fake.ocr_image  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "extractors.ocr.reader", module)
    return fake


@pytest.fixture
def no_ocr_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import extractors.ocr.reader`` fail as if the module or pytesseract were missing."""
    monkeypatch.setitem(sys.modules, "extractors.ocr.reader", None)
