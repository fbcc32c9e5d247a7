"""Domain 3 (indikator 21-31, Manajemen SPBE and Audit TIK) on hand-built documents.

Management: a decree forming a team/forum or setting a programme is level 2, an SOP or a report
alone stays at 1, a guideline covering every process is 3, strategy + all units + review is 4.
Audits: ad hoc 1, planned 2, per standard by internal auditors 3, certified external auditors 4,
findings followed up 5. Umbrella SPBE regulations are policy (domain 1), never implementation.
"""

from __future__ import annotations

import pytest
from rule_texts import build_document, regulation

from core.models import DocType, ExtractedDocument, LegalStatus, Proposal
from rules.engine import propose_levels
from rules.schema import RulePack


def _proposal(documents: list[ExtractedDocument], pack: RulePack, indicator: str) -> Proposal:
    return next(p for p in propose_levels(documents, pack) if p.indicator_id == indicator)


def decree(title: str, body: str, *, status: LegalStatus = LegalStatus.enacted) -> ExtractedDocument:
    text = (
        f"KEPUTUSAN BUPATI CONTOH\nNOMOR 100/7/2023\nTENTANG\n{title.upper()}\nBUPATI CONTOH,\n"
        "Menimbang : a. bahwa perlu menetapkan keputusan;\nMengingat : 1. Peraturan Presiden Nomor 95 Tahun "
        "2018;\n"
        f"MEMUTUSKAN:\nMenetapkan :\n{body}\nDitetapkan di Contoh\npada tanggal 2 Mei 2023\n"
    )
    return build_document(
        [text], name="sk.pdf", doc_type=DocType.keputusan, status=status, title=title, year=2023
    )


def record(
    title: str, body: str, doc_type: DocType = DocType.laporan, *, year: int = 2023
) -> ExtractedDocument:
    status = LegalStatus.enacted if doc_type is DocType.sop else LegalStatus.not_applicable
    return build_document(
        [f"{title.upper()}\n{body}\n"],
        name=f"{doc_type.value}.pdf",
        doc_type=doc_type,
        status=status,
        title=title,
        year=year,
    )


def review(topic: str) -> ExtractedDocument:
    return record(
        f"Notulen Reviu {topic}",
        f"Acara : Rapat reviu dan evaluasi {topic}\nPembahasan : reviu atas "
        f"penerapan {topic}; hasil evaluasi memuat rekomendasi perbaikan.",
        DocType.notulen_undangan,
        year=2024,
    )


RISK_GUIDE = (
    "KESATU : Menetapkan pedoman manajemen risiko SPBE yang meliputi komunikasi dan konsultasi, penetapan "
    "konteks, identifikasi risiko, analisis risiko, evaluasi risiko, penanganan risiko serta pemantauan dan "
    "reviu risiko SPBE."
)
RISK_STRATEGY = (
    "KEDUA : Komite manajemen risiko menetapkan strategi dan selera risiko SPBE.\nKETIGA : Register "
    "risiko SPBE disusun oleh seluruh perangkat daerah."
)
DATA_GUIDE = (
    "KESATU : Pedoman manajemen data meliputi arsitektur data, data induk, data referensi, basis data, "
    "kualitas data dan interoperabilitas data.\nKEDUA : Walidata mengoordinasikan produsen data."
)
AUDIT_BASE = "Audit infrastruktur SPBE atas jaringan intra dan pusat data dilaksanakan pada bulan Juni 2023."
AUDIT_PLAN = " Audit infrastruktur dilaksanakan secara berkala setiap tahun sesuai program audit."
AUDIT_STANDARD = " Audit berdasarkan pedoman audit TIK oleh auditor internal Inspektorat."
AUDIT_EXTERNAL = " Audit juga dilakukan oleh auditor eksternal bersertifikat CISA."
AUDIT_FOLLOW = " Rencana tindak lanjut temuan telah disusun dan temuan telah ditindaklanjuti."

