"""detect_identity on real corpus PDFs, text read with pypdfium2 (skipped without the corpus)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from core.models import DocType, LegalStatus, PageText, TextMethod
from extractors.identity.document import detect_identity

pytestmark = pytest.mark.corpus


def _pdf_pages(path: Path) -> list[PageText]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return [
            PageText(number=i + 1, text=pdf[i].get_textpage().get_text_range(), method=TextMethod.text_layer)
            for i in range(len(pdf))
        ]
    finally:
        pdf.close()


def test_identity_of_batubara_perbup(corpus_file: Callable[[str], Path]) -> None:
    meta, issues = detect_identity(_pdf_pages(corpus_file("tugas-akhir-spbe/BatuBara.pdf")))
    assert issues == []
    assert meta.doc_type is not None and meta.doc_type.value is DocType.peraturan_bupati
    assert meta.number is not None and (meta.number.value, meta.number.page) == ("81", 1)
    assert meta.year is not None and meta.year.value == 2021
    assert meta.status is not None and meta.status.value is LegalStatus.enacted
    assert meta.date_set is not None and (meta.date_set.value, meta.date_set.page) == (date(2021, 8, 31), 40)
    assert meta.signer is not None and meta.signer.value == "Zahir"
    assert meta.issuer is not None and meta.issuer.value == "Bupati Batu Bara"
    assert meta.region is not None and meta.region.value == "Kabupaten Batu Bara"
    assert meta.title is not None and meta.title.value == (
        "Sistem Pemerintahan Berbasis Elektronik dalam "
        "Penyelenggaraan Pemerintahan Daerah di Kabupaten Batu Bara"
    )


def test_identity_of_lamongan_draft(corpus_file: Callable[[str], Path]) -> None:
    meta, _ = detect_identity(_pdf_pages(corpus_file("tugas-akhir-spbe/lamongan-dokumen-lama.pdf")))
    assert meta.doc_type is not None and meta.doc_type.value is DocType.peraturan_bupati
    assert meta.status is not None and meta.status.value is LegalStatus.draft
    assert meta.number is None
    assert meta.date_set is None
    assert meta.year is not None and meta.year.value == 2021
    assert meta.signer is not None and (meta.signer.value, meta.signer.page) == ("Yuhronur Efendi", 42)
    assert meta.title is not None and meta.title.value == "Sistem Pemerintahan Berbasis Elektronik"


def test_identity_of_denpasar_keputusan(corpus_file: Callable[[str], Path]) -> None:
    meta, _ = detect_identity(_pdf_pages(corpus_file("kota-denpasar_monev-spbe/indikator3.pdf")))
    assert meta.doc_type is not None and meta.doc_type.value is DocType.keputusan
    assert meta.number is not None and meta.number.value == "188.45/1612/HK/2019"
    assert meta.issuer is not None and meta.issuer.value == "Walikota Denpasar"
    assert meta.date_set is not None and meta.date_set.value == date(2019, 10, 9)
    assert meta.signer is not None and meta.signer.value == "Rai Dharmawijaya Mantra"
