"""detect_identity on hand-made page texts: each field, its variants, noise, drafts, provenance."""

from __future__ import annotations

from datetime import date

import pytest

from core.models import DocType, DocumentMetadata, LegalStatus, PageText, TextMethod
from extractors.identity.document import detect_identity

PREAMBLE = "DENGAN RAHMAT TUHAN YANG MAHA ESA\n{office},\nMenimbang : a. bahwa untuk melaksanakan ketentuan;"
CLOSING = (
    "Pasal 9\nPeraturan ini mulai berlaku pada tanggal diundangkan.\n"
    "Ditetapkan di {place}\npada tanggal {date}\n{office},\nttd\n{name}\n"
    "Diundangkan di {place}\npada tanggal {date}\nSEKRETARIS DAERAH,\nttd\nBUDI SANTOSO"
)


def _pages(
    *texts: str, method: TextMethod = TextMethod.text_layer, conf: float | None = None
) -> list[PageText]:
    return [
        PageText(number=i, text=t, method=method, ocr_confidence=conf if method is TextMethod.ocr else None)
        for i, t in enumerate(texts, start=1)
    ]


def _regulation(
    heading: str = "PERATURAN BUPATI BATU BARA",
    nomor: str = "NOMOR : 81 TAHUN 2021",
    title: str = "SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK",
    office: str = "BUPATI BATU BARA",
    closing_date: str = "31 Agustus 2021",
    name: str = "ZAHIR",
    top: str = "BUPATI BATU BARA\nPROVINSI SUMATERA UTARA",
) -> list[PageText]:
    first = f"{top}\n{heading}\n{nomor}\nTENTANG\n{title}\n" + PREAMBLE.format(office=office)
    last = CLOSING.format(place="Lima Puluh", date=closing_date, office=office, name=name)
    return _pages(first, "Pasal 1\nDalam Peraturan ini yang dimaksud dengan Daerah adalah Kabupaten.", last)


def _value(meta: DocumentMetadata, field: str) -> object:
    found = getattr(meta, field)
    return None if found is None else found.value


def test_detect_identity_reads_a_regional_regulation() -> None:
    meta, issues = detect_identity(_regulation())
    assert issues == []
    assert meta.doc_type is not None and meta.doc_type.value is DocType.peraturan_bupati
    assert _value(meta, "issuer") == "Bupati Batu Bara"
    assert _value(meta, "region") == "Kabupaten Batu Bara"
    assert _value(meta, "number") == "81"
    assert _value(meta, "year") == 2021
    assert _value(meta, "title") == "Sistem Pemerintahan Berbasis Elektronik"
    assert _value(meta, "status") is LegalStatus.enacted
    assert _value(meta, "date_set") == date(2021, 8, 31)
    assert _value(meta, "signer") == "Zahir"


def test_detect_identity_records_the_page_of_each_field() -> None:
    meta, _ = detect_identity(_regulation())
    assert meta.number is not None and meta.number.page == 1
    assert meta.date_set is not None and meta.date_set.page == 3
    assert meta.signer is not None and meta.signer.page == 3


