"""Domain 4 (indikator 32-47, Layanan SPBE): capability levels from documents that describe the application.

Informasi 1 (the e-service exists), Interaksi 2 (search, upload/download, input), Transaksi 3
(verification/approval by users in the application), Kolaborasi 4 (actually integrated). When no
document describes the application the proposal says "Perlu penilaian manual" - never a silent 0.
"""

from __future__ import annotations

import pytest
from rule_texts import build_document, regulation

from core.models import DocType, ExtractedDocument, LegalStatus, Proposal
from rules.engine import propose_levels
from rules.schema import RulePack

SERVICES = [str(i) for i in range(32, 46)]


def _proposal(documents: list[ExtractedDocument], pack: RulePack, indicator: str) -> Proposal:
    return next(p for p in propose_levels(documents, pack) if p.indicator_id == indicator)


def decree(title: str, body: str, *, status: LegalStatus = LegalStatus.enacted) -> ExtractedDocument:
    text = (
        f"KEPUTUSAN WALI KOTA CONTOH\nNOMOR 188.45/12/HK/2019\nTENTANG\n{title.upper()}\nWALI KOTA CONTOH,\n"
        "Menimbang : a. bahwa pemanfaatan teknologi informasi perlu ditingkatkan;\n"
        "Mengingat : 1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;\n"
        f"MEMUTUSKAN:\nMenetapkan :\n{body}\nDitetapkan di Contoh\npada tanggal 4 Oktober 2019\n"
    )
    return build_document(
        [text], name="sk.pdf", doc_type=DocType.keputusan, status=status, title=title, year=2019
    )


def sop(title: str, body: str) -> ExtractedDocument:
    return build_document(
        [f"STANDAR OPERASIONAL PROSEDUR\nNama SOP : {title}\n{body}\n"],
        name="sop.pdf",
        doc_type=DocType.sop,
        status=LegalStatus.enacted,
        title=title,
        year=2020,
    )


PLANNING_TITLE = (
    "Penetapan Pelaksanaan Sistem Informasi Perencanaan Pembangunan Daerah Berbasis Elektronik/E-Planning"
)
PLANNING_BASE = """KESATU : Menetapkan pelaksanaan aplikasi e-planning untuk penyusunan RKPD.
KEDUA : Sistem informasi e-planning digunakan dalam musrenbang kelurahan dan kecamatan.
LAMPIRAN Fitur Sistem E-Planning
1. Modul Usulan Musrenbang: Pengajuan - digunakan oleh user perangkat daerah untuk input usulan program.
2. Upload Dokumen Kegiatan - digunakan untuk unggah/upload dokumen proposal pada sistem e-planning.
3. Fitur pencarian data kegiatan yang tersimpan dalam sistem.
"""
PLANNING_APPROVAL = """4. Pengesahan - digunakan oleh user admin kecamatan untuk memverifikasi/
mengesahkan usulan kelurahan.
5. Verifikasi - digunakan oleh User Kepala Sub Bidang untuk memverifikasi usulan perangkat daerah.
"""


def test_d4_planning_decree_with_approval_workflow_is_transaksi(spbe_pack: RulePack) -> None:
    proposal = _proposal([decree(PLANNING_TITLE, PLANNING_BASE + PLANNING_APPROVAL)], spbe_pack, "32")
    assert proposal.level == 3 and not proposal.needs_manual
    assert "Transaksi" in proposal.rationale and "pastikan pada aplikasinya" in proposal.rationale
    transaction = next(c for c in proposal.criteria if c.rule_id == "spbe-2020/i32/l3/transaction-functions")
    assert transaction.met and any("memverifikasi" in p.matched for p in transaction.passages)


def test_d4_planning_without_approval_is_interaksi(spbe_pack: RulePack) -> None:
    proposal = _proposal([decree(PLANNING_TITLE, PLANNING_BASE)], spbe_pack, "32")
    assert proposal.level == 2
    interaction = next(c for c in proposal.criteria if c.rule_id == "spbe-2020/i32/l2/interaction-functions")
    assert {"Pencarian/pelacakan", "Unggah dokumen", "Input/pengajuan data"} <= set(interaction.found)


def test_d4_integration_must_be_actual_not_possible(spbe_pack: RulePack) -> None:
    possible = PLANNING_BASE + PLANNING_APPROVAL + "KETIGA : E-planning dapat diintegrasikan dengan SIPD.\n"
    assert _proposal([decree(PLANNING_TITLE, possible)], spbe_pack, "32").level == 3
    actual = (
        PLANNING_BASE
        + PLANNING_APPROVAL
        + "KETIGA : E-planning telah terintegrasi dengan SIPD melalui API.\n"
        "KEEMPAT : Data RKPD sudah terhubung dengan aplikasi lain di Kementerian Dalam Negeri.\n"
    )
    assert _proposal([decree(PLANNING_TITLE, actual)], spbe_pack, "32").level == 4


