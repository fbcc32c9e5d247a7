"""Level proposals for indicators 1-10 on hand-built documents, and the engine's contract."""

from __future__ import annotations

from datetime import date

import pytest
from rule_texts import FULL, PARTIAL, PASSING, build_document, regulation, review_minutes

from core.models import DocType, LegalStatus, Proposal, StructureKind, StructureMark, TextMethod
from rules.doc_classes import non_evidence_class
from rules.engine import propose_for_document, propose_levels
from rules.schema import RulePack

POLICY = [str(i) for i in range(1, 11)]
# Indicator 3 follows the printed 59/2020 numbering: 2 enacted, 3 partial, 4 all processes.
FULL_LEVEL = {i: (4 if i == "3" else 3) for i in POLICY}
PARTIAL_LEVEL = {i: (3 if i == "3" else 2) for i in POLICY}


def _proposal(proposals: list[Proposal], indicator: str) -> Proposal:
    return next(p for p in proposals if p.indicator_id == indicator)


def _level(documents, pack: RulePack, indicator: str) -> int:
    return _proposal(propose_levels(documents, pack), indicator).level


def _enacted(body: str, **kw):
    return build_document([regulation(body)], name=kw.pop("name", "perbup.pdf"), **kw)


def _minutes(indicator: str, year: int = 2023):
    return build_document(
        [review_minutes(indicator)],
        name="notulen.pdf",
        doc_type=DocType.notulen_undangan,
        status=LegalStatus.not_applicable,
        year=year,
    )


@pytest.mark.parametrize("indicator", POLICY)
def test_engine_full_enacted_policy_reaches_complete_level(spbe_pack: RulePack, indicator: str) -> None:
    assert _level([_enacted(FULL[indicator])], spbe_pack, indicator) == FULL_LEVEL[indicator]


@pytest.mark.parametrize("indicator", POLICY)
def test_engine_same_text_as_draft_stops_at_level_1(spbe_pack: RulePack, indicator: str) -> None:
    draft = _enacted(FULL[indicator], status=LegalStatus.draft)
    proposal = _proposal(propose_for_document(draft, spbe_pack), indicator)
    assert proposal.level == 1
    assert any("Tetapkan kebijakan" in m for m in proposal.next_level_missing)


@pytest.mark.parametrize("indicator", POLICY)
def test_engine_partial_content_gives_partial_level(spbe_pack: RulePack, indicator: str) -> None:
    assert _level([_enacted(PARTIAL[indicator])], spbe_pack, indicator) == PARTIAL_LEVEL[indicator]


@pytest.mark.parametrize("indicator", POLICY)
def test_engine_passing_mention_only_is_level_0(spbe_pack: RulePack, indicator: str) -> None:
    proposal = _proposal(propose_for_document(build_document([PASSING]), spbe_pack), indicator)
    assert proposal.level == 0
    assert not proposal.needs_manual
    assert "sepintas" in proposal.rationale


@pytest.mark.parametrize("indicator", [i for i in POLICY if i != "3"])
def test_engine_review_minutes_add_level_4(spbe_pack: RulePack, indicator: str) -> None:
    documents = [_enacted(FULL[indicator]), _minutes(indicator)]
    proposal = _proposal(propose_levels(documents, spbe_pack), indicator)
    assert proposal.level == 4
    assert len(proposal.documents) == 2
    assert any(c.rule_id.endswith("/l4/review") and c.met for c in proposal.criteria)


@pytest.mark.parametrize("indicator", [i for i in POLICY if i != "3"])
def test_engine_review_minutes_without_integration_norm_stay_at_3_or_below(
    spbe_pack: RulePack, indicator: str
) -> None:
    documents = [_enacted(PARTIAL[indicator]), _minutes(indicator)]
    assert _level(documents, spbe_pack, indicator) == PARTIAL_LEVEL[indicator]


@pytest.mark.parametrize("indicator", POLICY)
def test_engine_revision_after_review_reaches_level_5(spbe_pack: RulePack, indicator: str) -> None:
    revised = _enacted(
        FULL[indicator],
        name="perubahan.pdf",
        title="Perubahan atas Peraturan Bupati Nomor 5 Tahun 2022 tentang SPBE",
        date_set=date(2023, 8, 1),
        year=2023,
    )
    documents = [_enacted(FULL[indicator]), _minutes(indicator), revised]
    assert _level(documents, spbe_pack, indicator) == 5


def test_engine_revision_dated_before_review_is_not_level_5(spbe_pack: RulePack) -> None:
    revised = _enacted(
        FULL["1"], name="perubahan.pdf", title="Perubahan atas Peraturan Bupati", date_set=date(2022, 1, 1)
    )
    documents = [_enacted(FULL["1"]), _minutes("1", year=2023), revised]
    assert _level(documents, spbe_pack, "1") == 4