@pytest.mark.parametrize(
    ("heading", "office", "doc_type", "issuer", "region"),
    [
        (
            "PERATURAN BUPATI BATU BARA",
            "BUPATI BATU BARA",
            DocType.peraturan_bupati,
            "Bupati Batu Bara",
            "Kabupaten Batu Bara",
        ),
        (
            "PERATURAN WALI KOTA BOGOR",
            "WALI KOTA BOGOR",
            DocType.peraturan_wali_kota,
            "Wali Kota Bogor",
            "Kota Bogor",
        ),
        (
            "PERATURAN WALIKOTA DENPASAR",
            "WALIKOTA DENPASAR",
            DocType.peraturan_wali_kota,
            "Walikota Denpasar",
            "Kota Denpasar",
        ),
        (
            "NPERATURAN WALIKOTA BANDAR LAMPUNG",
            "WALIKOTA BANDAR LAMPUNG",
            DocType.peraturan_wali_kota,
            "Walikota Bandar Lampung",
            "Kota Bandar Lampung",
        ),  # stray glyph before the heading
        (
            "PERATURAN GUBERNUR BALI",
            "GUBERNUR BALI",
            DocType.peraturan_gubernur,
            "Gubernur Bali",
            "Provinsi Bali",
        ),
        (
            "PERATURAN DAERAH KABUPATEN SLEMAN",
            "BUPATI SLEMAN",
            DocType.peraturan_daerah,
            "Bupati Sleman",
            "Kabupaten Sleman",
        ),
        (
            "PERATURAN PRESIDEN REPUBLIK INDONESIA",
            "PRESIDEN REPUBLIK INDONESIA",
            DocType.peraturan_presiden,
            "Presiden Republik Indonesia",
            "Republik Indonesia",
        ),
        (
            "PERATURAN MENTERI PENDAYAGUNAAN APARATUR NEGARA\nDAN REFORMASI BIROKRASI REPUBLIK INDONESIA",
            "MENTERI PENDAYAGUNAAN APARATUR NEGARA\nDAN REFORMASI BIROKRASI REPUBLIK INDONESIA",
            DocType.peraturan_menteri,
            "Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
            "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
        ),
        (
            "PERATURAN BADAN SIBER DAN SANDI NEGARA",
            "KEPALA BADAN SIBER DAN SANDI NEGARA",
            DocType.peraturan_lembaga,
            "Kepala Badan Siber dan Sandi Negara",
            "Badan Siber dan Sandi Negara",
        ),
        (
            "KEPUTUSAN GUBERNUR KALIMANTAN BARAT",
            "GUBERNUR KALIMANTAN BARAT",
            DocType.keputusan,
            "Gubernur Kalimantan Barat",
            "Provinsi Kalimantan Barat",
        ),
        (
            "SALINAN\nKEPUTUSAN SEKRETARIS DAERAH PROVINSI KALIMANTAN BARAT",
            "SEKRETARIS DAERAH PROVINSI KALIMANTAN BARAT",
            DocType.keputusan,
            "Sekretaris Daerah Provinsi Kalimantan Barat",
            "Provinsi Kalimantan Barat",
        ),
        (
            "SURAT EDARAN BUPATI LAMONGAN",
            "BUPATI LAMONGAN",
            DocType.surat_edaran,
            "Bupati Lamongan",
            "Kabupaten Lamongan",
        ),
    ],
)
def test_detect_identity_reads_kind_issuer_and_region_from_the_heading(
    heading: str, office: str, doc_type: DocType, issuer: str, region: str
) -> None:
    meta, _ = detect_identity(_regulation(heading=heading, office=office, top=""))
    assert _value(meta, "doc_type") is doc_type
    assert _value(meta, "issuer") == issuer
    assert _value(meta, "region") == region


@pytest.mark.parametrize(
    ("nomor", "number", "year"),
    [
        ("NOMOR : 81 TAHUN 2021", "81", 2021),
        ("Nomor 81 Tahun 2021", "81", 2021),
        ("NOMOR: 81 TAHUN 2021", "81", 2021),
        ("N0MOR 81 TAHUN 2O21", "81", 2021),  # OCR
        ("No. 12 Tahun 2020", "12", 2020),
        ("NOMOR 188.45/1612/HK/2019", "188.45/1612/HK/2019", 2019),
        ("NOMOR 188.45 / 1186 / HK / 2017", "188.45/1186/HK/2017", 2017),
        ("NOMOR : 555/395/DISKOMINFO/2026", "555/395/DISKOMINFO/2026", 2026),
        ("NOMOR :\n81 TAHUN 2021", "81", 2021),  # value wrapped to the next line
    ],
)
def test_detect_identity_reads_number_variants(nomor: str, number: str, year: int) -> None:
    meta, _ = detect_identity(_regulation(nomor=nomor))
    assert (_value(meta, "number"), _value(meta, "year")) == (number, year)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK DALAM\n"
            "PENYELENGGARAAN PEMERINTAHAN DAERAH\nDI KABUPATEN BATU BARA",
            "Sistem Pemerintahan Berbasis Elektronik dalam "
            "Penyelenggaraan Pemerintahan Daerah di Kabupaten Batu Bara",
        ),
        (
            "PERUBAHAN ATAS PERATURAN GUBERNUR NOMOR 29 TAHUN 2019\nTENTANG KELAS DAN NILAI JABATAN",
            "Perubahan atas Peraturan Gubernur Nomor 29 Tahun 2019 tentang Kelas dan Nilai Jabatan",
        ),
        (
            "PENETAPAN SISTEM INFORMASI BERBASIS ELEKTRONIK / E – PLANNING",
            "Penetapan Sistem Informasi Berbasis Elektronik/E-Planning",
        ),
        ("RENCANA INDUK (CETAK BIRU E-GOVERNMENT )", "Rencana Induk (Cetak Biru E-Government)"),
        ("PENYELENGGARAAN SPBE", "Penyelenggaraan SPBE"),
    ],
)
def test_detect_identity_joins_and_cases_the_title(title: str, expected: str) -> None:
    meta, _ = detect_identity(_regulation(title=title))
    assert _value(meta, "title") == expected


