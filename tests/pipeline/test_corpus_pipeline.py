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
    result = assess_folder(path, AssessOptions(database_url=sqlite_url, region="Kabupaten Batu Bara", year=2021))
    assert result.documents[0].legal_status == LegalStatus.enacted
    by_id = {p.indicator_id: p for p in result.proposals}
    for indicator in POLICY_INDICATORS:  # Perbup 81/2021 regulates all ten policy topics
        proposal = by_id[indicator]
        assert proposal.level >= 2, (indicator, proposal.rationale)
        assert proposal.passages and all(p.page >= 1 for p in proposal.passages)
        assert any((p.location or "").startswith("Pasal") for p in proposal.passages), indicator


def test_corpus_lamongan_draft_never_above_level_one(corpus_file, sqlite_url: str) -> None:
    path: Path = corpus_file("tugas-akhir-spbe/lamongan-dokumen-lama.pdf")
    result = assess_folder(path, AssessOptions(database_url=sqlite_url, region="Kabupaten Lamongan", year=2021))
    assert result.documents[0].legal_status == LegalStatus.draft
    assert max(p.level for p in result.proposals) == 1
    assert sum(1 for p in result.proposals if p.level == 1) >= 8
