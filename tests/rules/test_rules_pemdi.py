"""PermenPANRB 8/2026 (Indeks Pemdi, provisional): structure and rules on hand-built documents.

Each textual indicator: a draft is Merintis (1), an enacted/formal document on the topic is
Membangun (2), complete content plus a review record is Berkembang (3); unrelated documents and
general meeting minutes give 0. Indicators 6, 7 and 17 are manual.
"""

from __future__ import annotations

import pytest
from rule_texts import build_document

from core.models import DocType, ExtractedDocument, LegalStatus, Proposal
from rules.engine import propose_levels
from rules.schema import RulePack
from rules.scoring import compute_index

# indicator -> (title, body with the level-3 content elements)
TOPICS: dict[str, tuple[str, str]] = {
    "1": (
        "Arsitektur SPBE dan Tim Koordinasi SPBE",
        "Arsitektur SPBE, peta rencana SPBE dan tim koordinasi SPBE ditetapkan; tata kelola SPBE "
        "dikoordinasikan.",
    ),
    "2": (
        "Manajemen Layanan Digital",
        "Manajemen risiko SPBE dengan register risiko, manajemen perubahan, manajemen pengetahuan dan "
        "keberlangsungan layanan melalui business continuity plan.",
    ),
    "3": (
        "Pengembangan Kompetensi Digital ASN",
        "Pemetaan kompetensi digital, analisis kesenjangan dan pelatihan literasi digital serta "
        "kepemimpinan digital.",
    ),
    "4": (
        "Forum Kolaborasi Pemerintah Digital",
        "Forum kolaborasi melibatkan perguruan tinggi, pelaku usaha dan komunitas; perjanjian kerja sama "
        "disusun.",
    ),
    "5": (
        "Satu Data Indonesia Tingkat Kabupaten",
        "Walidata dan produsen data menerapkan standar data, metadata, interoperabilitas dan kode referensi.",
    ),
    "8": (
        "Pelindungan Data Pribadi",
        "Pelindungan data pribadi meliputi register pemrosesan data pribadi, hak subjek data, keamanan data "
        "pribadi dan penunjukan pejabat pelindungan data.",
    ),
    "9": (
        "Audit Keamanan SPBE",
        "Audit keamanan dan audit TIK dilaksanakan secara berkala berdasarkan pedoman audit; security "
        "assessment.",
    ),
    "10": (
        "Sistem Manajemen Keamanan Informasi",
        "Keamanan informasi dikelola dengan kebijakan keamanan, penilaian risiko dan indeks KAMI.",
    ),
    "11": (
        "Penerapan Sertifikat Elektronik dan Persandian",
        "Sertifikat elektronik dan tanda tangan elektronik dari BSrE; enkripsi data dan pengamanan "
        "komunikasi TLS.",
    ),
    "12": (
        "Pembentukan CSIRT Kabupaten",
        "CSIRT menyelenggarakan penanganan insiden siber dengan prosedur, pelaporan insiden dan simulasi.",
    ),
    "13": (
        "Pedoman Pembangunan Aplikasi",
        "Pembangunan aplikasi meliputi analisis kebutuhan, desain, pengujian UAT, pemeliharaan dan katalog "
        "aplikasi.",
    ),
    "14": (
        "Pemanfaatan Pusat Data Nasional",
        "Pusat data daerah memanfaatkan pusat data nasional dan jaringan intra pemerintah.",
    ),
    "15": (
        "Peta Proses Bisnis Lintas Unit",
        "Peta proses bisnis lintas unit disusun; proses bisnis perizinan disederhanakan lintas instansi.",
    ),
    "16": (
        "Integrasi Aplikasi melalui SPLP",
        "Integrasi aplikasi melalui SPLP dan API gateway; sistem penghubung layanan dipakai antar aplikasi.",
    ),
    "18": (
        "Standar Interoperabilitas Data",
        "Interoperabilitas data dan pertukaran data memakai standar data, metadata dan API.",
    ),
    "19": (
        "Penyelenggaraan Helpdesk Layanan Digital",
        "Helpdesk dan call center dengan SLA waktu respons; tiket dicatat dalam dashboard.",
    ),
    "20": (
        "Survei Kepuasan Masyarakat Layanan Digital",
        "Survei kepuasan masyarakat dengan kuesioner kepada responden; indeks kepuasan dan analisis umpan "
        "balik.",
    ),
}
RULED = sorted(TOPICS, key=int)


def _proposal(documents: list[ExtractedDocument], pack: RulePack, indicator: str) -> Proposal:
    return next(p for p in propose_levels(documents, pack) if p.indicator_id == indicator)


def _decree(indicator: str, status: LegalStatus = LegalStatus.enacted) -> ExtractedDocument:
    title, body = TOPICS[indicator]
    text = f"KEPUTUSAN BUPATI CONTOH\nTENTANG\n{title.upper()}\nMEMUTUSKAN:\nKESATU : {body}\n"
    return build_document(
        [text], name=f"sk-{indicator}.pdf", doc_type=DocType.keputusan, status=status, title=title, year=2025
    )