def test_detect_identity_stops_title_at_office_line_without_comma() -> None:
    text = (
        "WALIKOTA DENPASAR,\nKEPUTUSAN WALIKOTA DENPASAR\nNOMOR 188.45/1612/HK/2019\nTENTANG\n"
        "RENCANA INDUK PENGEMBANGAN TEKNOLOGI INFORMASI\nWALIKOTA DENPASAR\nMenimbang : a. bahwa perlu;"
    )
    closing = (
        "Ditetapkan di Denpasar\npada tanggal 9 Oktober 2019\nWALIKOTA DENPASAR,\nRAI DHARMAWIJAYA MANTRA"
    )
    meta, _ = detect_identity(_pages(text, closing))
    assert _value(meta, "title") == "Rencana Induk Pengembangan Teknologi Informasi"
    assert _value(meta, "signer") == "Rai Dharmawijaya Mantra"


def test_detect_identity_skips_preamble_labels_interleaved_by_ocr() -> None:
    text = (
        "WALIKOTA DENPASAR\nKEPUTUSAN WALIKOTA DENPASAR\nNOMOR 188.45/ 826 / HK /2019\nTENTANG\n"
        "PEMBENTUKAN TIM PENGELOLA JARINGAN DOKUMENTASI DAN INFORMASI\nMenimbang\nMengingat\na.\nHUKUM\n"
        "WALIKOTA DENPASAR,\nbahwa untuk mendukung Kota Denpasar"
    )
    meta, _ = detect_identity(_pages(text, method=TextMethod.ocr, conf=90.0))
    assert _value(meta, "title") == "Pembentukan Tim Pengelola Jaringan Dokumentasi dan Informasi Hukum"
    assert _value(meta, "number") == "188.45/826/HK/2019"


@pytest.mark.parametrize(
    ("kwargs", "top", "status", "number"),
    [
        ({}, "", LegalStatus.enacted, "81"),
        ({}, "RANCANGAN", LegalStatus.draft, "81"),
        ({}, "DRAFT", LegalStatus.draft, "81"),
        ({"nomor": "NOMOR TAHUN 2021"}, "", LegalStatus.draft, None),
        ({"nomor": "NOMOR                  TAHUN 2021"}, "", LegalStatus.draft, None),
        ({"nomor": "NOMOR KEP. XXX/M.EKON/XX/XX/2023"}, "", LegalStatus.draft, None),
        ({"closing_date": "2021"}, "", LegalStatus.enacted, "81"),  # number present, date unreadable
        ({"nomor": "NOMOR TAHUN 2021", "closing_date": ""}, "", LegalStatus.draft, None),
    ],
)
def test_detect_identity_tells_drafts_from_enacted(
    kwargs: dict[str, str], top: str, status: LegalStatus, number: str | None
) -> None:
    meta, _ = detect_identity(_regulation(top=top, **kwargs))
    assert _value(meta, "status") is status
    assert _value(meta, "number") == number


def test_detect_identity_without_ditetapkan_block_or_number_is_a_draft() -> None:
    first = "PERATURAN BUPATI LAMONGAN\nTENTANG\nSISTEM PEMERINTAHAN BERBASIS ELEKTRONIK\n"
    meta, _ = detect_identity(_pages(first + PREAMBLE.format(office="BUPATI LAMONGAN"), "Pasal 1\nIsi."))
    assert _value(meta, "status") is LegalStatus.draft
    assert meta.status is not None and meta.status.confidence < 0.8
    assert _value(meta, "date_set") is None and _value(meta, "signer") is None


def test_detect_identity_with_a_number_but_no_ditetapkan_block_is_enacted_weakly() -> None:
    # numbers are given at enactment: the signature page is missing or was not read, not a draft
    first = (
        "PERATURAN BUPATI LAMONGAN\nNOMOR 5 TAHUN 2021\nTENTANG\nSISTEM PEMERINTAHAN BERBASIS ELEKTRONIK\n"
    )
    meta, _ = detect_identity(_pages(first + PREAMBLE.format(office="BUPATI LAMONGAN"), "Pasal 1\nIsi."))
    assert _value(meta, "status") is LegalStatus.enacted
    assert meta.status is not None and meta.status.confidence < 0.8


