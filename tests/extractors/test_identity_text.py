"""Tables for the identity text helpers: dates, months, OCR digits, numbers, casing, names."""

from __future__ import annotations

from datetime import date

import pytest

from core.models import PageText, TextMethod
from extractors.identity.heading import looks_garbled, parse_number
from extractors.identity.signature import clean_name, is_name
from extractors.identity.text import (
    collect_acronyms,
    document_lines,
    find_date,
    fix_ocr_digits,
    parse_month,
    title_case,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pada tanggal 31 Agustus 2021", date(2021, 8, 31)),
        ("pada tanggal 9 Oktober 2019", date(2019, 10, 9)),
        ("Pada tanggal 12 Juni 2Ol9", date(2019, 6, 12)),  # OCR: O for 0, l for 1
        ("25 Januart202l", date(2021, 1, 25)),  # OCR: month noise, glued year
        ("12 Nopember 2017", date(2017, 11, 12)),
        ("3 Pebruari 2020", date(2020, 2, 3)),
        ("9 Agustu5 2020", date(2020, 8, 9)),
        ("1 0ktober 2019", date(2019, 10, 1)),
        ("Tgl. Efektif : 2 Jan 2018", date(2018, 1, 2)),
        ("Jakarta, 20 Januari 2021", date(2021, 1, 20)),
        ("31-12-2021", date(2021, 12, 31)),
        ("pada tanggal 2021", None),  # a draft's blank date
        ("pada tanggal", None),
        ("30 Februari 2021", None),  # not a date
        ("Nomor 95 Tahun 2018", None),
    ],
)
def test_find_date_reads_indonesian_dates(text: str, expected: date | None) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize(
    ("word", "month"),
    [
        ("Januari", 1),
        ("JANUARI", 1),
        ("Januart", 1),
        ("Jarluari", 1),
        ("Maret", 3),
        ("Mei", 5),
        ("Agustus", 8),
        ("Nopember", 11),
        ("November", 11),
        ("Desember", 12),
        ("Okt.", 10),
        ("Senin", None),
        ("Tahun", None),
        ("Nomor", None),
    ],
)
def test_parse_month_tolerates_spelling_and_ocr(word: str, month: int | None) -> None:
    assert parse_month(word) == month


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TAHUN 2OL9", "TAHUN 2019"),
        ("TAHUN 2O21", "TAHUN 2021"),
        ("202l", "2021"),
        ("NOMOR 81", "NOMOR 81"),
        ("SOLO", "SOLO"),  # a word, not a year
    ],
)
def test_fix_ocr_digits_repairs_years_only(text: str, expected: str) -> None:
    assert fix_ocr_digits(text) == expected


@pytest.mark.parametrize(
    ("rest", "expected"),
    [
        (": 81 TAHUN 2021", ("81", 2021, False)),
        ("81 TAHUN 2O21", ("81", 2021, False)),
        ("188.45/1612/HK/2019", ("188.45/1612/HK/2019", 2019, False)),
        ("188.45 / 1186 / HK / 2017", ("188.45/1186/HK/2017", 2017, False)),
        ("188.45/ 826 / HK /2019", ("188.45/826/HK/2019", 2019, False)),
        (": 224 /BAPPEDA/2023", ("224/BAPPEDA/2023", 2023, False)),
        ("555/395/DISKOMINFO/2026", ("555/395/DISKOMINFO/2026", 2026, False)),
        ("TAHUN 2021", (None, 2021, True)),  # blank number of a draft
        ("                  TAHUN 2023", (None, 2023, True)),
        ("39TAHUN 2O19", ("39", 2019, False)),  # OCR glued the number to TAHUN
        ("KEP. XXX/M.EKON/XX/XX/2023", (None, None, True)),  # placeholder
        ("..... TAHUN 2020", (None, 2020, True)),
        ("", (None, None, True)),
    ],
)
def test_parse_number_normalises_and_spots_placeholders(
    rest: str, expected: tuple[str | None, int | None, bool]
) -> None:
    assert parse_number(rest) == expected


@pytest.mark.parametrize(
    ("number", "garbled"),
    [("3x/DISKOMINFO/2024", True), ("34/DISKOMINFO/2024", False), ("188.45/1612/HK/2019", False)],
)
def test_looks_garbled_flags_ocr_damaged_numbers(number: str, garbled: bool) -> None:
    assert looks_garbled(number) is garbled


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK DALAM "
            "PENYELENGGARAAN PEMERINTAHAN DAERAH DI KABUPATEN BATU BARA",
            "Sistem Pemerintahan Berbasis Elektronik dalam "
            "Penyelenggaraan Pemerintahan Daerah di Kabupaten Batu Bara",
        ),
        (
            "RENCANA INDUK PENGEMBANGAN TIK TERPADU (CETAK BIRU E-GOVERNMENT )",
            "Rencana Induk Pengembangan TIK Terpadu (Cetak Biru E-Government)",
        ),
        (
            "SUSUNAN ORGANISASI, TUGAS DAN FUNGSI SERTA TATA KERJA",
            "Susunan Organisasi, Tugas dan Fungsi serta Tata Kerja",
        ),
        ("KOTAMADYA DAERAH TINGKAT II DENPASAR", "Kotamadya Daerah Tingkat II Denpasar"),
        ("DAN SEBAGAINYA", "Dan Sebagainya"),  # the first word is always capitalised
        ("Penetapan Tata Cara Layanan Data Center", "Penetapan Tata Cara Layanan Data Center"),  # mixed: kept
        ("BERBASIS ELEKTRONIK/E-PLANNING", "Berbasis Elektronik/E-Planning"),
        ("PENERBITAN AK/I", "Penerbitan AK/I"),
    ],
)
def test_title_case_writes_titles_as_labels_do(text: str, expected: str) -> None:
    assert title_case(text) == expected


