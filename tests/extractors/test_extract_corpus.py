"""Extraction on the real corpus (skipped when absent). OCR is faked: these tests check the
per-page decisions, page counts and structure, not Tesseract (see test_ocr*.py for that)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from corpus_paths import labels_path
from extract_samples import FakeOcr

from core.models import DocumentStatus, StructureKind, TextMethod
from core.settings import ExtractOptions
from extractors.api import extract_document

pytestmark = pytest.mark.corpus


def test_batubara_text_and_structure(corpus_file, fake_ocr: FakeOcr) -> None:  # type: ignore[no-untyped-def]
    doc = extract_document(corpus_file("tugas-akhir-spbe/BatuBara.pdf"), raise_errors=True)
    assert len(doc.pages) == 40 and fake_ocr.calls == []
    assert all(p.method is TextMethod.text_layer and len(p.text) > 200 for p in doc.pages)
    pasal = [m.label for m in doc.structure if m.kind is StructureKind.pasal]
    assert pasal == [f"Pasal {n}" for n in range(1, 54)]  # every heading, no references
    (mark,) = [m for m in doc.structure if m.label == "Pasal 8"]
    text = doc.pages[mark.page - 1].text
    ayat6 = text.index("(6)", mark.offset)
    assert doc.citation_label(mark.page, ayat6 + 10) == "Pasal 8 ayat (6)"
    assert "\ufffe" not in "".join(p.text for p in doc.pages)


def test_batubara_text_layer_needs_no_ocr(corpus_file, fake_ocr: FakeOcr) -> None:  # type: ignore[no-untyped-def]
    """A 40-page text PDF is read from its text layer alone (its speed: benchmarks/extract_bench.py)."""
    doc = extract_document(corpus_file("tugas-akhir-spbe/BatuBara.pdf"), raise_errors=True)
    assert len(doc.pages) == 40 and all(p.method is TextMethod.text_layer for p in doc.pages)
    assert fake_ocr.calls == []


@pytest.mark.parametrize(
    ("name", "kind", "label"),
    [
        ("0557c7ca2b8d93dd101325ec73f4ec13.docx", StructureKind.pasal, "Pasal 19"),
        ("0301830360708fdf43683fe511d01b50.docx", StructureKind.diktum, "KESATU"),
        ("d47ea43a6cdd705ba2475442e551ad2c.docx", None, None),
    ],
)
def test_katingan_docx(corpus_file, name: str, kind: StructureKind | None, label: str | None) -> None:  # type: ignore[no-untyped-def]
    doc = extract_document(corpus_file(f"kab-katingan_e-regulasi/{name}"), raise_errors=True)
    assert doc.status is not DocumentStatus.failure and doc.source.format == "docx"
    assert all(p.method is TextMethod.docx for p in doc.pages)
    assert doc.text_chars > 1000 and not any(i.code == "no_text" for i in doc.issues)
    if label is not None:
        assert label in [m.label for m in doc.structure if m.kind is kind]


def _records() -> list[dict[str, object]]:
    """Labelled documents with page notes; none (an empty, skipped parametrization) without labels."""
    labels = labels_path("dev.yaml")
    if not labels.is_file():
        return []
    return [r for r in yaml.safe_load(labels.read_text(encoding="utf-8"))["records"] if r.get("pages")]


@pytest.mark.slow
@pytest.mark.parametrize("record", _records(), ids=lambda r: str(r["file"]))
def test_ocr_decisions_follow_labels(record: dict[str, object], corpus_file, fake_ocr: FakeOcr) -> None:  # type: ignore[no-untyped-def]
    """Scans get OCR on every page, noisy OCR layers on their noisy pages, text PDFs on few."""
    doc = extract_document(corpus_file(str(record["file"])), ExtractOptions(tables=False), raise_errors=True)
    assert len(doc.pages) == record["pages"]
    asked = sorted(n for call in fake_ocr.calls for n in call)
    layer = record["text_layer"]
    if layer == "image-only":
        assert asked == list(range(1, len(doc.pages) + 1))
    elif layer == "ocr-layer":
        assert asked  # the noisy pages of the earlier OCR run (every page, when each has misreadings)
    else:
        assert len(asked) <= len(doc.pages) // 4, f"text PDF sent to OCR: pages {asked}"


@pytest.mark.slow
def test_corpus_never_crashes(corpus_dir: Path) -> None:
    """Every corpus file extracts (or fails with an issue) in batch mode, OCR off."""
    for path in sorted(p for p in corpus_dir.rglob("*") if p.is_file()):
        doc = extract_document(path, ExtractOptions(ocr="never", tables=False))
        if doc.status is DocumentStatus.failure:
            assert doc.issues and re.fullmatch(r"[a-z_]+", doc.issues[0].code)
        else:
            assert doc.pages and doc.extractor_version
