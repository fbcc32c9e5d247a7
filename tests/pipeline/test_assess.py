"""The pipeline end to end on the generated example folder, with real SQLite and real extractors."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.models import DocumentStatus
from pipeline.assess import assess_folder
from pipeline.models import AssessOptions
from pipeline.plan import plan_documents
from store.db import get_engine, session_scope
from store.models import Citation, Document, ProposalRow

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden" / "example_levels.json"


def _levels(result) -> dict[str, int]:
    return {p.indicator_id: p.level for p in result.proposals if p.level > 0}


def test_assess_folder_example_matches_golden_levels(example_folder: Path, sqlite_url: str) -> None:
    result = assess_folder(example_folder, AssessOptions(database_url=sqlite_url))
    levels = _levels(result)
    if os.environ.get("BUKTI_REGEN_GOLDENS") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(levels, indent=1, sort_keys=True) + "\n")
    assert GOLDEN.is_file(), "golden missing: run with BUKTI_REGEN_GOLDENS=1 and review the diff"
    assert levels == json.loads(GOLDEN.read_text())
    assert not result.failed


def test_assess_folder_policy_indicators_cited_with_page_and_pasal(
    example_folder: Path, sqlite_url: str
) -> None:
    result = assess_folder(example_folder, AssessOptions(database_url=sqlite_url))
    by_id = {p.indicator_id: p for p in result.proposals}
    for indicator in [str(i) for i in range(1, 11)]:
        proposal = by_id[indicator]
        assert proposal.level >= 2, (indicator, proposal.rationale)
        assert proposal.passages, indicator
        assert all(p.page >= 1 for p in proposal.passages)
        cited = [p.location for p in proposal.passages if p.location]
        assert any(location.startswith(("Pasal", "KE")) for location in cited), indicator
    assert result.index.total > 0
    assert result.region and result.year == 2024


def test_assess_folder_stores_documents_proposals_and_citations(
    example_folder: Path, sqlite_url: str
) -> None:
    options = AssessOptions(database_url=sqlite_url, region="Kota Sukamaju", year=2024)
    result = assess_folder(example_folder, options)
    engine = get_engine(sqlite_url)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 6
        of_run = select(func.count()).select_from(ProposalRow).where(ProposalRow.run_id == result.run_id)
        stored = session.scalar(of_run)
        assert stored == len(result.proposals)
        pages = session.scalars(select(Citation.page)).all()
        assert pages and all(p >= 1 for p in pages)
    engine.dispose()


def test_assess_folder_bad_files_reported_and_rest_processed(example_folder: Path, sqlite_url: str) -> None:
    (example_folder / "rusak.pdf").write_bytes(b"%PDF-1.7\n this is not really a pdf")
    (example_folder / "catatan.bin").write_bytes(bytes(range(256)) * 4)
    (example_folder / "kosong.docx").write_bytes(b"")
    (example_folder / ".DS_Store").write_bytes(b"junk")
    (example_folder / "~$draft.docx").write_bytes(b"lock")
    shutil.copy(example_folder / "03_SK-Tim-Koordinasi-SPBE.pdf", example_folder / "salinan-SK.pdf")
    result = assess_folder(example_folder, AssessOptions(database_url=sqlite_url))
    by_name = {d.name: d for d in result.documents}
    assert ".DS_Store" not in by_name and "~$draft.docx" not in by_name
    for bad in ("rusak.pdf", "catatan.bin", "kosong.docx"):
        assert by_name[bad].status is DocumentStatus.failure
        assert by_name[bad].issues and by_name[bad].issues[0].message
    dup = [d for d in result.documents if d.status is DocumentStatus.skipped]
    assert len(dup) == 1 and dup[0].issues[-1].code == "duplicate"
    ok = [d for d in result.documents if d.status in (DocumentStatus.success, DocumentStatus.partial_success)]
    assert len(ok) == 6
    assert len(result.failed) == 3
    assert {p.indicator_id for p in result.proposals if p.level >= 2} >= {str(i) for i in range(1, 11)}


def test_plan_documents_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        plan_documents(tmp_path / "absent")


def test_assess_folder_zip_members_are_documents_with_provenance(
    example_folder: Path, sqlite_url: str
) -> None:
    import zipfile

    bundle = example_folder / "bukti.zip"
    with zipfile.ZipFile(bundle, "w") as zf:
        for name in ("01_Perwali-17-2024_SPBE.pdf", "03_SK-Tim-Koordinasi-SPBE.pdf"):
            zf.write(example_folder / name, f"arsip/{name}")
            (example_folder / name).unlink()
    result = assess_folder(example_folder, AssessOptions(database_url=sqlite_url))
    members = [d for d in result.documents if "!/" in d.path]
    assert sorted(d.name for d in members) == ["01_Perwali-17-2024_SPBE.pdf", "03_SK-Tim-Koordinasi-SPBE.pdf"]
    assert all(d.path.startswith(str(bundle)) for d in members)
    assert not result.failed
    by_id = {p.indicator_id: p for p in result.proposals}
    assert by_id["1"].level >= 2 and by_id["1"].passages[0].file_name == "01_Perwali-17-2024_SPBE.pdf"
