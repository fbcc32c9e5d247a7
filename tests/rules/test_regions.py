"""Reading a government out of issuer/region values and submission names, and comparing them."""

from __future__ import annotations

import pytest

from rules.regions import (
    GovKind,
    Relation,
    abbreviates,
    compare_regions,
    document_relation,
    dominant_government,
    foreign_reason,
    parse_government,
    parse_governments,
    reference_government,
)


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        ("Kota Denpasar", GovKind.kota, "Kota Denpasar"),
        ("Walikota Denpasar", GovKind.kota, "Kota Denpasar"),
        ("WALI KOTA SUKAMAJU", GovKind.kota, "Kota Sukamaju"),
        ("Pemkot Denpasar", GovKind.kota, "Kota Denpasar"),
        ("PEMERINTAH KAB. BADUNG", GovKind.kabupaten, "Kabupaten Badung"),
        ("Bupati Batu Bara", GovKind.kabupaten, "Kabupaten Batu Bara"),
        ("Kab Madiun", GovKind.kabupaten, "Kabupaten Madiun"),
        ("kab_madiun", GovKind.kabupaten, "Kabupaten Madiun"),
        ("kota-bandar-lampung", GovKind.kota, "Kota Bandar Lampung"),
        ("Gubernur Kalimantan Barat", GovKind.provinsi, "Provinsi Kalimantan Barat"),
        ("Pemprov Bali", GovKind.provinsi, "Provinsi Bali"),
        ("Prov. Jawa Barat", GovKind.provinsi, "Provinsi Jawa Barat"),
        # the unit inside a region: the region
        ("Kapanewon Pakem, Kabupaten Sleman", GovKind.kabupaten, "Kabupaten Sleman"),
        ("Kepala Dinas Komunikasi, Informatika dan Statistik Kota Denpasar", GovKind.kota, "Kota Denpasar"),
        ("Sekretaris Daerah Provinsi Kalimantan Barat", GovKind.provinsi, "Provinsi Kalimantan Barat"),
        # the kabupaten, not the province around it
        ("Kabupaten Badung Provinsi Bali", GovKind.kabupaten, "Kabupaten Badung"),
        ("KOTA SUKAMAJU PROVINSI JAWA BARAT", GovKind.kota, "Kota Sukamaju"),
        # garbled issuer readings still name one region
        ("Di Kota Denpasar Walikota Denpasar", GovKind.kota, "Kota Denpasar"),
        # "dan" inside a name, "administrasi" after the kind
        ("Kabupaten Pangkajene dan Kepulauan", GovKind.kabupaten, "Kabupaten Pangkajene dan Kepulauan"),
        ("Kota Administrasi Jakarta Selatan", GovKind.kota, "Kota Jakarta Selatan"),
        # central government: ministries by their minister or their name, national agencies
        ("Menteri Koordinator Bidang Perekonomian", GovKind.pusat,
         "Kementerian Koordinator Bidang Perekonomian"),
        ("Kementerian PANRB - Deputi Bidang Kelembagaan", GovKind.pusat, "Kementerian PANRB"),
        ("Kepala Badan Siber dan Sandi Negara", GovKind.pusat, "Badan Siber dan Sandi Negara"),
        ("Presiden Republik Indonesia", GovKind.pusat, "Republik Indonesia"),
        ("Republik Indonesia", GovKind.pusat, "Republik Indonesia"),
    ],
)
def test_parse_government_name_shapes(text: str, kind: GovKind, label: str) -> None:
    government = parse_government(text)
    assert government is not None, text
    assert (government.kind, government.label) == (kind, label)


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "Panewu Pakem",  # a sub-district head: no government named
        "Tim Koordinasi SPBE",
        "Kepala Dinas Komunikasi dan Informatika",  # an office without its region
        "Kepala Badan Kepegawaian Daerah",  # a regional agency without its region
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "Pemerintah Kota",  # the kind without a name
        "Kota 2024",
    ],
)
def test_parse_government_unknown_values_name_nothing(text: str | None) -> None:
    assert parse_government(text) is None
    assert parse_governments(text) == []


def test_parse_governments_joint_document_names_both_parties() -> None:
    found = parse_governments("Kota Sukamaju dan Kabupaten Majujaya")
    assert [g.label for g in found] == ["Kota Sukamaju", "Kabupaten Majujaya"]


def test_parse_government_bare_names_only_when_asked() -> None:
    assert parse_government("Denpasar") is None
    bare = parse_government("Denpasar", bare=True)
    assert bare is not None and bare.kind is None and bare.label == "Denpasar"
    assert parse_government("bukti-2024", bare=True) is None  # not a name