def test_collect_acronyms_learns_isolated_capitals_from_body() -> None:
    page = PageText(
        number=1,
        text="Organisasi Perangkat Daerah (OPD) menyusun rencana.\nTim (KARMA SIMANIS) dibentuk oleh OPD.",
        method=TextMethod.text_layer,
    )
    found = collect_acronyms(document_lines([page]))
    assert "OPD" in found
    assert "KARMA" not in found and "SIMANIS" not in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ZAHIR", True),
        ("RAI DHARMAWIJAYA MANTRA", True),
        ("Drs. I Putu Budiasa, M.Si", True),
        ("BUPATI BATU BARA,", False),
        ("Kepala Dinas Perpustakaan dan Kearsipan", False),
        ("Kota Denpasar", False),
        ("Pembina Utama Muda", False),
        ("NIP. 19591127 198503 1 013", False),
        ("PEMBANGUNAN NASIONAL", False),
        ("WK", False),  # stamp noise
        ("B iayantini", False),  # OCR noise
        ("Tembusan disampaikan kepada :", False),
    ],
)
def test_is_name_separates_names_from_offices_and_noise(text: str, name: bool) -> None:
    assert is_name(text) is name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ZAHIR", "Zahir"),
        (" ZAHIR. ", "Zahir"),
        ("SLAMET BASUKI. A.P", "Slamet Basuki, A.P"),  # OCR period for the comma
        ("Drs. A.A Ngurah Rai Iswara. M.Si", "Drs. A.A Ngurah Rai Iswara, M.Si"),
        ("Drs. I Putu Budiasa, M.Si", "Drs. I Putu Budiasa, M.Si"),
        ("H. ABDUL MALIK, S.H., M.H.", "H. Abdul Malik, S.H., M.H."),
        ("ttd RAI ISWARA", "Rai Iswara"),
        ("Drs. Putu Wirawan", "Drs. Putu Wirawan"),
        ("Drs. A. A Ngurah Rai Iswara, M.Si", "Drs. A.A Ngurah Rai Iswara, M.Si"),  # OCR gap in initials
        ("Drs. | Ketut Mister, MM", "Drs. I Ketut Mister, MM"),  # OCR "|" for "I"
    ],
)
def test_clean_name_normalises_case_and_keeps_degrees(text: str, expected: str) -> None:
    assert clean_name(text) == expected


def test_document_lines_drops_page_numbers_and_running_headers() -> None:
    bodies = [
        "Pasal 1 berisi definisi.",
        "Pasal 2 berisi tujuan.",
        "Pasal 3 berisi ruang lingkup.",
        "Penutup.",
    ]
    pages = [
        PageText(
            number=n,
            text=f"Rencana Induk SPBE Kota Contoh {n}\n- {n} -\n{body}",
            method=TextMethod.text_layer,
        )
        for n, body in enumerate(bodies, start=1)
    ]
    assert [line.text for line in document_lines(pages)] == bodies
    assert len(document_lines(pages, keep_headers=True)) == 8


@pytest.mark.parametrize("seed", range(3))
def test_last_short_word_cut_as_the_expression(seed: int) -> None:
    import random
    import re

    from extractors.identity.text import _without_last_short_word

    rng = random.Random(seed)
    words = ["a", "Hal", "123456", "1234567", "Laporan", "-", "é", "\ud800", "ⅫⅫⅫⅫⅫⅫⅫ"]
    for _ in range(5000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 6)))
        assert _without_last_short_word(text) == re.sub(r"\s+\S{1,6}$", "", text)


def test_running_headers_dropped_with_their_page_numbers() -> None:
    from extractors.identity.text import document_lines

    pages = [PageText(number=n, text=f"Laporan Evaluasi SPBE {n}\nIsi\u00adhalaman {n} ini\n{n}",
                      method=TextMethod.text_layer) for n in range(1, 7)]
    lines = document_lines(pages)
    assert [ln.text for ln in lines] == [f"Isi-halaman {n} ini" for n in range(1, 7)]
    assert len(document_lines(pages, keep_headers=True)) == 12
