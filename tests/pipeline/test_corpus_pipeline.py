"""The whole pipeline on real documents of the shared corpus (skipped when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.models import LegalStatus
from pipeline.assess import assess_folder
from pipeline.models import AssessOptions

pytestmark = pytest.mark.corpus
POLICY_INDICATORS = [str(i) for i in range(1, 11)]


def test_corpus_batubara_enacted_perbup_levels_with_page_citations(corpus_file, sqlite_url: str) -> None:
    path: Path = corpus_file("tugas-akhir-spbe/BatuBara.pdf")
    result = assess_folder(
        path, AssessOptions(database_url=sqlite_url, region="Kabupaten Batu Bara", year=2021)
    )
    assert result.documents[0].legal_status == LegalStatus.enacted
    by_id = {p.indicator_id: p for p in result.proposals}
    for indicator in POLICY_INDICATORS:  # Perbup 81/2021 regulates all ten policy topics
        proposal = by_id[indicator]
        assert proposal.level >= 2, (indicator, proposal.rationale)
        assert proposal.passages and all(p.page >= 1 for p in proposal.passages)
        assert any((p.location or "").startswith("Pasal") for p in proposal.passages), indicator


def test_corpus_lamongan_draft_never_above_level_one(corpus_file, sqlite_url: str) -> None:
    path: Path = corpus_file("tugas-akhir-spbe/lamongan-dokumen-lama.pdf")
    result = assess_folder(
        path, AssessOptions(database_url=sqlite_url, region="Kabupaten Lamongan", year=2021)
    )
    assert result.documents[0].legal_status == LegalStatus.draft
    assert max(p.level for p in result.proposals) == 1
    assert sum(1 for p in result.proposals if p.level == 1) >= 8


@pytest.mark.slow
@pytest.mark.ocr
def test_corpus_ministry_regulation_is_evidence_national_one_is_reference(
    corpus_file, sqlite_url: str, tmp_path: Path
) -> None:
    """Permenko 4/2023 (SPBE di Kemenko Perekonomian, a scan) is the ministry's own policy: evidence.
    PermenPANRB 59/2020 (evaluation of every agency) in the same folder is a national reference."""
    import shutil

    from rules.doc_classes import non_evidence_class
    from rules.loader import load_rule_pack

    folder = tmp_path / "kemenko"
    folder.mkdir()
    for name in (
        "kemenko-perekonomian_spbe/Permenko_4_Tahun_2023_tentang_SPBE_di_Kemenko_Perekonomian.pdf",
        "national-reference/PAN_RB_No_59_Tahun_2020_SPBE.pdf",
    ):
        shutil.copy(corpus_file(name), folder / Path(name).name)  # a temporary folder, not the repo
    result = assess_folder(folder, AssessOptions(database_url=sqlite_url))
    pack = load_rule_pack("spbe-2020")
    kinds = {
        d.name[:8]: non_evidence_class(d.doc_type, d.legal_status, d.title, pack) for d in result.documents
    }
    assert kinds == {"Permenko": None, "PAN_RB_N": "national_regulation"}
    cited = {p.file_name for proposal in result.proposals for p in proposal.passages}
    assert cited and all(name.startswith("Permenko") for name in cited)
