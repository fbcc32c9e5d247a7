"""Domain 2 (indikator 11-20, Tata Kelola SPBE) on hand-built documents: positive and negative cases.

Plans (11-12) must carry their content (a decree that only adopts a plan is not the plan), usage
indicators (13, 16-18) read SOPs, decrees and reports, and an umbrella SPBE regulation is never
implementation evidence unless its title is about the indicator.
"""

from __future__ import annotations

from datetime import date

import pytest
from rule_texts import build_document, regulation

from core.models import DocType, ExtractedDocument, LegalStatus, Proposal
from rules.engine import propose_levels
from rules.schema import RulePack

FILLER = (
    "Bagian ini menguraikan gambaran umum daerah, kondisi geografis dan kependudukan. " * 200
)  # > 15k chars
MAP_ANNEX = (
    "Peta subproses bisnis: pemilik proses, masukan, keluaran dan aktivitas setiap unit kerja. " * 180
)  # the map itself: > 15k chars


def _level(documents: list[ExtractedDocument], pack: RulePack, indicator: str) -> Proposal:
    return next(p for p in propose_levels(documents, pack) if p.indicator_id == indicator)


def decree(
    title: str,
    body: str,
    *,
    status: LegalStatus = LegalStatus.enacted,
    name: str = "sk.pdf",
    doc_type: DocType = DocType.keputusan,
    when: date | None = None,
) -> ExtractedDocument:
    """A Keputusan/SE: header, Menimbang/Mengingat, MEMUTUSKAN, ``body``, signature."""
    text = (
        f"KEPUTUSAN BUPATI CONTOH\nNOMOR 100/25/2023\nTENTANG\n{title.upper()}\nBUPATI CONTOH,\n"
        "Menimbang : a. bahwa untuk melaksanakan Peraturan Presiden Nomor 95 Tahun 2018 perlu menetapkan "
        "keputusan;\n"
        "Mengingat : 1. Peraturan Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan Berbasis "
        "Elektronik;\n"
        f"MEMUTUSKAN:\nMenetapkan :\n{body}\nDitetapkan di Contoh\npada tanggal 2 Mei 2023\nBUPATI CONTOH,\n"
    )
    return build_document(
        [text], name=name, doc_type=doc_type, status=status, title=title, year=2023, date_set=when
    )


def record(
    title: str,
    body: str,
    doc_type: DocType,
    *,
    name: str = "dok.pdf",
    status: LegalStatus | None = None,
    year: int = 2023,
    pad: bool = False,
) -> ExtractedDocument:
    """A report, SOP, plan or minutes: title line, body, optional filler to make a full plan document."""
    text = f"{title.upper()}\n{body}\n" + (FILLER if pad else "")
    default = LegalStatus.enacted if doc_type is DocType.sop else LegalStatus.not_applicable
    return build_document(
        [text], name=name, doc_type=doc_type, status=status or default, title=title, year=year
    )


def umbrella(body: str) -> ExtractedDocument:
    """The same substance inside an umbrella SPBE Perbup: policy (domain 1), not implementation."""
    return build_document(
        [regulation(body)], name="perbup-spbe.pdf", title="Sistem Pemerintahan Berbasis Elektronik"
    )


def minutes(title: str, topic: str, *, year: int = 2024) -> ExtractedDocument:
    body = (
        f"Acara : Rapat reviu dan evaluasi {topic}\nPembahasan :\n1. Reviu atas pelaksanaan {topic} tahun "
        f"berjalan.\n"
        "2. Hasil evaluasi: ditemukan isu dan rekomendasi perbaikan.\nKesimpulan : tindak lanjut hasil "
        "reviu disepakati.\n"
    )
    return record(title, body, DocType.notulen_undangan, name="notulen.pdf", year=year)


