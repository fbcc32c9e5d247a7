"""Issuer of reports and internal documents: organisation, its unit, joint parties, back cover."""

from __future__ import annotations

import pytest

from core.models import DocumentMetadata, PageText, TextMethod
from extractors.identity.document import detect_identity
from extractors.identity.issuer import unit_of_office, with_unit


def _pages(*texts: str) -> list[PageText]:
    return [PageText(number=i, text=t, method=TextMethod.text_layer) for i, t in enumerate(texts, start=1)]


def _issuer(meta: DocumentMetadata) -> str | None:
    return None if meta.issuer is None else meta.issuer.value


BODY = "Bab ini menguraikan latar belakang, maksud dan tujuan penyusunan dokumen ini secara ringkas."


@pytest.mark.parametrize(
    ("office", "unit"),
    [
        ("Kepala Biro Perencanaan Kementerian Koordinator Bidang Perekonomian", "Biro Perencanaan"),
        ("Deputi Bidang Kelembagaan dan Tata Laksana,", "Deputi Bidang Kelembagaan dan Tata Laksana"),
        ("Plt. Kepala Bidang Aplikasi Informatika pada Dinas Kominfo", "Bidang Aplikasi Informatika"),
        ("KEPALA BAGIAN ORGANISASI SEKRETARIAT DAERAH", "Bagian Organisasi"),
        ("Kepala Dinas Komunikasi dan Informatika Kabupaten Nganjuk", None),  # heads the organisation
        ("Sekretaris Daerah", None),
        (None, None),
    ],
)
def test_unit_of_office(office: str | None, unit: str | None) -> None:
    assert unit_of_office(office) == unit


def test_with_unit_skips_a_unit_already_named() -> None:
    assert with_unit("Kementerian X", "Biro Umum") == "Kementerian X (Biro Umum)"
    assert with_unit("Biro Umum Kementerian X", "Biro Umum") == "Biro Umum Kementerian X"
    assert with_unit("Kementerian X", None) == "Kementerian X"


def test_report_cover_names_unit_above_its_ministry() -> None:
    cover = (
        "LAPORAN HASIL EVALUASI\nINDEKS SPBE\nTAHUN 2023\nPEMERINTAH KABUPATEN MAGELANG\n"
        "Deputi Bidang Kelembagaan dan Tata Laksana\nKementerian Pendayagunaan Aparatur Negara\n"
        "dan Reformasi Birokrasi"
    )
    meta, _ = detect_identity(_pages(cover, BODY))
    assert _issuer(meta) == (
        "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi "
        "(Deputi Bidang Kelembagaan dan Tata Laksana)"
    )
    assert meta.region is not None and meta.region.value == "Kabupaten Magelang"


def test_unit_from_the_office_that_signed_the_foreword() -> None:
    cover = "KEBIJAKAN INTERNAL\nMANAJEMEN DATA\nKEMENTERIAN KOORDINATOR BIDANG MARITIM\nREPUBLIK INDONESIA"
    foreword = (
        f"KATA PENGANTAR\n{BODY}\nJakarta, Maret 2022\nKepala Biro Umum\n"
        "Kementerian Koordinator Bidang\nMaritim\nBudi Santoso"
    )
    meta, _ = detect_identity(_pages(cover, foreword, BODY))
    assert _issuer(meta) == "Kementerian Koordinator Bidang Maritim (Biro Umum)"
    assert meta.signer is not None and meta.signer.value == "Budi Santoso"


def test_back_cover_names_the_author_when_the_front_cover_does_not() -> None:
    cover = "LAPORAN HASIL EVALUASI SPBE\nTAHUN 2024\nPEMERINTAH KOTA MAGELANG"
    back = (
        "Deputi Bidang Kelembagaan dan Tata Laksana\n"
        "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi\n2024"
    )
    meta, _ = detect_identity(_pages(cover, BODY, BODY, back))
    assert _issuer(meta) == (
        "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi "
        "(Deputi Bidang Kelembagaan dan Tata Laksana)"
    )
    assert meta.issuer is not None and meta.issuer.page == 4


def test_joint_study_names_both_parties() -> None:
    cover = (
        "LAPORAN AKHIR\nKAJIAN KEAMANAN PUSAT DATA KOTA MAGELANG\n"
        "FAKULTAS TEKNIK\nUNIVERSITAS MAGELANG\nDENGAN\nDINAS KOMUNIKASI DAN INFORMATIKA\nKOTA MAGELANG\n"
        "MAGELANG\nTAHUN 2019"
    )
    meta, _ = detect_identity(_pages(cover, BODY))
    assert _issuer(meta) == (
        "Fakultas Teknik Universitas Magelang dan Dinas Komunikasi dan Informatika Kota Magelang"
    )