def test_engine_element_coverage_spreads_over_two_enacted_policies(spbe_pack: RulePack) -> None:
    first = """BAB II
ARSITEKTUR SPBE
Pasal 2
(1) Arsitektur SPBE memuat domain arsitektur proses bisnis, domain arsitektur data dan informasi,
dan domain arsitektur infrastruktur SPBE.
(2) Arsitektur SPBE ditetapkan oleh Bupati.
"""
    second = """BAB II
ARSITEKTUR SPBE
Pasal 2
(1) Arsitektur SPBE disusun dengan berpedoman pada Arsitektur SPBE Nasional.
(2) Arsitektur SPBE memuat domain arsitektur aplikasi SPBE, domain arsitektur keamanan SPBE,
dan domain arsitektur layanan SPBE.
"""
    one, two = _enacted(first, name="a.pdf"), _enacted(second, name="b.pdf")
    assert _level([one], spbe_pack, "1") == 2
    assert _level([two], spbe_pack, "1") == 2
    proposal = _proposal(propose_levels([one, two], spbe_pack), "1")
    assert proposal.level == 3
    assert set(proposal.documents) == {one.source.sha256, two.source.sha256}


def test_engine_draft_content_does_not_complete_an_enacted_policy(spbe_pack: RulePack) -> None:
    enacted = _enacted(PARTIAL["1"], name="enacted.pdf")
    draft = _enacted(FULL["1"], name="draft.pdf", status=LegalStatus.draft)
    assert _level([enacted, draft], spbe_pack, "1") == 2


def test_engine_unknown_document_type_is_not_level_evidence(spbe_pack: RulePack) -> None:
    unknown = build_document([regulation(FULL["5"])], doc_type=None, status=None)
    proposal = _proposal(propose_for_document(unknown, spbe_pack), "5")
    assert proposal.level == 0
    assert "jenis/status" in proposal.rationale


def test_engine_partial_level_names_missing_elements(spbe_pack: RulePack) -> None:
    proposal = _proposal(propose_for_document(_enacted(PARTIAL["1"]), spbe_pack), "1")
    domains = next(c for c in proposal.criteria if c.rule_id == "spbe-2020/i01/l3/domains")
    assert not domains.met
    assert "Domain Arsitektur Proses Bisnis" in domains.found
    assert "Domain Arsitektur Keamanan SPBE" in domains.missing
    assert any("Domain Arsitektur Keamanan SPBE" in m for m in proposal.next_level_missing)
    assert [c.level for c in proposal.criteria] == sorted(c.level for c in proposal.criteria)
    assert max(c.level for c in proposal.criteria) == 3


def test_engine_passages_carry_page_span_rule_id_and_location(spbe_pack: RulePack) -> None:
    text = regulation(FULL["5"])
    cut = text.index("BAB II")
    doc = build_document([text[:cut], text[cut:]])
    offset = doc.pages[1].text.index("Pasal 6")
    ayat = doc.pages[1].text.index("(2) Setiap")
    doc = doc.model_copy(
        update={
            "structure": [
                StructureMark(kind=StructureKind.pasal, label="Pasal 6", page=2, offset=offset),
                StructureMark(kind=StructureKind.ayat, label="ayat (2)", page=2, offset=ayat),
            ]
        }
    )
    proposal = _proposal(propose_for_document(doc, spbe_pack), "5")
    assert proposal.level == 3 and proposal.passages
    for passage in proposal.passages:
        cited = " ".join(doc.pages[passage.page - 1].text[passage.start : passage.end].split()).lower()
        assert all(part.lower() in cited for part in passage.matched.split(" … "))
        assert passage.rule_id.startswith("spbe-2020/i05/")
        assert passage.sha256 == doc.source.sha256
    all_units = next(p for p in proposal.passages if p.rule_id == "spbe-2020/i05/l3/all-units")
    assert all_units.page == 2
    assert all_units.location == "Pasal 6 ayat (2)"
    assert "Setiap perangkat daerah" in all_units.quote


def test_engine_one_proposal_per_indicator_and_json_round_trip(spbe_pack: RulePack) -> None:
    proposals = propose_for_document(_enacted(FULL["1"]), spbe_pack)
    assert [p.indicator_id for p in proposals] == [i.id for i in spbe_pack.indicators()]
    for proposal in proposals:
        assert Proposal.model_validate_json(proposal.model_dump_json()) == proposal
        assert proposal.pack_hash == spbe_pack.content_hash
        assert 0.0 <= proposal.confidence <= 1.0


@pytest.mark.parametrize("indicator", ["32", "44", "46", "47"])
def test_engine_indicators_without_rules_need_manual_assessment(spbe_pack: RulePack, indicator: str) -> None:
    proposal = _proposal(propose_for_document(_enacted(FULL["1"]), spbe_pack), indicator)
    assert proposal.needs_manual and proposal.level == 0
    assert proposal.rationale.startswith("Perlu penilaian manual")


def test_engine_domain_4_manual_reason_mentions_application_capability(spbe_pack: RulePack) -> None:
    proposal = _proposal(propose_for_document(_enacted(FULL["1"]), spbe_pack), "42")
    assert "kapabilitas fungsi aplikasi" in proposal.rationale