@pytest.mark.parametrize(
    ("reference", "document", "expected"),
    [
        ("Kota Denpasar", "Walikota Denpasar", Relation.same),
        ("kota-denpasar", "PEMERINTAH KOTA DENPASAR", Relation.same),
        ("Denpasar", "Kota Denpasar", Relation.same),  # a bare folder name matches any kind
        ("Kota Denpasar", "Bupati Badung", Relation.different),
        ("Kota Bogor", "Kabupaten Bogor", Relation.different),  # same name, another government
        ("bogor", "Kabupaten Bogor", Relation.same),
        ("Kota Jambi", "Gubernur Jambi", Relation.different),
        ("Kabupaten Sleman", "Kapanewon Pakem, Kabupaten Sleman", Relation.same),
        ("Kota Tangerang", "Kota Tangerang Selatan", Relation.different),
        ("Kota Denpasar", "Kementerian Dalam Negeri", Relation.different),
        # abbreviated names
        ("prov-kalbar", "Provinsi Kalimantan Barat", Relation.same),
        ("Kota Balam", "Walikota Bandar Lampung", Relation.same),
        ("kemenko-perekonomian", "Menteri Koordinator Bidang Perekonomian", Relation.same),
        ("Kementerian PANRB", "Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi", Relation.same),
        ("BSSN", "Kepala Badan Siber dan Sandi Negara", Relation.same),
        ("Kota Batu", "Kota Bandar Lampung", Relation.different),
        # unknowns never decide
        (None, "Kabupaten Badung", Relation.unknown),
        ("Kota Denpasar", None, Relation.unknown),
        ("Kota Denpasar", "Panewu Pakem", Relation.unknown),
        ("", "Kabupaten Badung", Relation.unknown),
    ],
)
def test_compare_regions(reference: str | None, document: str | None, expected: Relation) -> None:
    assert compare_regions(reference, document) is expected


@pytest.mark.parametrize(
    ("short", "words", "expected"),
    [
        ("kalbar", ["kalimantan", "barat"], True),
        ("panrb", ["pendayagunaan", "aparatur", "negara", "reformasi", "birokrasi"], True),
        ("bappenas", ["badan", "perencanaan", "pembangunan", "nasional"], True),
        ("jatim", ["jawa", "timur"], True),
        ("batu", ["bandar", "lampung"], False),
        ("kbd", ["kalimantan", "barat", "daya"], True),
        ("ka", ["kalimantan", "barat", "daya"], False),  # shorter than the words
    ],
)
def test_abbreviates(short: str, words: list[str], expected: bool) -> None:
    assert abbreviates(short, words) is expected


def test_document_relation_any_government_of_the_submission_makes_it_its_own() -> None:
    reference = parse_government("Kota Sukamaju")
    relation, government = document_relation(reference, "Bupati Majujaya", "Kota Sukamaju")
    assert relation is Relation.same and government is not None and government.label == "Kota Sukamaju"
    relation, government = document_relation(reference, "Bupati Majujaya", None)
    assert relation is Relation.different
    assert government is not None and government.label == "Kabupaten Majujaya"
    assert document_relation(reference, None, None) == (Relation.unknown, None)
    assert document_relation(None, "Bupati Majujaya", None)[0] is Relation.unknown


def _govs(*texts: str) -> list:
    return [parse_government(t) for t in texts]


def test_reference_government_prefers_the_given_region() -> None:
    documents = _govs("Kabupaten Majujaya", "Kabupaten Majujaya", "Kabupaten Majujaya")
    reference = reference_government("Kota Sukamaju", documents)
    assert reference is not None and reference.label == "Kota Sukamaju"


def test_reference_government_bare_name_no_document_carries_is_not_a_region() -> None:
    documents = _govs("Kota Sukamaju", "Walikota Sukamaju", "Kabupaten Majujaya")
    assert reference_government("sukamaju", documents).label == "Sukamaju"  # type: ignore[union-attr]
    inferred = reference_government("bukti", documents)  # a folder not named after its region
    assert inferred is not None and inferred.label == "Kota Sukamaju"


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("Kota Sukamaju", "Walikota Sukamaju", "Kabupaten Majujaya"), "Kota Sukamaju"),  # 2 of 3
        (("Kota Sukamaju", "Kabupaten Majujaya"), None),  # a tie: nobody dominates
        (("Kota Sukamaju",), None),  # one document is not a majority
        (("Kota Sukamaju", "Kota Sukamaju", "Kabupaten Majujaya", "Kabupaten Majujaya", "Kota Lain"), None),
        ((), None),
    ],
)
def test_dominant_government_needs_a_clear_majority(texts: tuple[str, ...], expected: str | None) -> None:
    found = dominant_government([g for g in _govs(*texts) if g is not None])
    assert (found.label if found else None) == expected
    assert (reference_government(None, _govs(*texts)) or None) == found


def test_foreign_reason_names_both_governments_in_indonesian() -> None:
    reason = foreign_reason(parse_government("Bupati Majujaya"), parse_government("kota-sukamaju"))  # type: ignore[arg-type]
    assert reason == (
        "Dokumen dari Kabupaten Majujaya, bukan Kota Sukamaju (wilayah pengajuan): "
        "tidak dihitung sebagai bukti kecuali diterima penilai"
    )