POSITIVE: list[tuple[str, str, object, int]] = [
    (
        "21 committee decree",
        "21",
        lambda: [
            decree(
                "Pembentukan Komite Manajemen Risiko SPBE",
                "KESATU : Membentuk komite manajemen risiko SPBE. KEDUA : Komite "
                "menyusun register risiko SPBE.",
            )
        ],
        2,
    ),
    (
        "21 guideline with all processes",
        "21",
        lambda: [decree("Pedoman Manajemen Risiko SPBE", RISK_GUIDE)],
        3,
    ),
    (
        "21 strategy for all units and review",
        "21",
        lambda: [
            decree("Pedoman Manajemen Risiko SPBE", RISK_GUIDE + "\n" + RISK_STRATEGY),
            review("manajemen risiko SPBE"),
        ],
        4,
    ),
    (
        "22 security study report",
        "22",
        lambda: [
            record(
                "Laporan Kajian Keamanan Fisik",
                "Kajian keamanan fisik ruang server: kebijakan keamanan belum "
                "ada, keamanan informasi masih rawan, pengendalian keamanan perlu ditingkatkan.",
            )
        ],
        1,
    ),
    (
        "22 security SOP",
        "22",
        lambda: [
            record(
                "SOP Pengendalian Keamanan Informasi",
                "1. Petugas memeriksa keamanan informasi server.\n2. Insiden keamanan informasi dicatat.",
                DocType.sop,
            )
        ],
        2,
    ),
    (
        "22 all units, risk based",
        "22",
        lambda: [
            decree(
                "Penerapan Keamanan Informasi",
                "KESATU : Pengendalian keamanan informasi dilaksanakan oleh "
                "seluruh perangkat daerah.\nKEDUA : Pengendalian keamanan disusun berdasarkan penilaian "
                "risiko "
                "SPBE.",
            )
        ],
        3,
    ),
    (
        "22 CSIRT and review",
        "22",
        lambda: [
            decree(
                "Penerapan Keamanan Informasi",
                "KESATU : Pengendalian keamanan informasi dilaksanakan oleh "
                "seluruh perangkat daerah.\nKEDUA : Pengendalian keamanan disusun berdasarkan "
                "risiko.\nKETIGA : "
                "Membentuk CSIRT daerah.",
            ),
            review("keamanan informasi"),
        ],
        4,
    ),
    (
        "23 Forum Satu Data decree",
        "23",
        lambda: [
            decree(
                "Forum Satu Data Indonesia Tingkat Kabupaten",
                "KESATU : Membentuk Forum Satu Data dengan pembina data, walidata dan produsen data.",
            )
        ],
        2,
    ),
    ("23 data-management guideline", "23", lambda: [decree("Pedoman Manajemen Data", DATA_GUIDE)], 3),
    (
        "24 ICT-asset guideline",
        "24",
        lambda: [
            decree(
                "Pedoman Manajemen Aset TIK",
                "KESATU : Manajemen aset TIK meliputi perencanaan kebutuhan aset, "
                "pengadaan aset, pemanfaatan aset dan penghapusan aset TIK.",
            )
        ],
        3,
    ),
    (
        "25 competence plan",
        "25",
        lambda: [
            decree(
                "Rencana Pengembangan Kompetensi SDM SPBE",
                "KESATU : Pelatihan TIK bagi pranata komputer dilaksanakan setiap tahun.",
            )
        ],
        2,
    ),
    (
        "25 six competence areas",
        "25",
        lambda: [
            decree(
                "Rencana Pengembangan Kompetensi SDM SPBE",
                "KESATU : Pelatihan TIK meliputi kompetensi proses "
                "bisnis, arsitektur, data dan informasi, keamanan, aplikasi dan infrastruktur.",
            )
        ],
        3,
    ),
    (
        "26 KM guideline with application",
        "26",
        lambda: [
            decree(
                "Pedoman Manajemen Pengetahuan",
                "KESATU : Manajemen pengetahuan dilaksanakan sesuai pedoman "
                "ini.\nKEDUA : Pengetahuan dihimpun dalam aplikasi manajemen pengetahuan.",
            )
        ],
        3,
    ),
    (
        "27 change-management guideline",
        "27",
        lambda: [
            decree(
                "Pedoman Manajemen Perubahan SPBE",
                "KESATU : Manajemen perubahan SPBE meliputi perencanaan, "
                "analisis, pengembangan, implementasi serta pemantauan dan evaluasi perubahan.\nKEDUA : "
                "Permintaan "
                "perubahan diajukan oleh seluruh perangkat daerah.",
            )
        ],
        3,
    ),
    (
        "27 reviewed",
        "27",
        lambda: [
            decree(
                "Pedoman Manajemen Perubahan SPBE",
                "KESATU : Manajemen perubahan SPBE meliputi perencanaan, "
                "analisis, pengembangan, implementasi serta pemantauan dan evaluasi perubahan.\nKEDUA : "
                "Permintaan "
                "perubahan diajukan oleh seluruh perangkat daerah.",
            ),
            review("manajemen perubahan SPBE"),
        ],
        4,
    ),
    (
        "28 SOP for user requests on an application",
        "28",
        lambda: [
            record(
                "SOP Perbaikan Data pada Aplikasi E-Kinerja",
                "1. Perangkat daerah mengajukan permohonan perbaikan daftar kegiatan pada aplikasi.",
                DocType.sop,
            )
        ],
        1,
    ),
    (
        "28 helpdesk decree with both processes",
        "28",
        lambda: [
            decree(
                "Penyelenggaraan Helpdesk SPBE",
                "KESATU : Helpdesk melayani keluhan dan penanganan gangguan "
                "pengguna.\nKEDUA : Pengoperasian layanan meliputi pemeliharaan dan backup harian.",
            )
        ],
        3,
    ),
    ("29 ad hoc audit", "29", lambda: [record("Laporan Audit Infrastruktur SPBE", AUDIT_BASE)], 1),
    (
        "29 planned audit",
        "29",
        lambda: [record("Laporan Audit Infrastruktur SPBE", AUDIT_BASE + AUDIT_PLAN)],
        2,
    ),
    (
        "29 per standard, internal auditor",
        "29",
        lambda: [record("Laporan Audit Infrastruktur SPBE", AUDIT_BASE + AUDIT_PLAN + AUDIT_STANDARD)],
        3,
    ),
    (
        "29 certified external auditor",
        "29",
        lambda: [
            record(
                "Laporan Audit Infrastruktur SPBE", AUDIT_BASE + AUDIT_PLAN + AUDIT_STANDARD + AUDIT_EXTERNAL
            )
        ],
        4,
    ),
    (
        "29 findings followed up",
        "29",
        lambda: [
            record(
                "Laporan Audit Infrastruktur SPBE",
                AUDIT_BASE + AUDIT_PLAN + AUDIT_STANDARD + AUDIT_EXTERNAL + AUDIT_FOLLOW,
            )
        ],
        5,
    ),
    (
        "30 planned application audit",
        "30",
        lambda: [
            record(
                "Laporan Audit Aplikasi SPBE",
                "Audit aplikasi SPBE atas aplikasi perizinan dilaksanakan secara berkala setiap tahun.",
            )
        ],
        2,
    ),
    (
        "31 security assessment form",
        "31",
        lambda: [
            record(
                "Koordinasi IT Security Assessment",
                "Formulir koordinasi IT Security Assessment aplikasi "
                "e-Regulasi: target, teknologi, hak akses.",
                DocType.lainnya,
            )
        ],
        1,
    ),
    (
        "31 external penetration test",
        "31",
        lambda: [
            record(
                "Laporan Uji Penetrasi",
                "Uji penetrasi dan vulnerability assessment dilaksanakan secara berkala "
                "setiap tahun berdasarkan pedoman audit keamanan (ISO 27001) oleh auditor internal dan "
                "diverifikasi oleh Badan Siber dan Sandi Negara.",
            )
        ],
        4,
    ),
]