@pytest.mark.parametrize(
    ("block", "signer", "day"),
    [
        (
            "Ditetapkan di Lima Puluh\npada tanggal 31 Agustus 2021\nBUPATI BATU BARA,\nTTD\n ZAHIR",
            "Zahir",
            date(2021, 8, 31),
        ),
        (
            "Ditetapkan di Bandar Lampung\npada tanggal 31 Desember "
            "2021\nWALIKOTA BANDAR LAMPUNG,\nCap/dto\nEVA DWIANA\n"
            "Diundangkan di Bandar Lampung",
            "Eva Dwiana",
            date(2021, 12, 31),
        ),
        (
            "Diundangkan di Bali\npada tanggal 4 Januari 2021\n"
            "SEKRETARIS DAERAH PROVINSI BALI,\nttd\nDEWA MADE INDRA\n"
            "Ditetapkan di Bali\npada tanggal 4 Januari 2021\n"
            "GUBERNUR BALI,\nttd\nWAYAN KOSTER\nPARAF KOORDINASI",
            "Wayan Koster",
            date(2021, 1, 4),
        ),  # promulgation block printed first
        (
            "Ditetapkan di Denpasar\npada tanggal 12 Oktober 2017.\n"
            "an. Walikota Denpasar ,\nKepala Dinas Perpustakaan dan "
            "Kearsipan\nKota Denpasar\nDrs. I Putu Budiasa, "
            "M.Si\nPembina Utama Muda\nNip. 19591127 198503 1 013",
            "Drs. I Putu Budiasa, M.Si",
            date(2017, 10, 12),
        ),
        (
            "Ditetapkan di Jakarta\npada tanggal 21 Desember "
            "2020\nMENTERI PERENCANAAN\nPEMBANGUNAN NASIONAL/\n"
            "KEPALA BADAN PERENCANAAN\nPEMBANGUNAN NASIONAL\nREPUBLIK INDONESIA,\nttd.\nSUHARSO MONOARFA",
            "Suharso Monoarfa",
            date(2020, 12, 21),
        ),
        (
            "Ditetapkan di Denpasar\npada tanggal 21 Oktober 2015\n"
            "SEKRETARIS DAERAH KOTA DENPASAR,\nWK\nRAI ISWARA\n"
            "Tembusan disampaikan kepada :",
            "Rai Iswara",
            date(2015, 10, 21),
        ),  # stamp noise "WK"
        (
            "Ditetapkan di Jakarta\nPada tanggal 12 Juni 2Ol9\n"
            "PRESIDEN REPUBLIK INDONESIA,\nttd\nJOKO WIDODO",
            "Joko Widodo",
            date(2019, 6, 12),
        ),
    ],
)
def test_detect_identity_reads_signature_blocks(block: str, signer: str, day: date) -> None:
    first = "PERATURAN BUPATI BATU BARA\nNOMOR 81 TAHUN 2021\nTENTANG\nSISTEM\n" + PREAMBLE.format(
        office="BUPATI BATU BARA"
    )
    meta, _ = detect_identity(_pages(first, "Pasal 2\nIsi.\n" + block))
    assert _value(meta, "signer") == signer
    assert _value(meta, "date_set") == day


def test_detect_identity_follows_signature_block_across_pages() -> None:
    first = (
        "RANCANGAN\nPERATURAN BUPATI LAMONGAN\nNOMOR TAHUN "
        "2021\nTENTANG\nSISTEM PEMERINTAHAN BERBASIS ELEKTRONIK\n"
    )
    pages = _pages(
        first + PREAMBLE.format(office="BUPATI LAMONGAN"),
        "Pasal 62\nBerlaku.\nDitetapkan di Lamongan\npada tanggal 2021",
        "-42-\nBUPATI LAMONGAN,\n YUHRONUR EFENDI\nDiundangkan di Lamongan\npada tanggal",
    )
    meta, _ = detect_identity(pages)
    assert _value(meta, "signer") == "Yuhronur Efendi"
    assert meta.signer is not None and meta.signer.page == 3
    assert (_value(meta, "status"), _value(meta, "number"), _value(meta, "year")) == (
        LegalStatus.draft,
        None,
        2021,
    )


