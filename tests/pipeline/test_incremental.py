"""Incremental runs: unchanged folders cost no extraction or matching, changes redo only what changed."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from docx import Document as DocxDocument
from sqlalchemy import func, select

import pipeline.jobs as jobs
from pipeline.models import AssessOptions
from pipeline.run import assess_incremental
from pipeline.work import RunResult
from store import DecisionAction, ProposalRow, add_decision, current_proposals, get_engine, session_scope
from store.models import Document
from store.review_repo import ReviewStatus, review_states

if TYPE_CHECKING:
    from conftest import Calls  # tests/conftest.py: the `calls` fixture

PERWALI = "01_Perwali-17-2024_SPBE.pdf"
NOTULEN = "05_Notulen-Reviu-Kebijakan-SPBE.docx"
REPO = Path(__file__).resolve().parents[2]


def _run(folder: Path, url: str, framework: str = "spbe-2020") -> RunResult:
    options = AssessOptions(database_url=url, framework=framework, region="Kota Sukamaju", year=2024)
    return assess_incremental(folder, options)


def _count(url: str, model: type) -> int:
    engine = get_engine(url)
    with session_scope(engine) as session:
        count = session.scalar(select(func.count()).select_from(model)) or 0
    engine.dispose()
    return count


def _levels(result: RunResult) -> dict[str, int]:
    return {p.indicator_id: p.level for p in result.proposals}


def append_paragraph(path: Path, text: str) -> None:
    doc = DocxDocument(str(path))
    doc.add_paragraph(text)
    doc.save(str(path))


def test_incremental_unchanged_folder_extracts_and_matches_nothing(example_folder: Path, database_url: str,
                                                                  calls: Calls) -> None:
    first = _run(example_folder, database_url)
    assert sum(calls.extracted.values()) == 6 and first.work.extracted == 6
    assert first.work.matched == len(calls.matched) >= 5 and first.work.rescored
    stored = _count(database_url, ProposalRow)
    calls.reset()
    second = _run(example_folder, database_url)
    assert calls.extracted == Counter() and calls.matched == Counter()
    assert (second.work.extracted, second.work.matched, second.work.proposals_added) == (0, 0, 0)
    assert not second.work.rescored and second.work.extraction_cached == 6
    assert _count(database_url, ProposalRow) == stored  # no new proposals, not even identical ones
    assert _levels(second) == _levels(first) and second.run_id != first.run_id


def test_incremental_changed_file_is_reprocessed_alone(example_folder: Path, database_url: str,
                                                       calls: Calls) -> None:
    _run(example_folder, database_url)
    append_paragraph(example_folder / NOTULEN, "Rapat menyepakati reviu kebijakan SPBE setiap tahun.")
    calls.reset()
    result = _run(example_folder, database_url)
    assert calls.extracted == Counter({NOTULEN: 1}) and calls.matched == Counter({NOTULEN: 1})
    assert (result.work.extracted, result.work.matched, result.work.extraction_cached) == (1, 1, 5)
    engine = get_engine(database_url)
    with session_scope(engine) as session:
        rows = session.scalars(select(Document).where(Document.name == NOTULEN)).all()
        assert sorted(r.retired_at is None for r in rows) == [False, True]  # old content retired, new live
    engine.dispose()


def test_incremental_removed_file_retires_and_stales_its_decisions(example_folder: Path, database_url: str,
                                                                   calls: Calls) -> None:
    first = _run(example_folder, database_url)
    perwali_sha = next(d.sha256 for d in first.documents if d.name == PERWALI)
    cited = next(p for p in first.proposals if perwali_sha in p.documents)
    manual = next(p for p in first.proposals if p.needs_manual)
    engine = get_engine(database_url)
    with session_scope(engine) as session:
        current = {row.indicator_id: row for row in current_proposals(session, first.submission_id)}
        for proposal in (cited, manual):
            add_decision(session, first.submission_id, proposal.indicator_id, action=DecisionAction.confirm,
                         user="asesor", proposal_id=current[proposal.indicator_id].id)
    (example_folder / PERWALI).unlink()
    calls.reset()
    result = _run(example_folder, database_url)
    assert calls.extracted == Counter() and calls.matched == Counter()
    assert result.work.rescored and result.work.proposals_added >= 1
    assert all(perwali_sha not in p.documents for p in result.proposals)
    with session_scope(engine) as session:
        row = session.scalar(select(Document).where(Document.sha256 == perwali_sha))
        assert row is not None and row.retired_at is not None
        states = review_states(session, first.submission_id)
        assert states[cited.indicator_id].status is ReviewStatus.stale
        assert states[manual.indicator_id].status is ReviewStatus.confirmed  # its proposal did not change
    engine.dispose()


def test_incremental_moved_and_returning_files_are_reseen_without_work(
        example_folder: Path, database_url: str, calls: Calls) -> None:
    """A file moved to another place in the folder keeps its row with its new path; one that left
    and came back is live again; neither is extracted, matched or stored anew."""
    first = _run(example_folder, database_url)
    (example_folder / "arsip").mkdir()
    (example_folder / NOTULEN).rename(example_folder / "arsip" / "notulen-rapat.docx")
    held = example_folder.parent / PERWALI
    (example_folder / PERWALI).rename(held)
    _run(example_folder, database_url)  # the Perwali left: retired
    held.rename(example_folder / PERWALI)
    calls.reset()
    result = _run(example_folder, database_url)
    assert calls.extracted == Counter() and calls.matched == Counter()
    assert result.work.extraction_cached == 6 and _levels(result) == _levels(first)
    engine = get_engine(database_url)
    with session_scope(engine) as session:
        rows = {row.name: row for row in session.scalars(select(Document))}
        assert NOTULEN not in rows and len(rows) == 6
        moved = rows["notulen-rapat.docx"]
        assert Path(moved.path).parts[-2:] == ("arsip", "notulen-rapat.docx")
        assert all(row.retired_at is None and row.last_seen_run_id == result.run_id for row in rows.values())
    engine.dispose()


def test_incremental_pack_change_rescores_without_extracting(example_folder: Path, sqlite_url: str,
                                                             calls: Calls, tmp_path: Path) -> None:
    pack_dir = tmp_path / "pack"
    shutil.copytree(REPO / "rules" / "packs" / "spbe-2020", pack_dir)
    _run(example_folder, sqlite_url, framework=str(pack_dir))
    manifest = pack_dir / "pack.yaml"
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    data["version"] = f"{data['version']}-edited"
    manifest.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    calls.reset()
    result = _run(example_folder, sqlite_url, framework=str(pack_dir))
    assert calls.extracted == Counter() and result.work.extracted == 0
    # no term set changed: every document's previous hits are re-keyed, none is tokenised again
    assert result.work.matched >= 5 and calls.matched == Counter() and result.work.rescored
    assert result.work.proposals_added == len(result.proposals)  # every proposal names the new pack
    assert {p.pack_version for p in result.proposals} == {data["version"]}


def test_incremental_bad_file_fails_alone_and_is_not_retried(example_folder: Path, sqlite_url: str,
                                                             calls: Calls) -> None:
    (example_folder / "rusak.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    first = _run(example_folder, sqlite_url)
    assert [d.name for d in first.failed] == ["rusak.pdf"] and first.failed[0].issues[0].code == "corrupt"
    assert len(first.documents) == 7 and first.work.failed == 1
    calls.reset()
    second = _run(example_folder, sqlite_url)
    assert calls.extracted == Counter()  # a bad file is bad by content: its failure is cached too
    assert [d.name for d in second.failed] == ["rusak.pdf"]


def test_incremental_crash_in_extractor_is_recorded_and_retried_next_run(
        example_folder: Path, sqlite_url: str, calls: Calls, monkeypatch: pytest.MonkeyPatch) -> None:
    working = jobs.extract_document

    def crash_on_sop(path: Path, *args: object, **kwargs: object):  # noqa: ANN202
        if "SOP" in Path(path).name:
            raise RuntimeError("pdfium segfault simulated")
        return working(path, *args, **kwargs)

    monkeypatch.setattr(jobs, "extract_document", crash_on_sop)
    first = _run(example_folder, sqlite_url)
    [failed] = first.failed
    assert failed.issues[0].code == "internal" and "pdfium segfault simulated" in failed.issues[0].message
    assert len(first.documents) - len(first.failed) == 5
    monkeypatch.setattr(jobs, "extract_document", working)
    calls.reset()
    second = _run(example_folder, sqlite_url)
    assert second.failed == [] and second.work.extracted == 1  # a crash is not cached


def test_incremental_duplicate_is_counted_once(example_folder: Path, sqlite_url: str, calls: Calls) -> None:
    shutil.copy(example_folder / PERWALI, example_folder / "zz-copy.pdf")
    result = _run(example_folder, sqlite_url)
    assert calls.extracted[PERWALI] == 1 and calls.extracted["zz-copy.pdf"] == 0
    copy = next(d for d in result.documents if d.name == "zz-copy.pdf")
    assert copy.status.value == "skipped" and copy.issues[0].code == "duplicate"


@pytest.mark.slow
def test_incremental_worker_processes_give_the_same_result(
        example_folder: Path, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.workers import shutdown

    monkeypatch.setenv("BUKTI_WORKERS", "0")
    local = _run(example_folder, f"sqlite:///{tmp_path / 'local.db'}")
    monkeypatch.setenv("BUKTI_WORKERS", "2")
    try:
        pooled = _run(example_folder, sqlite_url)
    finally:
        shutdown()
    assert pooled.work.extracted == 6 and pooled.failed == []
    assert [p.model_dump() for p in pooled.proposals] == [p.model_dump() for p in local.proposals]


def test_incremental_document_results_stay_small(example_folder: Path, sqlite_url: str, calls: Calls) -> None:
    """What a document task hands back to the flow process holds no page text."""
    result = _run(example_folder, sqlite_url)
    assert all(len(w.model_dump_json()) < 4000 for w in result.document_work)



def test_files_to_redo_counts_only_uncached_work(example_folder: Path, database_url: str) -> None:
    from pipeline.incremental import files_to_redo, look_up, plan_files
    from pipeline.run import run_context

    options = AssessOptions(database_url=database_url, region="Kota Sukamaju", year=2024)
    ctx = run_context(options)
    files = plan_files(example_folder)
    assert files_to_redo(look_up(files, ctx)) == len(files) == 6  # nothing cached yet
    _run(example_folder, database_url)
    assert files_to_redo(look_up(plan_files(example_folder), ctx)) == 0
    append_paragraph(example_folder / NOTULEN, "Rapat menyepakati reviu kebijakan SPBE setiap tahun.")
    assert files_to_redo(look_up(plan_files(example_folder), ctx)) == 1  # decides on a worker pool