ARCH_FULL = """BAB II ARSITEKTUR SPBE
Arsitektur SPBE Kabupaten Contoh disusun dengan berpedoman pada Arsitektur SPBE Nasional sebagai
referensi arsitektur.
2.1 Arsitektur Proses Bisnis memetakan proses bisnis seluruh perangkat daerah.
2.2 Arsitektur Data dan Informasi memuat data dan informasi yang dikelola.
2.3 Arsitektur Infrastruktur SPBE memuat pusat data dan jaringan.
2.4 Arsitektur Aplikasi SPBE memuat aplikasi umum dan aplikasi khusus.
2.5 Arsitektur Keamanan SPBE memuat pengendalian keamanan.
2.6 Arsitektur Layanan SPBE memuat layanan administrasi dan layanan publik.
"""
ARCH_PARTIAL = """BAB II ARSITEKTUR SPBE
2.1 Arsitektur Proses Bisnis memetakan proses bisnis seluruh perangkat daerah.
2.2 Arsitektur Aplikasi SPBE memuat aplikasi umum dan aplikasi khusus.
"""
ROADMAP_NAMED = """BAB III PETA RENCANA SPBE
Peta Rencana SPBE memuat tata kelola SPBE, manajemen SPBE, layanan SPBE, infrastruktur SPBE, aplikasi SPBE,
keamanan SPBE dan audit teknologi informasi dan komunikasi.
Program pembangunan pusat data dengan tahun pelaksanaan 2024 dan target seluruh perangkat daerah terlayani.
"""
# a roadmap that gives every area its programmes and years (the content, not only the area names)
ROADMAP_FULL = """BAB III PETA RENCANA SPBE
Tabel 3.1 Program dan kegiatan Peta Rencana SPBE per muatan dan tahun pelaksanaan
1. Tata Kelola SPBE: penyusunan kebijakan internal SPBE, tahun 2024; reviu Arsitektur SPBE, tahun 2025.
2. Manajemen SPBE: penerapan manajemen risiko SPBE dan manajemen aset TIK, tahun 2024 - 2025.
3. Layanan SPBE: pengembangan layanan perizinan daring, tahun 2025; layanan pengaduan terpadu, 2026.
4. Infrastruktur SPBE: pembangunan jaringan intra ke seluruh perangkat daerah, tahun 2024 - 2026.
5. Aplikasi SPBE: integrasi aplikasi kepegawaian dengan aplikasi umum, tahun 2025.
6. Keamanan SPBE: pembentukan CSIRT dan penilaian indeks KAMI, tahun 2024.
7. Audit teknologi informasi dan komunikasi: audit aplikasi dan audit keamanan, tahun 2026.
"""
ROADMAP_PARTIAL = """BAB III PETA RENCANA SPBE
Peta Rencana SPBE memuat layanan SPBE dan aplikasi SPBE.
Program pengembangan aplikasi dengan tahun pelaksanaan 2024 dan target 10 aplikasi.
"""


def _plan(title: str, body: str, *, status: LegalStatus | None = None, pad: bool = True) -> ExtractedDocument:
    return record(title, body, DocType.rencana_induk, name="rencana.pdf", status=status, pad=pad)