@pytest.mark.parametrize(("case", "indicator", "build", "expected"), POSITIVE, ids=[c[0] for c in POSITIVE])
def test_d3_positive_levels(spbe_pack: RulePack, case: str, indicator: str, build, expected: int) -> None:
    proposal = _proposal(build(), spbe_pack, indicator)
    assert proposal.level == expected, (case, proposal.rationale, proposal.next_level_missing)
    assert proposal.passages and not proposal.needs_manual


UMBRELLA = """Pasal 30
(1) Manajemen risiko SPBE, manajemen keamanan informasi, manajemen data, manajemen aset TIK, manajemen sumber
daya manusia SPBE, manajemen pengetahuan, manajemen perubahan dan manajemen layanan SPBE dilaksanakan oleh
seluruh perangkat daerah sesuai pedoman.
(2) Manajemen data meliputi arsitektur data, data induk, data referensi, basis data, kualitas data dan
interoperabilitas data; Forum Satu Data dan walidata mengoordinasikan manajemen data.
(3) Keamanan informasi, keamanan SPBE dan risiko SPBE dikelola dengan register risiko.
Pasal 31
Audit infrastruktur SPBE, audit aplikasi SPBE dan audit keamanan SPBE dilaksanakan secara berkala oleh auditor
internal dan auditor eksternal bersertifikat. Audit keamanan SPBE mengikuti pedoman audit.
"""