def test_d4_verification_at_a_counter_is_not_a_transaction(spbe_pack: RulePack) -> None:
    kiosk = sop(
        "Pelayanan Administrasi Kependudukan",
        """Peralatan: Komputer, jaringan internet, Mesin Anjungan Dukcapil Mandiri (ADM)
1. Pemohon meng-input PIN atau memindai barcode pada mesin ADM untuk cetak mandiri kartu keluarga.
2. Pemohon menyerahkan berkas persyaratan untuk dilakukan verifikasi dan validasi di loket pelayanan.
3. Pemohon memeriksa email untuk mengetahui dokumen kependudukan telah selesai diproses.""",
    )
    proposal = _proposal([kiosk], spbe_pack, "45")
    assert proposal.level == 2, proposal.rationale


SERVICE_CASES: list[tuple[str, str, object, int]] = [
    (
        "33 budgeting application",
        "33",
        lambda: decree(
            "Aplikasi E-Budgeting",
            "KESATU : Penganggaran menggunakan aplikasi e-budgeting.\nKEDUA : "
            "Operator input rencana kerja dan anggaran; user dapat mengunduh/download laporan.",
        ),
    ),
    (
        "34 finance team decree",
        "34",
        lambda: decree(
            "Tim Koordinasi Percepatan Sistem Informasi Pengelolaan Keuangan Daerah",
            "KESATU : Membentuk tim percepatan implementasi SIPKD.\nKEDUA : Tim melaksanakan pelatihan "
            "SIPKD.",
        ),
    ),
    (
        "35 procurement application",
        "35",
        lambda: sop(
            "Pengadaan Barang dan Jasa melalui LPSE",
            "1. Penyedia registrasi akun pada aplikasi SPSE.\n"
            "2. Penyedia mengunggah dokumen penawaran pada SPSE.",
        ),
    ),
    (
        "36 HR application",
        "36",
        lambda: sop(
            "Layanan Kepegawaian melalui SIMPEG",
            "1. Pegawai login pada aplikasi SIMPEG.\n2. Pegawai mengunggah berkas kenaikan pangkat.",
        ),
    ),
    (
        "37 archive training decree",
        "37",
        lambda: decree(
            "Panitia Pengembangan Sistem Informasi Kearsipan (Smart Arsip)",
            "KESATU : Petugas menginput surat masuk dan surat keluar pada aplikasi.\nLAMPIRAN Materi: "
            "operasional aplikasi, input surat masuk, pelacakan surat dan pencarian surat.",
        ),
    ),
    (
        "38 asset application",
        "38",
        lambda: sop(
            "Penatausahaan Barang Milik Daerah dengan SIMDA BMD",
            "1. Pengurus barang input data barang "
            "milik daerah pada aplikasi.\n2. Pengurus barang mencetak kartu inventaris dari aplikasi.",
        ),
    ),
    (
        "39 audit application",
        "39",
        lambda: decree(
            "Penerapan Aplikasi E-Audit Inspektorat",
            "KESATU : Pengawasan internal menggunakan aplikasi "
            "e-audit.\nKEDUA : Auditor login pada aplikasi; tindak lanjut hasil pemeriksaan diunggah/upload "
            "auditee "
            "pada aplikasi.",
        ),
    ),
    (
        "40 SAKIP application",
        "40",
        lambda: decree(
            "Penerapan Aplikasi E-SAKIP",
            "KESATU : Perjanjian kinerja dan LKjIP disusun melalui aplikasi "
            "e-SAKIP.\nKEDUA : Perangkat daerah input capaian kinerja organisasi.",
        ),
    ),
    (
        "41 performance SOP",
        "41",
        lambda: sop(
            "SOP Perbaikan Data pada Aplikasi E-Kinerja",
            "1. Perangkat daerah mengajukan permohonan perbaikan "
            "daftar kegiatan pada aplikasi e-kinerja.\n2. Diskominfo memperbaiki data kinerja pegawai.",
        ),
    ),
    (
        "42 complaints regulation",
        "42",
        lambda: build_document(
            [
                regulation(
                    "BAB II PENGADUAN\nPasal 2\nPengaduan masyarakat disampaikan melalui "
                    "website dan SMS. Penanganan pengaduan dilakukan oleh perangkat daerah."
                )
            ],
            title="Pelayanan Penanganan Pengaduan Masyarakat",
        ),
    ),
    (
        "43 open data portal manual",
        "43",
        lambda: build_document(
            [
                "MANUAL PORTAL DATA TERBUKA\nPortal data terbuka menyediakan dataset.\nUser melakukan "
                "pencarian dataset dan mengunduh/download dataset.\nWalidata memverifikasi dataset pada "
                "aplikasi sebelum terbit; user produsen data memvalidasi metadata pada aplikasi."
            ],
            doc_type=DocType.lainnya,
            status=LegalStatus.not_applicable,
            title="Manual Portal Data Terbuka",
        ),
    ),
    (
        "44 JDIH team decree",
        "44",
        lambda: decree(
            "Pembentukan Tim Pengelola Jaringan Dokumentasi dan Informasi Hukum",
            "KESATU : Membentuk tim pengelola JDIH.\nKEDUA : Tim membangun sistem informasi hukum berbasis "
            "teknologi informasi yang dapat diintegrasikan dengan website JDIHN.",
        ),
    ),
    (
        "45 licensing SOP regulation",
        "45",
        lambda: build_document(
            [
                regulation(
                    "Pasal 2\nPelayanan perizinan dan nonperizinan dilaksanakan secara daring "
                    "melalui aplikasi OSS. Pemohon mengunggah dokumen persyaratan dan melakukan "
                    "pelacakan permohonan."
                )
            ],
            title="Standar Operasional Prosedur Pelayanan Perizinan dan Nonperizinan",
        ),
    ),
]
EXPECTED = {
    "33": 2,
    "34": 1,
    "35": 2,
    "36": 2,
    "37": 2,
    "38": 2,
    "39": 2,
    "40": 2,  # units input their achievements in the application: one interaction function is enough
    "41": 1,
    "42": 2,  # complaints submitted through a website: interaction (failure class 4 of issue 10)
    "43": 3,
    "44": 1,
    "45": 2,
}