POSITIVE: list[tuple[str, str, object, int]] = [
    (
        "11 full architecture document",
        "11",
        lambda: [_plan("Arsitektur SPBE Kabupaten Contoh", ARCH_FULL)],
        3,
    ),
    ("11 partial architecture", "11", lambda: [_plan("Arsitektur SPBE Kabupaten Contoh", ARCH_PARTIAL)], 2),
    (
        "11 draft architecture",
        "11",
        lambda: [_plan("Arsitektur SPBE Kabupaten Contoh", ARCH_FULL, status=LegalStatus.draft)],
        1,
    ),
    (
        "11 reviewed architecture",
        "11",
        lambda: [
            _plan("Arsitektur SPBE Kabupaten Contoh", ARCH_FULL),
            minutes("Notulen Reviu Arsitektur SPBE", "Arsitektur SPBE"),
        ],
        4,
    ),
    ("12 full roadmap", "12", lambda: [_plan("Peta Rencana SPBE Kabupaten Contoh", ROADMAP_FULL)], 3),
    ("12 partial roadmap", "12", lambda: [_plan("Peta Rencana SPBE Kabupaten Contoh", ROADMAP_PARTIAL)], 2),
    # naming is not containing: the seven areas listed in one sentence, a programme for one of them
    ("12 roadmap naming the areas", "12", lambda: [_plan("Peta Rencana SPBE Kab. Contoh", ROADMAP_NAMED)], 2),
    (
        "13 SE consultation for all units",
        "13",
        lambda: [
            decree(
                "Konsultasi Rencana dan Anggaran SPBE",
                "KESATU : Seluruh perangkat daerah wajib mengonsultasikan rencana dan anggaran SPBE kepada "
                "Diskominfo sebelum penyusunan RKA.\nKEDUA : Belanja TIK yang belum dikonsultasikan tidak "
                "dianggarkan.",
                doc_type=DocType.surat_edaran,
            )
        ],
        3,
    ),
    (
        "13 consultation of some budgets",
        "13",
        lambda: [
            decree(
                "Rekomendasi Teknis Belanja TIK",
                "KESATU : Perangkat daerah yang merencanakan belanja TIK dapat berkonsultasi kepada "
                "Diskominfo "
                "untuk memperoleh rekomendasi atas anggaran SPBE.",
            )
        ],
        2,
    ),
    (
        # naming is not containing: the decree adopting a map, without the map, is level 1
        "14 decree adopting a map, without the map",
        "14",
        lambda: [
            decree(
                "Peta Proses Bisnis Pemerintah Kabupaten Contoh",
                "KESATU : Menetapkan peta proses bisnis yang terdiri atas peta proses bisnis level 0 dan "
                "peta subproses bisnis seluruh perangkat daerah.",
            )
        ],
        1,
    ),
    (
        "14 business-process map decree with its map",
        "14",
        lambda: [
            decree(
                "Peta Proses Bisnis Pemerintah Kabupaten Contoh",
                "KESATU : Menetapkan peta proses bisnis yang terdiri atas peta proses bisnis level 0 dan "
                "peta subproses bisnis seluruh perangkat daerah.\nLAMPIRAN PETA PROSES BISNIS\n" + MAP_ANNEX,
            )
        ],
        2,
    ),
    (
        "14 improved business processes",
        "14",
        lambda: [
            decree(
                "Peta Proses Bisnis Pemerintah Kabupaten Contoh",
                "KESATU : Menetapkan peta proses bisnis dan peta subproses bisnis.\nKEDUA : Proses bisnis "
                "perizinan disederhanakan melalui penyederhanaan proses bisnis sebagai inovasi.\n"
                + MAP_ANNEX,
            )
        ],
        3,
    ),
    (
        "15 development report with cycle",
        "15",
        lambda: [
            record(
                "Laporan Pembangunan Aplikasi E-Perizinan",
                "Pembangunan aplikasi dimulai dengan analisis kebutuhan pengguna, perencanaan, desain "
                "aplikasi, "
                "implementasi aplikasi, pengujian aplikasi dan pemeliharaan aplikasi.",
                DocType.laporan,
            )
        ],
        2,
    ),
    (
        "15 development consulted with the ICT unit",
        "15",
        lambda: [
            record(
                "Laporan Pembangunan Aplikasi E-Perizinan",
                "Pembangunan aplikasi dimulai dengan analisis kebutuhan pengguna, perencanaan, desain "
                "aplikasi, "
                "implementasi aplikasi, pengujian aplikasi dan pemeliharaan aplikasi. Rancangan aplikasi "
                "dikonsultasikan kepada Diskominfo sebelum pembangunan aplikasi.",
                DocType.laporan,
            )
        ],
        3,
    ),
    (
        "16 SOP data centre on request",
        "16",
        lambda: [
            record(
                "SOP Layanan Pusat Data",
                "1. Perangkat daerah mengajukan permohonan penitipan server ke pusat data.\n"
                "2. Petugas menempatkan server pada pusat data.",
                DocType.sop,
            )
        ],
        2,
    ),
    (
        "16 SOP data centre for all units",
        "16",
        lambda: [
            record(
                "SOP Layanan Pusat Data",
                "1. Seluruh perangkat daerah menempatkan server dan aplikasi di pusat data.\n"
                "2. Petugas memantau pusat data setiap hari.",
                DocType.sop,
            )
        ],
        3,
    ),
    (
        "16 national data centre and review",
        "16",
        lambda: [
            record(
                "SOP Layanan Pusat Data",
                "1. Seluruh perangkat daerah menempatkan server dan aplikasi di pusat data.\n"
                "2. Pusat data terhubung dengan Pusat Data Nasional.",
                DocType.sop,
            ),
            minutes("Notulen Reviu Layanan Pusat Data", "layanan pusat data"),
        ],
        4,
    ),
    (
        "17 SOP intranet",
        "17",
        lambda: [
            record(
                "SOP Penggunaan Jaringan Intra",
                "1. Perangkat daerah mengajukan sambungan jaringan intra.\n2. Petugas mengaktifkan jaringan "
                "intra "
                "dan memantau jaringan intra.",
                DocType.sop,
            )
        ],
        2,
    ),
    (
        "17 intranet in all units",
        "17",
        lambda: [
            record(
                "Laporan Jaringan Intra",
                "Jaringan intra telah terhubung ke seluruh perangkat daerah melalui jaringan fiber optik.",
                DocType.laporan,
            )
        ],
        3,
    ),
    (
        "18 service bus report",
        "18",
        lambda: [
            record(
                "Laporan Sistem Penghubung Layanan",
                "Sistem penghubung layanan digunakan untuk pertukaran data antar aplikasi pada Dinas "
                "Kesehatan.",
                DocType.laporan,
            )
        ],
        2,
    ),
    (
        "18 service bus in all units",
        "18",
        lambda: [
            record(
                "Laporan Sistem Penghubung Layanan",
                "Sistem penghubung layanan digunakan oleh seluruh perangkat daerah untuk pertukaran data "
                "antar "
                "aplikasi.",
                DocType.laporan,
            )
        ],
        3,
    ),
    (
        "19 team decree",
        "19",
        lambda: [
            decree(
                "Pembentukan Tim Koordinasi SPBE",
                "KESATU : Membentuk Tim Koordinasi SPBE dengan susunan keanggotaan dalam Lampiran.",
            )
        ],
        1,
    ),
    (
        "19 team meeting on its work programme",
        "19",
        lambda: [
            record(
                "Notulen Rapat Tim Koordinasi SPBE",
                "Pembahasan : Tim Koordinasi SPBE membahas pelaksanaan program kerja tahun 2023.",
                DocType.notulen_undangan,
            )
        ],
        2,
    ),
    (
        "20 collaboration meeting",
        "20",
        lambda: [
            record(
                "Notulen Rapat Forum Kolaborasi SPBE",
                "Pembahasan : forum kolaborasi menyusun agenda kegiatan bersama perguruan tinggi.",
                DocType.notulen_undangan,
            )
        ],
        2,
    ),
    (
        "20 formal collaboration forum",
        "20",
        lambda: [
            decree(
                "Pembentukan Forum Kolaborasi SPBE",
                "KESATU : Membentuk Forum Kolaborasi SPBE.\nKEDUA : Forum kolaborasi menyusun program "
                "kegiatan "
                "kolaborasi penerapan SPBE.",
            )
        ],
        3,
    ),
]


