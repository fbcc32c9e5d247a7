"""Near misses: documents that use SPBE vocabulary without the substance (issue 10).

Each must propose nothing, or level 1 at most, on every indicator except the one that is its
own subject. They are written the way real ones are: a letter inviting to an SPBE meeting, a
long process map whose process names cover many services, an agency performance report that
mentions every SPBE topic in passing, evaluation guidance slides that quote the indicators, a
service catalogue, a regulation on another topic. Texts are our own; no corpus document.
"""

from __future__ import annotations

import pytest
from rule_texts import build_document

from core.models import DocType, ExtractedDocument, LegalStatus
from rules.engine import propose_for_document
from rules.schema import RulePack

SERVICES = [
    "pengaduan masyarakat",
    "pelayanan perizinan",
    "administrasi kependudukan",
    "layanan kepegawaian",
    "pengelolaan keuangan daerah",
    "pengadaan barang dan jasa",
    "kearsipan dan surat masuk",
    "barang milik daerah",
    "data terbuka",
    "jaringan dokumentasi dan informasi hukum",
    "e-planning dan musrenbang",
    "akuntabilitas kinerja",
]
TOPICS = [
    "arsitektur SPBE",
    "peta rencana SPBE",
    "manajemen data",
    "pusat data",
    "jaringan intra",
    "sistem penghubung layanan",
    "keamanan informasi",
    "audit TIK",
    "tim koordinasi SPBE",
    "manajemen risiko SPBE",
]


def _letter() -> ExtractedDocument:
    text = (
        "PEMERINTAH KABUPATEN CONTOH\nDINAS KOMUNIKASI DAN INFORMATIKA\nNomor : 005/123/Kominfo/2024\n"
        "Perihal : Undangan Sosialisasi SPBE\nYth. Kepala Perangkat Daerah\n"
        "Dalam rangka sosialisasi penerapan SPBE yang meliputi "
        + ", ".join(TOPICS)
        + ", serta pembahasan draf kebijakan "
        + ", ".join(TOPICS)
        + ", dengan hormat kami mengundang Saudara pada hari Senin tanggal 5 Februari 2024 pukul 09.00 "
        "bertempat di ruang rapat Diskominfo. Materi: arsitektur SPBE, pusat data, keamanan informasi, "
        "manajemen data, aplikasi SPBE, layanan pengaduan dan perizinan daring.\nKepala Dinas,\nBudi Santoso"
    )
    return build_document(
        [text],
        name="undangan.pdf",
        doc_type=DocType.notulen_undangan,
        status=LegalStatus.not_applicable,
        title="Undangan Sosialisasi SPBE",
    )


def _process_map(pages: int = 60) -> ExtractedDocument:
    """A long process map: every page names a few processes, which between them name many services."""
    body = []
    for n in range(pages):
        service = SERVICES[n % len(SERVICES)]
        body.append(
            f"PETA SUBPROSES BISNIS {n + 1}\nProses bisnis {service}: pemilik proses, masukan, aktivitas, "
            f"keluaran. Sub proses bisnis penerimaan berkas {service}, input data pada aplikasi, verifikasi "
            f"berkas, penerbitan dokumen {service}. Proses bisnis level 2 dan level 3 setiap unit kerja."
        )
    return build_document(
        body,
        name="peta-probis.pdf",
        doc_type=DocType.lainnya,
        status=LegalStatus.not_applicable,
        title="Peta Proses Bisnis Pemerintah Kabupaten Contoh",
    )


def _performance_report(pages: int = 40) -> ExtractedDocument:
    """An agency performance report (LKjIP): SPBE topics named once each in its narrative."""
    body = [
        "BAB I PENDAHULUAN\nLaporan kinerja instansi pemerintah menyajikan capaian sasaran strategis, "
        "indikator kinerja utama dan realisasi anggaran Dinas Komunikasi dan Informatika tahun 2023."
    ]
    for n in range(1, pages):
        topic = TOPICS[n % len(TOPICS)]
        body.append(
            f"Sasaran strategis {n}: meningkatnya kualitas pelayanan. Capaian indikator kinerja {n} sebesar "
            f"95 persen, antara lain kegiatan pemeliharaan {topic} dan aplikasi pendukungnya. Kendala "
            f"{topic}: anggaran terbatas. Rencana tindak lanjut {topic} tahun 2024. "
            "Realisasi anggaran 92 persen."
        )
    return build_document(
        body,
        name="lkjip.pdf",
        doc_type=DocType.laporan,
        status=LegalStatus.not_applicable,
        title="Laporan Kinerja Instansi Pemerintah Dinas Komunikasi dan Informatika Tahun 2023",
    )


def _evaluation_slides() -> ExtractedDocument:
    """Guidance slides on the self-assessment: they quote every indicator and its criteria."""
    pages = [
        f"Indikator {n + 1}: Tingkat Kematangan {topic}\nKriteria level 1 sampai level 5. Bukti dukung: "
        f"kebijakan {topic} yang ditetapkan, notulen reviu, dokumen {topic}."
        for n, topic in enumerate(TOPICS)
    ]
    return build_document(
        pages,
        name="paparan.pdf",
        doc_type=DocType.lainnya,
        status=LegalStatus.not_applicable,
        title="Paparan Penilaian Mandiri SPBE Tahun 2024",
    )