def test_cover_unit_line_under_a_letterhead() -> None:
    cover = (
        "PEMERINTAH KABUPATEN MAGELANG\nDINAS KOMUNIKASI DAN INFORMATIKA\nJalan Merdeka 1 Telp (0536) 404\n"
        "KOORDINASI\nPENGUJIAN KEAMANAN APLIKASI\nBIDANG PERSANDIAN DAN STATISTIK\n" + BODY
    )
    meta, _ = detect_identity(_pages(cover))
    assert _issuer(meta) == (
        "Dinas Komunikasi dan Informatika Kabupaten Magelang (Bidang Persandian dan Statistik)"
    )
    # a document of no known kind: its title is the capitalised block under the letterhead's address
    assert meta.title is not None and meta.title.value == "Koordinasi Pengujian Keamanan Aplikasi"


def test_no_title_is_guessed_without_a_letterhead_address() -> None:
    meta, _ = detect_identity(_pages("PEMERINTAH KABUPATEN MAGELANG\nCATATAN PENTING\n" + BODY))
    assert meta.title is None


def test_minutes_keep_the_office_that_wrote_them() -> None:
    """Letters and minutes name an office ("Kepala Dinas ..."), not an organisation with a unit."""
    page = (
        "PEMERINTAH KABUPATEN MAGELANG\nDINAS KOMUNIKASI DAN INFORMATIKA\nNOTA DINAS\n"
        "Kepada : Yth. Bupati Magelang\nDari : Kepala Dinas Komunikasi dan Informatika\n"
        "Hal : Rapat Evaluasi SPBE\n" + BODY
    )
    meta, _ = detect_identity(_pages(page))
    assert _issuer(meta) == "Kepala Dinas Komunikasi dan Informatika"


def test_letter_number_is_read_from_the_memo_header() -> None:
    page = (
        "PEMERINTAH KABUPATEN MAGELANG\nDINAS KOMUNIKASI DAN INFORMATIKA\nNOTA DINAS\n"
        "Kepada : Yth. Bupati Magelang\nDari : Kepala Dinas Komunikasi dan Informatika\n"
        "Tanggal : 25 Januari 2021\nNomor : 005/ 26.1/411.311/2021\nSifat : Segera\n"
        "Menindaklanjuti Peraturan Bupati Nomor : 12/2018 tentang SPBE, " + BODY
    )
    meta, _ = detect_identity(_pages(page))
    assert meta.number is not None and meta.number.value == "005/26.1/411.311/2021"
    assert meta.number.page == 1


def test_letter_without_a_number_line_has_no_number() -> None:
    meta, _ = detect_identity(_pages("NOTA DINAS\nKepada : Yth. Bupati\nHal : Rapat\n" + BODY))
    assert meta.number is None


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("NOTULEN RAPAT\nHari/Tanggal : Senin, 1 Maret 2021\nTempat : Ruang Rapat\n" + BODY, "Notulen Rapat"),
        ("NOTA DINAS\nYth. Kepala Dinas\nDari : Sekretaris\n" + BODY, "Nota Dinas"),
    ],
)
def test_memo_header_lines_do_not_join_the_title(page: str, title: str) -> None:
    meta, _ = detect_identity(_pages(page))
    assert meta.title is not None and meta.title.value == title


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Nomor : 005/123/Diskominfo/2021 Denpasar, 1 Maret 2021", "005/123/Diskominfo/2021"),
        ("Nomor : 800/123/BKD Lampiran : 1 (satu) berkas", "800/123/BKD"),
        ("Nomor : 005/ /2021", None),  # the blank left for a draft's number
    ],
)
def test_letter_number_stops_at_what_is_printed_beside_it(line: str, number: str | None) -> None:
    meta, _ = detect_identity(_pages(f"NOTA DINAS\nKepada : Yth. Bupati\n{line}\nHal : Rapat\n" + BODY))
    assert (meta.number.value if meta.number else None) == number


def test_memo_is_titled_by_its_subject() -> None:
    page = (
        "PEMERINTAH KABUPATEN MAGELANG\nDINAS KOMUNIKASI DAN INFORMATIKA\nNOTA DINAS\n"
        "Kepada : Pejabat Struktural\nDari : Kepala Dinas\nNomor : 005/12/411.311/2021\n"
        "Perihal : Rapat Evaluasi SPBE\n" + BODY
    )
    meta, _ = detect_identity(_pages(page))
    assert meta.title is not None and meta.title.value == "Rapat Evaluasi SPBE"
    assert meta.doc_type is not None and meta.doc_type.value.value == "notulen_undangan"