@pytest.mark.parametrize(("case", "indicator", "build", "expected"), POSITIVE, ids=[c[0] for c in POSITIVE])
def test_d2_positive_levels(spbe_pack: RulePack, case: str, indicator: str, build, expected: int) -> None:
    proposal = _level(build(), spbe_pack, indicator)
    assert proposal.level == expected, (case, proposal.rationale, proposal.next_level_missing)
    assert proposal.passages and not proposal.needs_manual
    assert all(p.rule_id.startswith(f"spbe-2020/i{int(indicator):02d}/") for p in proposal.passages)


NEGATIVE: list[tuple[str, str, object]] = [
    (
        "11 decree adopting a plan without its content",
        "11",
        lambda: [
            decree(
                "Arsitektur SPBE Kabupaten Contoh",
                "KESATU : Menetapkan Arsitektur SPBE sebagaimana dalam "
                "dokumen terpisah.\nKEDUA : Arsitektur SPBE menjadi pedoman arsitektur SPBE perangkat "
                "daerah.",
            )
        ],
    ),
    ("11 umbrella regulation", "11", lambda: [umbrella(ARCH_FULL)]),
    ("12 umbrella regulation", "12", lambda: [umbrella(ROADMAP_FULL)]),
    (
        "13 umbrella regulation",
        "13",
        lambda: [
            umbrella(
                "Pasal 5\nSeluruh perangkat daerah mengonsultasikan rencana dan anggaran SPBE kepada "
                "Diskominfo. Rencana dan anggaran SPBE disusun terpadu. Anggaran SPBE dikendalikan Bappeda."
            )
        ],
    ),
    (
        "14 minutes of a general SPBE meeting",
        "14",
        lambda: [
            record(
                "Nota Dinas",
                "Rapat evaluasi SPBE. Perancangan proses bisnis belum mencakup seluruh unit; "
                "inovasi proses bisnis baru di satu unit; proses bisnis integrasi perencanaan.",
                DocType.notulen_undangan,
            )
        ],
    ),
    (
        "15 training decree for an information system",
        "15",
        lambda: [
            decree(
                "Panitia Pengembangan Sistem Informasi Kearsipan",
                "KESATU : Membentuk panitia pengembangan sistem informasi kearsipan.",
            )
        ],
    ),
    (
        "16 server-room security study",
        "16",
        lambda: [
            record(
                "Laporan Kajian Keamanan Fisik",
                "Ruang server pada lima perangkat daerah masih rawan. "
                "Ruang server belum memiliki kontrol akses.",
                DocType.laporan,
            )
        ],
    ),
    (
        "17 umbrella regulation",
        "17",
        lambda: [
            umbrella(
                "Pasal 7\nSetiap perangkat daerah wajib menggunakan jaringan intra. Jaringan intra dikelola "
                "Diskominfo. Jaringan intra terhubung dengan Jaringan Intra Pemerintah."
            )
        ],
    ),
    (
        "18 plan mentioning the service bus",
        "18",
        lambda: [
            _plan(
                "Rencana Induk TIK Kabupaten Contoh",
                "Sistem penghubung layanan akan dibangun. Sistem penghubung "
                "layanan akan digunakan seluruh perangkat daerah. Service bus direncanakan tahun 2025.",
            )
        ],
    ),
    (
        "19 team for another system",
        "19",
        lambda: [
            decree(
                "Tim Koordinasi Percepatan Sistem Informasi Keuangan Daerah",
                "KESATU : Membentuk Tim Koordinasi percepatan implementasi sistem informasi keuangan.",
            )
        ],
    ),
    (
        "20 unrelated decree",
        "20",
        lambda: [decree("Kelas Jabatan", "KESATU : Menetapkan kelas jabatan pelaksana.")],
    ),
]


