"""Gap guidance (Fakta / Analisis / Justifikasi / Rekomendasi) on hand-built documents."""

from __future__ import annotations

from rule_texts import FULL, PARTIAL, build_document, regulation, review_minutes

from core.models import DocType, LegalStatus, Proposal
from rules.engine import propose_levels
from rules.guidance import build_guidance
from rules.guidance_text import indicator_guide, short_label, subject
from rules.schema import RulePack


def _proposal(documents, pack: RulePack, indicator: str) -> Proposal:  # noqa: ANN001
    return next(p for p in propose_levels(documents, pack) if p.indicator_id == indicator)


def test_guidance_level_three_cites_the_pasal_and_asks_for_review(spbe_pack: RulePack) -> None:
    doc = build_document([regulation(FULL["1"])], name="perbup.pdf")
    proposal = _proposal([doc], spbe_pack, "1")
    assert proposal.level == 3 and proposal.guidance is not None
    g = proposal.guidance
    assert "Perbup" in g.fakta and "Pasal 2" in g.fakta and "hlm. 1" in g.fakta
    assert "Domain Arsitektur Proses Bisnis" in g.fakta
    assert g.analisis.startswith("Level 4 (Terpadu dan Terukur) mensyaratkan:")
    assert "Belum terpenuhi" in g.analisis and "reviu" in g.analisis
    assert g.justifikasi.startswith(
        "Diusulkan level 3 (Terdefinisi) karena seluruh kriteria level 1 sampai 3"
    )
    assert g.rekomendasi.startswith("Untuk mencapai level 4") and "notulen/laporan reviu" in g.rekomendasi


def test_guidance_partial_content_names_the_missing_elements(spbe_pack: RulePack) -> None:
    proposal = _proposal([build_document([regulation(PARTIAL["1"])])], spbe_pack, "1")
    assert proposal.level == 2
    g = build_guidance(proposal, spbe_pack)
    assert "Level 3 (Terdefinisi)" in g.analisis
    assert "belum ditemukan: " in g.analisis and "Domain Arsitektur Data dan Informasi" in g.analisis
    assert "sudah ada Domain Arsitektur Proses Bisnis" in g.analisis
    assert "lengkapi: " in g.rekomendasi and "Domain Arsitektur Keamanan SPBE" in g.rekomendasi


def test_guidance_draft_and_review_levels(spbe_pack: RulePack) -> None:
    draft = build_document([regulation(FULL["2"])], status=LegalStatus.draft)
    g = _proposal([draft], spbe_pack, "2").guidance
    assert g is not None and "Rancangan" in g.fakta
    assert "Tetapkan kebijakan" in g.rekomendasi
    minutes = build_document(
        [review_minutes("2")],
        name="notulen.pdf",
        doc_type=DocType.notulen_undangan,
        status=LegalStatus.not_applicable,
    )
    reviewed = _proposal([build_document([regulation(FULL["2"])]), minutes], spbe_pack, "2")
    assert reviewed.level == 4
    assert reviewed.guidance is not None and "Level 5" in reviewed.guidance.analisis


def test_guidance_level_zero_and_manual(spbe_pack: RulePack) -> None:
    nothing = _proposal(
        [build_document(["Pasal 1\nKelas jabatan ditetapkan dalam lampiran."])], spbe_pack, "1"
    )
    assert nothing.guidance is not None
    assert nothing.guidance.justifikasi.startswith("Diusulkan level 0")
    assert nothing.guidance.rekomendasi.startswith("Untuk mencapai level 1 (Rintisan)")
    manual_id = next(s.id for s in spbe_pack.indicators() if spbe_pack.rules_for(s.id) is None)
    manual = _proposal([build_document([regulation(FULL["1"])])], spbe_pack, manual_id)
    assert manual.needs_manual and manual.guidance is not None
    assert "tidak dinilai otomatis" in manual.guidance.fakta and "Transaksi" in manual.guidance.analisis


def test_guidance_manual_fallback_keeps_the_level_one_gaps(spbe_pack: RulePack) -> None:
    fallback = [s.id for s in spbe_pack.indicators() if s.manual_fallback and spbe_pack.rules_for(s.id)]
    if not fallback:
        return  # no indicator of the pack falls back to manual assessment
    proposal = _proposal([build_document(["Pasal 1\nKelas jabatan ditetapkan."])], spbe_pack, fallback[0])
    assert proposal.needs_manual and proposal.level == 0 and proposal.guidance is not None
    assert proposal.guidance.justifikasi.startswith("Tidak ada usulan level otomatis")
    assert proposal.guidance.rekomendasi.startswith("Untuk mencapai level 1")


def test_guidance_every_proposal_has_guidance_and_round_trips(spbe_pack: RulePack) -> None:
    proposals = propose_levels([build_document([regulation(FULL["9"])])], spbe_pack)
    assert all(p.guidance is not None and p.guidance.fakta for p in proposals)
    for proposal in proposals:
        assert Proposal.model_validate_json(proposal.model_dump_json()) == proposal


def test_guidance_labels_and_subjects() -> None:
    doc = build_document(["x"], year=2021)
    assert short_label(doc) == "Perbup Tahun 2021"
    assert (
        subject("Tingkat Kematangan Kebijakan Internal Arsitektur SPBE Instansi Pusat/Pemerintah Daerah")
        == "Arsitektur SPBE"
    )
    assert subject("Tingkat Kematangan Layanan Data Terbuka") == "Layanan Data Terbuka"


def test_guidance_template_of_an_indicator(spbe_pack: RulePack) -> None:
    guide = indicator_guide(spbe_pack, "1")
    assert guide.topic is not None and guide.topic.rule_id == "spbe-2020/i01/topic"
    assert [level.level for level in guide.levels] == [1, 2, 3, 4, 5]
    elements = guide.levels[2].criteria[0]
    assert elements.kind == "elements" and "Domain Arsitektur Layanan SPBE" in elements.elements
    assert all(c.gap for level in guide.levels for c in level.criteria)
    manual_id = next(s.id for s in spbe_pack.indicators() if spbe_pack.rules_for(s.id) is None)
    manual = indicator_guide(spbe_pack, manual_id)
    assert manual.manual and manual.topic is None and len(manual.levels) == 5