def _service_catalogue() -> ExtractedDocument:
    lines = "\n".join(
        f"{n + 1}. Layanan {s}\nUraian: layanan {s} bagi masyarakat dan perangkat daerah.\n"
        f"Saluran: aplikasi {s} dan website; pengguna login dan input permohonan {s}."
        for n, s in enumerate(SERVICES)
    )
    return build_document(
        [f"DAFTAR LAYANAN PUBLIK DAN ADMINISTRASI PEMERINTAHAN\n{lines}"],
        name="daftar-layanan.pdf",
        doc_type=DocType.lainnya,
        status=LegalStatus.not_applicable,
        title="Daftar Layanan Pemerintah Kabupaten Contoh",
    )


def _other_topic_regulation() -> ExtractedDocument:
    text = (
        "PERATURAN BUPATI CONTOH\nNOMOR 12 TAHUN 2023\nTENTANG\nKELAS JABATAN\nBUPATI CONTOH,\n"
        "Menimbang : a. bahwa perlu menetapkan kelas jabatan;\nMEMUTUSKAN:\nPasal 1\n"
        "Kelas jabatan pelaksana pada Dinas Komunikasi dan Informatika meliputi pranata komputer pengelola "
        "pusat data, pengelola jaringan intra, pengelola aplikasi SPBE, analis keamanan informasi, "
        "pengelola layanan pengaduan dan pengelola data terbuka.\nPasal 2\n"
        "Kelas jabatan dinilai setiap tahun."
    )
    return build_document([text], name="perbup-kelas-jabatan.pdf", title="Kelas Jabatan")


NEAR_MISSES = {
    "invitation letter": (_letter, set()),
    "long process map": (_process_map, {"14"}),  # its own subject may be proposed, nothing else above 1
    "performance report": (_performance_report, set()),
    "evaluation guidance slides": (_evaluation_slides, set()),
    "service catalogue": (_service_catalogue, set()),
    "regulation on another topic": (_other_topic_regulation, set()),
}


@pytest.mark.parametrize("case", list(NEAR_MISSES))
def test_near_miss_proposes_nothing_above_level_one(spbe_pack: RulePack, case: str) -> None:
    build, own_subjects = NEAR_MISSES[case]
    proposals = propose_for_document(build(), spbe_pack)
    lifted = {
        p.indicator_id: p.level for p in proposals if p.level > 1 and p.indicator_id not in own_subjects
    }
    assert not lifted, (case, lifted)


@pytest.mark.parametrize(
    "case", ["long process map", "performance report", "service catalogue", "invitation letter"]
)
def test_near_miss_names_many_topics_but_is_evidence_for_few(spbe_pack: RulePack, case: str) -> None:
    """Mention is not evidence: a document naming a dozen topics supports at most its own subjects."""
    build, own_subjects = NEAR_MISSES[case]
    proposals = propose_for_document(build(), spbe_pack)
    relevant = {p.indicator_id for p in proposals if p.level >= 1} - own_subjects
    assert len(relevant) <= 1, (case, sorted(relevant))


def test_process_map_is_evidence_for_its_own_subject(spbe_pack: RulePack) -> None:
    proposals = {p.indicator_id: p for p in propose_for_document(_process_map(), spbe_pack)}
    assert proposals["14"].level >= 1


def _budget(agency: str, lines: list[str]) -> ExtractedDocument:
    """An RKA as printed from the budget system: programme, activity and sub-activity lines per page."""
    pages = [
        f"RENCANA KERJA DAN ANGGARAN SATUAN KERJA PERANGKAT DAERAH\n{agency} Kabupaten Contoh Tahun 2024\n"
        f"Program: {line}\nKegiatan: {line}\nSub Kegiatan: {line}\n"
        "Kode Rekening 5.1.02.01 Belanja Barang dan Jasa\n"
        "Belanja Jasa Tenaga Ahli Rp 120.000.000\nIndikator kinerja: jumlah layanan, target 5."
        for line in lines
    ]
    return build_document(
        pages,
        name="rka.pdf",
        doc_type=DocType.lainnya,
        status=LegalStatus.not_applicable,
        title=f"Rencana Kerja dan Anggaran Satuan Kerja Perangkat Daerah {agency}",
    )


def test_budget_document_is_evidence_of_planning_and_budget_only(spbe_pack: RulePack) -> None:
    """Budget line names ("Sub Kegiatan: Pengembangan Aplikasi dan Proses Bisnis ...") are names:
    an ICT agency's RKA is evidence for indicator 13, not for 14, 15 or the budgeting service (33)."""
    lines = [
        "Pengelolaan e-Government di Lingkup Pemerintah Daerah",
        "Pengembangan Aplikasi dan Proses Bisnis Pemerintahan Berbasis Elektronik",
        "Penatalaksanaan dan Pengawasan e-Government",
    ] * 2
    proposals = propose_for_document(_budget("Dinas Komunikasi dan Informatika", lines), spbe_pack)
    assert {p.indicator_id for p in proposals if p.level >= 1} == {"13"}


def test_budget_document_without_spbe_lines_is_evidence_of_nothing(spbe_pack: RulePack) -> None:
    lines = ["Penyediaan Layanan Kesehatan untuk UKM", "Peningkatan Kapasitas SDM Kesehatan"] * 2
    proposals = propose_for_document(_budget("Dinas Kesehatan", lines), spbe_pack)
    assert not [p.indicator_id for p in proposals if p.level >= 1]