@pytest.mark.parametrize(("case", "indicator", "build"), NEGATIVE, ids=[c[0] for c in NEGATIVE])
def test_d2_negative_cases_give_level_0(spbe_pack: RulePack, case: str, indicator: str, build) -> None:
    proposal = _level(build(), spbe_pack, indicator)
    assert proposal.level == 0, (case, proposal.rationale)
    assert not proposal.needs_manual


def test_d2_umbrella_regulation_still_counts_for_the_policy_indicator(spbe_pack: RulePack) -> None:
    document = umbrella(ARCH_FULL)
    assert _level([document], spbe_pack, "1").level == 3
    assert _level([document], spbe_pack, "11").level == 0


def test_d2_roadmap_level_4_needs_budget_documents_and_review(spbe_pack: RulePack) -> None:
    plan = _plan("Peta Rencana SPBE Kabupaten Contoh", ROADMAP_FULL)
    review = minutes("Notulen Reviu Peta Rencana SPBE", "Peta Rencana SPBE")
    budget = record(
        "Dokumen Pelaksanaan Anggaran 2023",
        "DPA Sub Kegiatan pengembangan aplikasi SPBE, kode rekening "
        "5.1.02, Renja 2023 sesuai Peta Rencana SPBE. RKA tahun berikutnya.",
        DocType.lainnya,
    )
    assert _level([plan, review], spbe_pack, "12").level == 3
    proposal = _level([plan, review, budget], spbe_pack, "12")
    assert proposal.level == 4
    assert any(c.rule_id.endswith("/l4/budget-consistency") and c.met for c in proposal.criteria)


def test_d2_follow_up_after_review_reaches_level_5(spbe_pack: RulePack) -> None:
    sop = record(
        "SOP Layanan Pusat Data",
        "1. Seluruh perangkat daerah menempatkan server dan aplikasi di pusat "
        "data.\n2. Pusat data terhubung dengan Pusat Data Nasional.",
        DocType.sop,
    )
    review = minutes("Notulen Reviu Layanan Pusat Data", "layanan pusat data", year=2023)
    follow = record(
        "Laporan Tindak Lanjut Layanan Pusat Data",
        "Rencana tindak lanjut hasil reviu layanan pusat data "
        "telah ditindaklanjuti: kapasitas pusat data ditambah sesuai tindak lanjut hasil evaluasi.",
        DocType.laporan,
        year=2024,
    )
    assert _level([sop, review, follow], spbe_pack, "16").level == 5