@pytest.mark.parametrize(
    ("case", "indicator", "build"), [c[:3] for c in SERVICE_CASES], ids=[c[0] for c in SERVICE_CASES]
)
def test_d4_service_documents_give_capability_levels(
    spbe_pack: RulePack, case: str, indicator: str, build
) -> None:
    proposal = _proposal([build()], spbe_pack, indicator)
    assert proposal.level == EXPECTED[indicator], (case, proposal.rationale)
    assert not proposal.needs_manual and proposal.passages


@pytest.mark.parametrize("indicator", SERVICES)
def test_d4_umbrella_regulation_listing_services_needs_manual(spbe_pack: RulePack, indicator: str) -> None:
    body = (
        "Pasal 12\nLayanan administrasi pemerintahan berbasis elektronik meliputi layanan perencanaan, "
        "penganggaran, keuangan, pengadaan barang dan jasa, kepegawaian, kearsipan, pengelolaan barang milik "
        "daerah, pengawasan internal, akuntabilitas kinerja, kinerja pegawai, pengaduan, data terbuka, JDIH, "
        "perizinan dan administrasi kependudukan melalui aplikasi dengan fitur pencarian, unggah dan unduh."
    )
    document = build_document([regulation(body)], title="Sistem Pemerintahan Berbasis Elektronik")
    proposal = _proposal([document], spbe_pack, indicator)
    assert proposal.level == 0 and proposal.needs_manual
    assert proposal.rationale.startswith("Perlu penilaian manual")


def test_d4_draft_decree_is_at_most_informasi(spbe_pack: RulePack) -> None:
    draft = decree(
        "Tim Teknis Pengelolaan Jaringan Dokumentasi dan Informasi Hukum",
        "KESATU : Tim memberikan pelayanan informasi produk hukum melalui www.jdih.contoh.go.id.\n"
        "KEDUA : User melakukan pencarian dan unduh dokumen hukum; admin memverifikasi dokumen pada "
        "aplikasi dan user memvalidasi data pada aplikasi.",
        status=LegalStatus.draft,
    )
    proposal = _proposal([draft], spbe_pack, "44")
    assert proposal.level == 1
    assert any("bukan rancangan" in m for m in proposal.next_level_missing)


def test_d4_meeting_minutes_are_not_read_for_services(spbe_pack: RulePack) -> None:
    minutes = build_document(
        [
            "NOTULEN Rapat Evaluasi SPBE. JDIH hanya diseminasi; JDIH belum transaksional; JDIH "
            "perlu pencarian dan unduh; aplikasi JDIH dievaluasi."
        ],
        doc_type=DocType.notulen_undangan,
        status=LegalStatus.not_applicable,
        title="Notulen Rapat JDIH",
    )
    proposal = _proposal([minutes], spbe_pack, "44")
    assert proposal.level == 0 and proposal.needs_manual


@pytest.mark.parametrize("indicator", ["46", "47"])
def test_d4_sector_2_and_3_are_manual(spbe_pack: RulePack, indicator: str) -> None:
    licensing = SERVICE_CASES[-1][2]()
    proposal = _proposal([licensing], spbe_pack, indicator)
    assert proposal.needs_manual and proposal.level == 0 and not proposal.criteria
    assert "indikator 45" in proposal.rationale


def test_d4_no_silent_level_zero(spbe_pack: RulePack) -> None:
    unrelated = decree("Kelas Jabatan", "KESATU : Menetapkan kelas jabatan pelaksana.")
    for proposal in propose_levels([unrelated], spbe_pack):
        if int(proposal.indicator_id) >= 32:
            assert proposal.needs_manual and proposal.rationale.startswith("Perlu penilaian manual")