def test_engine_pemdi_pack_manual_only_where_evidence_is_not_textual(pemdi_pack: RulePack) -> None:
    proposals = propose_for_document(_enacted(FULL["1"]), pemdi_pack)
    assert len(proposals) == 20
    assert {p.indicator_id for p in proposals if p.needs_manual} == {"6", "7", "17"}
    assert _proposal(proposals, "1").level == 2  # an enacted architecture norm: tata kelola Pemdi


def test_engine_confidence_drops_with_poor_ocr(spbe_pack: RulePack) -> None:
    clean = _enacted(FULL["9"])
    noisy = build_document([regulation(FULL["9"])], method=TextMethod.ocr, ocr_confidence=55.0)
    high = _proposal(propose_for_document(clean, spbe_pack), "9")
    low = _proposal(propose_for_document(noisy, spbe_pack), "9")
    assert high.level == low.level == 3
    assert low.confidence < high.confidence


def test_engine_non_evidence_documents_are_ignored(spbe_pack: RulePack) -> None:
    report = build_document(
        [regulation(FULL["1"])],
        doc_type=DocType.laporan,
        status=LegalStatus.not_applicable,
        title="Laporan Hasil Evaluasi SPBE Kabupaten Contoh",
    )
    proposal = _proposal(propose_for_document(report, spbe_pack), "1")
    assert proposal.level == 0 and proposal.documents == []


@pytest.mark.parametrize("pack_name", ["spbe_pack", "pemdi_pack"])
def test_engine_national_regulation_is_a_reference_not_evidence(pack_name: str, request) -> None:  # noqa: ANN001
    """A Permen for every agency is read as a reference; one for its own ministry ("di Lingkungan") counts."""
    pack: RulePack = request.getfixturevalue(pack_name)
    national = build_document(
        [regulation(FULL["1"])], doc_type=DocType.peraturan_menteri, title="Arsitektur SPBE Nasional"
    )
    own = build_document(
        [regulation(FULL["1"])],
        doc_type=DocType.peraturan_menteri,
        title="Arsitektur SPBE di Lingkungan Kementerian Contoh",
    )
    assert all(p.level == 0 for p in propose_for_document(national, pack))
    assert any(p.level >= 2 for p in propose_for_document(own, pack))
    # a ministry's own SPBE regulation names the ministry, with or without "di Lingkungan"
    for title in (
        "Sistem Pemerintahan Berbasis Elektronik di Kementerian Koordinator Bidang Perekonomian",
        "Sistem Pemerintahan Berbasis Elektronik Badan Contoh",
        "SPBE di Kemenko Perekonomian",
    ):
        assert non_evidence_class("peraturan_menteri", "enacted", title, pack) is None
    assert non_evidence_class("peraturan_menteri", "enacted", "Arsitektur SPBE Nasional", pack) == (
        "national_regulation"
    )
    # without a title it cannot be told whether the regulation names its own agency: kept as evidence
    assert non_evidence_class("peraturan_presiden", "enacted", None, pack) is None
    assert non_evidence_class("peraturan_bupati", "enacted", "Arsitektur SPBE", pack) is None
    assert non_evidence_class(None, None, None, pack) is None
    # decrees: a minister's decree for every agency is a reference; a regent's or the ministry's own is not
    menteri = "Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"
    assert non_evidence_class("keputusan", "enacted", "Pedoman Teknis Evaluasi SPBE", pack, menteri) == (
        "national_decree"
    )
    assert (
        non_evidence_class("keputusan", "enacted", "Pedoman Teknis Evaluasi SPBE", pack, "Bupati Contoh")
        is None
    )
    own = "Tim Koordinasi SPBE di Lingkungan Kementerian Koordinator Bidang Perekonomian"
    assert (
        non_evidence_class("keputusan", "enacted", own, pack, "Menteri Koordinator Bidang Perekonomian")
        is None
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # "lembaga" (an agency's own regulation) is not inside "Kelembagaan" (a national topic)
        ("Pedoman Penataan Kelembagaan Instansi Pemerintah", "national_regulation"),
        ("Penyelenggaraan SPBE di Lembaga Administrasi Negara", None),
        ("Tata Kelola SPBE Kemenko Perekonomian", None),  # "kemen" still starts "Kemenko"
    ],
)
def test_title_phrases_match_at_word_starts_not_inside_words(
    spbe_pack: RulePack, title: str, expected: str | None
) -> None:
    assert non_evidence_class("peraturan_menteri", "enacted", title, spbe_pack) == expected


def test_engine_title_makes_a_short_sop_relevant(spbe_pack: RulePack) -> None:
    sop = build_document(
        ["Nama SOP : Penetapan Tata Cara Layanan Data Center\nPelaksana : Kepala Seksi\n1. Permohonan"],
        doc_type=DocType.sop,
        title="Penetapan Tata Cara Layanan Data Center",
    )
    assert _level([sop], spbe_pack, "5") == 2