def _review(indicator: str) -> ExtractedDocument:
    title = TOPICS[indicator][0]
    text = (
        f"NOTULEN RAPAT\nAcara : Rapat reviu dan evaluasi {title}\nPembahasan : reviu atas penerapan "
        f"{title}; "
        "hasil evaluasi memuat rekomendasi perbaikan.\n"
    )
    return build_document(
        [text],
        name=f"notulen-{indicator}.pdf",
        doc_type=DocType.notulen_undangan,
        status=LegalStatus.not_applicable,
        title=f"Notulen Reviu {title}",
        year=2026,
    )


def test_pemdi_structure_weights_and_predicates(pemdi_pack: RulePack) -> None:
    assert pemdi_pack.provisional and pemdi_pack.name == "pemdi-2026"
    assert [a.weight for a in pemdi_pack.domains[0].aspects] == [10, 10, 15, 15, 10, 15, 25]
    assert [i.weight for i in pemdi_pack.indicators()] == [
        5,
        5,
        5,
        5,
        5,
        3,
        3,
        4,
        4,
        4,
        3,
        4,
        5,
        5,
        4,
        4,
        4,
        3,
        10,
        15,
    ]
    assert [pemdi_pack.level_name("1", n) for n in range(1, 6)] == [
        "Merintis",
        "Membangun",
        "Berkembang",
        "Melembaga",
        "Unggul",
    ]
    assert {i.id for i in pemdi_pack.indicators() if i.manual} == {"6", "7", "17"}
    assert {r.indicator for r in pemdi_pack.indicator_rules} == set(RULED)
    assert compute_index({i.id: 3 for i in pemdi_pack.indicators()}, pemdi_pack).predicate == "Baik"
    assert compute_index({i.id: 4 for i in pemdi_pack.indicators()}, pemdi_pack).predicate == "Memuaskan"


@pytest.mark.parametrize("indicator", RULED)
def test_pemdi_enacted_document_is_membangun(pemdi_pack: RulePack, indicator: str) -> None:
    proposal = _proposal([_decree(indicator)], pemdi_pack, indicator)
    assert proposal.level == 2, proposal.rationale
    assert proposal.passages and not proposal.needs_manual


@pytest.mark.parametrize("indicator", RULED)
def test_pemdi_draft_is_merintis(pemdi_pack: RulePack, indicator: str) -> None:
    assert _proposal([_decree(indicator, LegalStatus.draft)], pemdi_pack, indicator).level == 1


@pytest.mark.parametrize("indicator", RULED)
def test_pemdi_complete_content_and_review_is_berkembang(pemdi_pack: RulePack, indicator: str) -> None:
    proposal = _proposal([_decree(indicator), _review(indicator)], pemdi_pack, indicator)
    assert proposal.level == 3, (proposal.rationale, proposal.next_level_missing)


@pytest.mark.parametrize("indicator", RULED)
def test_pemdi_unrelated_or_general_meeting_gives_0(pemdi_pack: RulePack, indicator: str) -> None:
    unrelated = build_document(
        ["KEPUTUSAN BUPATI\nMEMUTUSKAN:\nKESATU : Menetapkan kelas jabatan pelaksana."],
        doc_type=DocType.keputusan,
        title="Kelas Jabatan",
    )
    general = build_document(
        ["NOTULEN Rapat evaluasi. " + " ".join(body for _, body in TOPICS.values())],
        doc_type=DocType.notulen_undangan,
        status=LegalStatus.not_applicable,
        title="Nota Dinas",
    )
    assert _proposal([unrelated], pemdi_pack, indicator).level == 0
    if indicator != "1":  # governance is read from any document kind
        assert _proposal([general], pemdi_pack, indicator).level == 0


@pytest.mark.parametrize("indicator", ["6", "7", "17"])
def test_pemdi_index_fed_indicators_need_manual(pemdi_pack: RulePack, indicator: str) -> None:
    proposal = _proposal([_decree("5")], pemdi_pack, indicator)
    assert proposal.needs_manual and proposal.level == 0
    assert proposal.rationale.startswith("Perlu penilaian manual")


def test_pemdi_level_4_needs_all_units_and_follow_up(pemdi_pack: RulePack) -> None:
    title, body = TOPICS["12"]
    wide = build_document(
        [
            f"KEPUTUSAN\nTENTANG\n{title.upper()}\nMEMUTUSKAN:\nKESATU : {body} Penanganan insiden "
            "siber dikoordinasikan dengan BSSN untuk seluruh perangkat daerah.\n"
        ],
        doc_type=DocType.keputusan,
        title=title,
        year=2025,
    )
    assert _proposal([wide, _review("12")], pemdi_pack, "12").level == 3
    follow = build_document(
        [
            "LAPORAN\nRencana tindak lanjut hasil reviu CSIRT telah ditindaklanjuti; tindak lanjut "
            "hasil evaluasi penanganan insiden siber selesai."
        ],
        doc_type=DocType.laporan,
        status=LegalStatus.not_applicable,
        title="Laporan Tindak Lanjut CSIRT",
        year=2026,
    )
    assert _proposal([wide, _review("12"), follow], pemdi_pack, "12").level == 4
