"""Metadata comparison: strict normalisation (case, whitespace, edge punctuation) and the names rules."""

from __future__ import annotations

from datetime import date

import pytest

from core.models import DocType, DocumentMetadata, LegalStatus, MetaField
from rules.evaluation.fields import compare_metadata, normalise, same_name
from rules.evaluation.labels import LabelRecord


@pytest.mark.parametrize(
    ("label", "extracted", "equal"),
    [
        ("Walikota Denpasar", "Wali Kota Denpasar", True),
        ("188.45/1186/HK/2017", "188.45 / 1186 / HK / 2017", True),
        ("Rai Dharmawijaya Mantra", "RAI DHARMAWIJAYA MANTRA", True),
        ("Zahir", "Zahir,", True),
        ("Rai Dharmawijaya Mantra", "Rai Dharwawijaya Mantra", False),
        ("Rini Widyantini", "Widyantini", False),
        ("81", "18", False),
        (None, None, True),
        (None, "5", False),
        (DocType.keputusan, "keputusan", True),
        (date(2019, 10, 9), "2019-10-09", True),
    ],
)
def test_fields_normalise_table(label: object, extracted: object, equal: bool) -> None:
    assert (normalise(label) == normalise(extracted)) is equal


def test_fields_compare_metadata_every_field() -> None:
    record = LabelRecord(
        file="a.pdf",
        doc_type="keputusan",
        issuer="Walikota Denpasar",
        number="7",
        year=2019,
        status="enacted",
        date_set=date(2019, 1, 2),
        signer_name="I Made",
    )
    meta = DocumentMetadata(
        doc_type=MetaField[DocType](value=DocType.keputusan),
        issuer=MetaField[str](value="WALI KOTA DENPASAR"),
        number=MetaField[str](value="8"),
        year=MetaField[int](value=2019),
        status=MetaField[LegalStatus](value=LegalStatus.enacted),
        date_set=MetaField[date](value=date(2019, 1, 2)),
    )
    outcomes = {o.field: o for o in compare_metadata(record, meta)}
    assert set(outcomes) == {
        "doc_type",
        "issuer",
        "region",
        "number",
        "year",
        "title",
        "status",
        "date_set",
        "signer",
    }
    wrong = sorted(name for name, o in outcomes.items() if not o.correct)
    assert wrong == ["number", "signer"]
    assert outcomes["number"].expected == "7" and outcomes["number"].got == "8"
    assert outcomes["region"].correct  # both absent


@pytest.mark.parametrize(
    ("label", "extracted", "equal"),
    [
        (
            "Kementerian PANRB - Deputi Bidang Kelembagaan dan Tata Laksana",
            "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi "
            "(Deputi Bidang Kelembagaan dan Tata Laksana)",
            True,
        ),
        ("FMIPA Universitas X", "Fakultas Matematika dan Ilmu Pengetahuan Alam Universitas X", True),
        ("Pemerintah Kab. Madiun Tahun 2020", "Pemerintah Kabupaten Madiun Tahun 2020", True),
        ("Drs. I Ketut Mister, MM", "Drs I Ketut Mister MM", True),
        # still word for word: a missing unit, a reordered title or a wrong expansion is a miss
        (
            "Kementerian PANRB - Deputi X",
            "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
            False,
        ),
        ("Laporan Hasil Evaluasi, Indeks SPBE", "Indeks SPBE Laporan Hasil Evaluasi", False),
        ("Kementerian PANRB", "Kementerian Pendayagunaan Aparatur Negara", False),
        ("Dinas Kominfo", "Dinas Komunikasi dan Informatika", False),  # not an initialism
        ("Rini Widyantini", "Widyantini", False),
        ("Laporan Triwulan III", "Laporan Triwulan Informasi Ini Itu", False),  # a Roman numeral
        (None, "Badan X", False),
        (None, None, True),
    ],
)
def test_fields_same_name_table(label: object, extracted: object, equal: bool) -> None:
    assert same_name(label, extracted) is equal


def test_fields_name_rules_only_for_name_fields() -> None:
    """A number differing only in punctuation is still a miss; the strict flag tells the two apart."""
    record = LabelRecord(file="a.pdf", issuer="Kementerian PANRB", number="188.45/12")
    meta = DocumentMetadata(
        issuer=MetaField[str](value="Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"),
        number=MetaField[str](value="188 45 12"),
    )
    outcomes = {o.field: o for o in compare_metadata(record, meta)}
    assert outcomes["issuer"].correct and outcomes["issuer"].strict is False
    assert not outcomes["number"].correct