def test_detect_identity_treats_a_lampiran_as_its_regulation() -> None:
    text = (
        "LAMPIRAN I : KEPUTUSAN WALIKOTA DENPASAR\nTANGGAL : "
        "12 OKTOBER 2017.\nNOMOR : 188.45 / 1186 / HK /2017\n"
        "TENTANG : PEMBENTUKAN PANITIA PENYELENGGARA\nSUSUNAN KEANGGOTAAN\nNo Nama Jabatan"
    )
    meta, _ = detect_identity(_pages(text))
    assert _value(meta, "doc_type") is DocType.keputusan
    assert _value(meta, "number") == "188.45/1186/HK/2017"
    assert _value(meta, "date_set") == date(2017, 10, 12)
    assert _value(meta, "status") is LegalStatus.enacted


SOP_SHEET = (
    "PEMERINTAH KOTA KUPANG\nDINAS KOMUNIKASI DAN INFORMATIKA\nNomor SOP : 800/012/DISKOMINFO/2019\n"
    "Tanggal Pembuatan : 2 Januari 2019\nTanggal Revisi : -\nTanggal Efektif : 3 Januari 2019\n"
    "Disahkan oleh : Kepala Dinas Komunikasi dan Informatika Kota Kupang\nNama SOP : Pengelolaan Pusat Data\n"
    "Dasar Hukum :\n1. Peraturan Presiden Nomor 95 Tahun 2018 tentang SPBE\n"
    "Kepala Dinas Komunikasi dan Informatika\nKota Kupang\nIr. "
    "BAMBANG WIJAYA, M.T\nPembina Utama Muda\nNIP. 19700101 199003 1 001"
)


def test_detect_identity_reads_an_sop_identity_sheet() -> None:
    meta, issues = detect_identity(_pages(SOP_SHEET))
    assert issues == []
    assert _value(meta, "doc_type") is DocType.sop
    assert _value(meta, "number") == "800/012/DISKOMINFO/2019"
    assert _value(meta, "title") == "Pengelolaan Pusat Data"
    assert _value(meta, "date_set") == date(2019, 1, 3)  # Tanggal Efektif, not Pembuatan
    assert _value(meta, "year") == 2019
    assert _value(meta, "issuer") == "Kepala Dinas Komunikasi dan Informatika Kota Kupang"
    assert _value(meta, "region") == "Kota Kupang"
    assert _value(meta, "status") is LegalStatus.enacted
    assert _value(meta, "signer") == "Ir. Bambang Wijaya, M.T"


@pytest.mark.parametrize(
    ("text", "doc_type", "status"),
    [
        (SOP_SHEET, DocType.sop, LegalStatus.enacted),
        (
            "STANDAR OPERASIONAL PROSEDUR (SOP)\nPELAYANAN ADMINISTRASI KEPENDUDUKAN",
            DocType.sop,
            LegalStatus.enacted,
        ),
        (
            "PEMERINTAH KABUPATEN NGANJUK\nNOTA DINAS\nPerihal : Rapat Evaluasi SPBE",
            DocType.notulen_undangan,
            LegalStatus.not_applicable,
        ),
        ("NOTULEN RAPAT\nRapat koordinasi tim SPBE", DocType.notulen_undangan, LegalStatus.not_applicable),
        ("DAFTAR HADIR\nNo Nama Jabatan", DocType.notulen_undangan, LegalStatus.not_applicable),
        (
            "UNDANGAN\nKepada Yth. Kepala Perangkat Daerah",
            DocType.notulen_undangan,
            LegalStatus.not_applicable,
        ),
        (
            "LAPORAN AKHIR\nKAJIAN PHYSICAL SECURITY KOTA DENPASAR\nUNIVERSITAS UDAYANA\nTAHUN 2017",
            DocType.laporan,
            LegalStatus.not_applicable,
        ),
        ("RENCANA INDUK SPBE\nKABUPATEN CONTOH 2020-2024", DocType.rencana_induk, LegalStatus.not_applicable),
        (
            "Kebijakan Internal Sistem Pemerintahan Berbasis Elektronik\nKEMENTERIAN CONTOH",
            DocType.kebijakan_internal,
            LegalStatus.not_applicable,
        ),
        (
            "PEDOMAN MENTERI PENDAYAGUNAAN APARATUR NEGARA\nNOMOR 3 TAHUN 2024\nTENTANG\nTATA CARA EVALUASI\n"
            "Ditetapkan di Jakarta\npada tanggal 9 Juli 2024\nMENTERI,\nttd\nABDULLAH AZWAR ANAS",
            DocType.lainnya,
            LegalStatus.enacted,
        ),
    ],
)
def test_detect_identity_recognises_other_document_kinds(
    text: str, doc_type: DocType, status: LegalStatus
) -> None:
    meta, _ = detect_identity(_pages(text))
    assert _value(meta, "doc_type") is doc_type
    assert _value(meta, "status") is status