NEGATIVE_ZERO = ["21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31"]


@pytest.mark.parametrize("indicator", NEGATIVE_ZERO)
def test_d3_umbrella_regulation_is_not_implementation_evidence(spbe_pack: RulePack, indicator: str) -> None:
    document = build_document([regulation(UMBRELLA)], title="Sistem Pemerintahan Berbasis Elektronik")
    proposal = _proposal([document], spbe_pack, indicator)
    assert proposal.level == 0, proposal.rationale


@pytest.mark.parametrize("indicator", NEGATIVE_ZERO)
def test_d3_general_spbe_meeting_is_not_evidence(spbe_pack: RulePack, indicator: str) -> None:
    minutes = record("Nota Dinas", "Rapat evaluasi SPBE: " + UMBRELLA, DocType.notulen_undangan)
    assert _proposal([minutes], spbe_pack, indicator).level == 0


@pytest.mark.parametrize(
    ("indicator", "build", "cap"),
    [
        (
            "21",
            lambda: record(
                "SOP Identifikasi Risiko SPBE",
                "1. Petugas mengisi register risiko SPBE dan profil risiko SPBE.",
                DocType.sop,
            ),
            1,
        ),
        (
            "23",
            lambda: decree(
                "Forum Satu Data Indonesia Tingkat Kabupaten",
                "KESATU : Membentuk Forum Satu Data dengan walidata dan produsen data.",
                status=LegalStatus.draft,
            ),
            1,
        ),
        (
            "31",
            lambda: record(
                "Laporan Kajian Keamanan Fisik",
                "Kajian keamanan fisik terhadap ruang server dilakukan "
                "sekali berdasarkan panduan NIST; kajian keamanan fisik merekomendasikan perbaikan.",
            ),
            1,
        ),
    ],
    ids=["21 SOP alone", "23 draft decree", "31 one-off study"],
)
def test_d3_weak_evidence_is_capped(spbe_pack: RulePack, indicator: str, build, cap: int) -> None:
    assert _proposal([build()], spbe_pack, indicator).level == cap


def test_d3_draft_decree_not_about_the_topic_is_ignored(spbe_pack: RulePack) -> None:
    draft = decree("Arsitektur dan Peta Rencana SPBE", UMBRELLA, status=LegalStatus.draft)
    assert _proposal([draft], spbe_pack, "23").level == 0
    assert _proposal([draft], spbe_pack, "29").level == 0


def test_d3_elements_report_found_and_missing(spbe_pack: RulePack) -> None:
    partial = decree(
        "Pedoman Manajemen Data", "KESATU : Pedoman manajemen data meliputi data induk dan basis data."
    )
    proposal = _proposal([partial], spbe_pack, "23")
    assert proposal.level == 2
    processes = next(c for c in proposal.criteria if c.rule_id == "spbe-2020/i23/l3/processes")
    assert processes.found == ["Data induk", "Basis data"]
    assert "Interoperabilitas data" in processes.missing
    assert any("Interoperabilitas data" in m for m in proposal.next_level_missing)
