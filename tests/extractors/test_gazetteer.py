"""The official region list and how names in documents are matched against it."""

from __future__ import annotations

from collections import Counter

import pytest

from extractors.identity.gazetteer import find_region, match_region, regions
from extractors.identity.region import head_region, spell_region_in


def test_gazetteer_holds_the_official_list() -> None:
    kinds = Counter(region.kind for region in regions())
    assert kinds == {"Provinsi": 38, "Kabupaten": 416, "Kota": 98}
    codes = [region.code for region in regions()]
    assert len(codes) == len(set(codes))
    assert all(region.province for region in regions() if region.kind != "Provinsi")


@pytest.mark.parametrize(
    ("text", "expected", "printed"),
    [
        ("PEMERINTAH KABUPATEN HULU SUNGAI TENGAH Nomor SOP 800/12", "Kabupaten Hulu Sungai Tengah",
         "KABUPATEN HULU SUNGAI TENGAH"),  # a table cell after the name
        ("KAB. PAKPAK BHARAT TAHUN 2019", "Kabupaten Pakpak Bharat", "KAB. PAKPAK BHARAT"),
        ("PEMERINTAH KOTA DENPASR", "Kota Denpasar", "KOTA DENPASR"),  # OCR dropped a letter
        ("KABUPATEN ACEH BARAT DAVA", "Kabupaten Aceh Barat Daya", "KABUPATEN ACEH BARAT DAVA"),
        ("KOTA TANJUNG BALAI", "Kota Tanjungbalai", "KOTA TANJUNG BALAI"),  # spaces aside: the official name
        ("KABUPATEN MAMUJU UTARA", "Kabupaten Mamuju Utara", "KABUPATEN MAMUJU UTARA"),  # a former name
        ("KABUPATEN SLEMAN KAPANEWON PAKEM", "Kabupaten Sleman", "KABUPATEN SLEMAN"),
        ("Pemerintah Provinsi DKI Jakarta", "Provinsi DKI Jakarta", "Provinsi DKI Jakarta"),
        ("KOTA ADMINISTRASI JAKARTA PUSAT", "Kota Jakarta Pusat", "KOTA ADMINISTRASI JAKARTA PUSAT"),
    ],
)  # fmt: skip
def test_find_region_ends_the_name_where_the_listed_name_ends(text: str, expected: str, printed: str) -> None:
    found = find_region(text)
    assert found is not None
    match, start, end = found
    assert match.full == expected
    assert text[start:end] == printed


@pytest.mark.parametrize("text", ["di kota lama", "KOTA BANDAR", "KABUPATEN BUTU", "Provinsi ini"])
def test_find_region_takes_no_name_that_is_not_on_the_list(text: str) -> None:
    assert find_region(text) is None


def test_match_region_forgives_no_typo_in_short_names() -> None:
    # one letter turns a short name into another region's ("BANDAR"/"BANJAR"), so none is allowed
    assert match_region("Kota", ["BANDAR"]) is None
    assert match_region("Kota", ["BANJAR"]) is not None


@pytest.mark.parametrize(
    ("office", "region"),
    [
        ("Bupati Toli-Toli", "Kabupaten Toli-Toli"),
        ("Wali Kota Bitung", "Kota Bitung"),
        ("Walikota Bitung", "Kota Bitung"),
        ("Gubernur Nusa Tenggara Timur", "Provinsi Nusa Tenggara Timur"),
        ("Bupati Gunung Kidul", "Kabupaten Gunungkidul"),
        ("Di Kota Bitung Walikota Bitung", None),  # not an office: the end of a title leaked in
        ("Bupati Sukamaju", "Kabupaten Sukamaju"),  # not on the list: the office still names its region
        ("Bupati Sukamaju Nomor 5 Tahun 2020", None),  # ... but only when the name is all that follows
    ],
)
def test_head_region_reads_the_region_a_head_of_region_governs(office: str, region: str | None) -> None:
    assert head_region(office) == region


@pytest.mark.parametrize(
    ("office", "expected"),
    [
        ("Walikota Denpasr", "Walikota Denpasar"),
        ("Kepala Dinas Kominfo Kota Pekalongn", "Kepala Dinas Kominfo Kota Pekalongan"),
        ("Bupati Gunung Kidul", "Bupati Gunung Kidul"),  # printed right in another spelling: kept
        ("Kepala Badan Siber dan Sandi Negara", "Kepala Badan Siber dan Sandi Negara"),
    ],
)  # fmt: skip
def test_spell_region_in_repairs_only_ocr_damaged_names(office: str, expected: str) -> None:
    assert spell_region_in(office) == expected


def test_region_from_a_running_header_in_ordinary_case() -> None:
    from core.models import PageText, TextMethod
    from extractors.identity.document import detect_identity

    top = "Rencana Induk Pengembangan TIK Diskominfo Pemerintah Kota Bitung\nTahun 2021 – Tahun 2025\nBAB VI"
    body = "\nPERENCANAAN STRATEGIS\n6.1. Faktor Penentu Kesuksesan\nRencana jangka panjang disusun."
    meta, _ = detect_identity([PageText(number=1, text=top + body, method=TextMethod.text_layer)])
    assert meta.region is not None and meta.region.value == "Kota Bitung"
    # only the government a header names: a region mentioned in passing is not the author
    passing = "Laporan Kunjungan Kerja ke Kota Bitung\nTahun 2021\nBAB I\nPENDAHULUAN\nIsi laporan."
    meta, _ = detect_identity([PageText(number=1, text=passing, method=TextMethod.text_layer)])
    assert meta.region is None


def test_a_letterhead_names_a_region_the_list_does_not_know() -> None:
    from extractors.identity.region import region_in_lines
    from extractors.identity.text import Line

    def lines(*texts: str) -> list[Line]:
        return [Line(1, t, 1.0) for t in texts]

    assert region_in_lines(lines("PEMERINTAH KOTA SUKAMAJU", "DINAS KOMINFO")) == (
        "Kota Sukamaju",
        Line(1, "PEMERINTAH KOTA SUKAMAJU", 1.0),
    )
    # a listed name still ends where the list says, whatever follows on the line
    found = region_in_lines(lines("PEMERINTAH KABUPATEN TANAH DATAR NOMOR SOP 12/2023"))
    assert found is not None and found[0] == "Kabupaten Tanah Datar"
    assert region_in_lines(lines("PEMERINTAH KOTA SUKAMAJU NOMOR SOP 12/2023")) is None