def test_detect_identity_reads_a_report_cover() -> None:
    cover = (
        "KEMENTERIAN PENDAYAGUNAAN APARATUR NEGARA\nDAN REFORMASI "
        "BIROKRASI\nINDEKS SPBE\nPEMERINTAH KAB. MADIUN\nTAHUN 2020"
    )
    foreword = (
        "KATA PENGANTAR\nPuji syukur.\nJakarta, 20 Januari 2021\n"
        "Deputi Bidang Kelembagaan\ndan Tata Laksana,\nRini Widyantini"
    )
    meta, _ = detect_identity(_pages(cover, foreword))
    assert _value(meta, "doc_type") is DocType.laporan
    assert _value(meta, "title") == "Indeks SPBE Pemerintah Kab. Madiun Tahun 2020"
    assert _value(meta, "region") == "Kabupaten Madiun"
    assert _value(meta, "year") == 2020  # the evaluation year, not the foreword date
    assert _value(meta, "signer") == "Rini Widyantini"
    assert _value(meta, "date_set") is None


def test_detect_identity_does_not_take_a_quoted_regulation_as_heading() -> None:
    text = (
        "PEMERINTAH KABUPATEN KATINGAN\nKOORDINASI\nIT SECURITY ASSESSMENT\n"
        "Sesuai Peraturan Bupati Katingan Nomor 5 Tahun 2020 tentang Keamanan Informasi, kami mohon data."
    )
    meta, issues = detect_identity(_pages(text, method=TextMethod.docx))
    assert _value(meta, "doc_type") is DocType.lainnya
    assert _value(meta, "number") is None
    assert _value(meta, "region") == "Kabupaten Katingan"
    assert [i.code for i in issues] == ["identity_incomplete"]


@pytest.mark.parametrize("pages", [[], _pages(""), _pages("   \n\n")])
def test_detect_identity_on_empty_text_reports_incomplete(pages: list[PageText]) -> None:
    meta, issues = detect_identity(pages)
    assert meta == DocumentMetadata()
    assert [i.code for i in issues] == ["identity_incomplete"]


def test_detect_identity_trusts_noisy_ocr_less() -> None:
    texts = [p.text for p in _regulation()]
    clean, _ = detect_identity(_pages(*texts))
    noisy, _ = detect_identity(_pages(*texts, method=TextMethod.ocr, conf=55.0))
    for field in ("doc_type", "number", "title", "signer", "date_set"):
        assert _value(clean, field) == _value(noisy, field)
        assert getattr(noisy, field).confidence < getattr(clean, field).confidence
    assert all(
        0.0 <= getattr(clean, f).confidence <= 1.0 for f in DocumentMetadata.model_fields if getattr(clean, f)
    )


def test_detect_identity_result_round_trips_through_json() -> None:
    meta, issues = detect_identity(_regulation())
    assert DocumentMetadata.model_validate_json(meta.model_dump_json()) == meta
    assert issues == []


def test_detect_identity_reads_a_title_case_heading() -> None:
    text = (
        "Keputusan Bupati Katingan\nNomor        Tahun 2023\nTentang\n"
        "Tim Teknis Pengelolaan Jaringan Dokumentasi\nBupati Katingan,\nMenimbang : a. bahwa perlu;\n"
        "Mengingat : 1. Peraturan Bupati Katingan Nomor 46 Tahun 2015;"
    )
    meta, _ = detect_identity(_pages(text, method=TextMethod.docx))
    assert _value(meta, "doc_type") is DocType.keputusan
    assert _value(meta, "title") == "Tim Teknis Pengelolaan Jaringan Dokumentasi"
    assert _value(meta, "issuer") == "Bupati Katingan"
    assert (_value(meta, "number"), _value(meta, "year"), _value(meta, "status")) == (
        None,
        2023,
        LegalStatus.draft,
    )


def test_detect_identity_ignores_citations_in_a_preamble() -> None:
    text = (
        "Dasar Hukum\nPeraturan Bupati Sleman\nNomor 5038);\nMenimbang bahwa perlu\n"
        "Peraturan Daerah Kabupaten Sleman Nomor 11 Tahun 2016\nNomor 9);"
    )
    meta, _ = detect_identity(_pages(text))
    assert _value(meta, "doc_type") is DocType.lainnya


def test_detect_identity_restores_a_title_start_moved_by_ocr_columns() -> None:
    text = (
        "SUSUNAN ORGANISASI, TUGAS DAN FUNGSI SERTA TATA KERJA\nMenimbang\nMengingat\n"
        "PERATURAN WALIKOTA BANDAR LAMPUNG\nNOMOR 54 TAHUN 2021\nTENTANG\nDINAS KOMUNIKASI DAN INFORMATIKA\n"
        "KOTA BANDAR LAMPUNG\nDENGAN RAHMAT TUHAN YANG MAHA ESA\nWALIKOTA BANDAR LAMPUNG,\n"
        "bahwa berdasarkan pertimbangan tersebut, perlu menetapkan Peraturan Walikota tentang Susunan\n"
        "Organisasi, Tugas dan Fungsi serta Tata Kerja Dinas Komunikasi dan Informatika Kota Bandar Lampung;"
    )
    meta, _ = detect_identity(_pages(text, method=TextMethod.ocr, conf=90.0))
    assert _value(meta, "title") == (
        "Susunan Organisasi, Tugas dan Fungsi serta Tata Kerja "
        "Dinas Komunikasi dan Informatika Kota Bandar Lampung"
    )


def test_detect_identity_reads_a_signature_block_flattened_onto_one_line() -> None:
    first = "KEPUTUSAN BUPATI KATINGAN\nNOMOR        TAHUN 2023\nTENTANG\nTIM TEKNIS JDIH\nBUPATI KATINGAN,"
    last = "KEENAM : Berlaku.\nDitetapkan di Kasongan pada tanggal BUPATI KATINGAN, SAKARIYAS"
    meta, _ = detect_identity(_pages(first, last, method=TextMethod.docx))
    assert _value(meta, "signer") == "Sakariyas"
    assert _value(meta, "status") is LegalStatus.draft


def test_detect_identity_reads_sop_dates_from_the_next_table_cell() -> None:
    text = (
        "Nomor SOP\nTanggal Pembuatan\n13 Oktober 2017\nTanggal Revisi\nTanggal Efektif\n"
        "PEMERINTAH KOTA DENPASAR\nNama SOP SOP PERBAIKAN DATA PADA APLIKASI E-KINERJA"
    )
    meta, _ = detect_identity(_pages(text, method=TextMethod.ocr, conf=90.0))
    assert _value(meta, "doc_type") is DocType.sop
    assert _value(meta, "date_set") is None  # Tanggal Efektif left blank
    assert _value(meta, "year") == 2017
    assert _value(meta, "title") == "SOP Perbaikan Data pada Aplikasi E-Kinerja"
    assert _value(meta, "region") == "Kota Denpasar"


def test_detect_identity_takes_the_letter_signer_of_an_invitation_pack() -> None:
    letter = (
        "PEMERINTAH KABUPATEN NGANJUK\nDINAS KOMUNIKASI DAN INFORMATIKA\nNOTA DINAS\n"
        "Dari : Kepala Dinas Komunikasi dan Informatika Kab. Nganjuk\nTanggal : 25 Januari 2021\n"
        "KEPALA DINAS KOMUNIKASI\nDAN INFORMATIKA\nSLAMET BASUKI. A.P\nPembina Tk.I\n"
        "NIP. 19750311 199311 1 001"
    )
    minutes = (
        "NOTULEN\nHasil Rapat\nNganjuk, 25 Januari 2021\nNotulis\nEKO SUBAGYO, SE, M.Si\nPenata Tingkat I\n"
        "NIP. 19750523 200501 1 003"
    )
    meta, _ = detect_identity(_pages(letter, minutes))
    assert _value(meta, "doc_type") is DocType.notulen_undangan
    assert _value(meta, "signer") == "Slamet Basuki, A.P"
    assert _value(meta, "issuer") == "Kepala Dinas Komunikasi dan Informatika Kabupaten Nganjuk"
    assert _value(meta, "region") == "Kabupaten Nganjuk"
    assert (_value(meta, "year"), _value(meta, "status")) == (2021, LegalStatus.not_applicable)
