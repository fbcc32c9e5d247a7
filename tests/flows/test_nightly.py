"""The ``nightly`` flow over an inbox: an unchanged root costs nothing, a changed file is redone alone."""

from __future__ import annotations

import asyncio
import shutil
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from docx import Document as DocxDocument
from sqlalchemy import func, select

from store import ProposalRow, get_engine, session_scope
from store.cache import RunStats

if TYPE_CHECKING:
    from conftest import Calls  # tests/conftest.py: the `calls` fixture

pytestmark = [pytest.mark.prefect, pytest.mark.slow]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "kota-sukamaju"
NOTULEN = "05_Notulen-Reviu-Kebijakan-SPBE.docx"


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    """Two submissions in the ``<root>/<region>/<year>`` layout, and a folder that breaks it."""
    root = tmp_path / "inbox"
    shutil.copytree(EXAMPLES, root / "Kota Sukamaju" / "2024", ignore=shutil.ignore_patterns("*.py"))
    small = root / "Kabupaten Contoh" / "2025"
    small.mkdir(parents=True)
    for name in ("03_SK-Tim-Koordinasi-SPBE.pdf", "06_Pengumuman-Lomba-Kebersihan.pdf"):
        shutil.copy(EXAMPLES / name, small / name)
    (root / "Kota Sukamaju" / "arsip").mkdir()
    return root


def _nightly(root: Path, url: str):  # noqa: ANN202 - a Prefect State
    from flows.nightly import nightly

    return nightly(root=str(root), database_url=url, return_state=True)


def _by_region(state) -> dict[str, object]:  # noqa: ANN001
    return {s.region: s for s in state.result().submissions}


def _artifacts(flow_run_id) -> dict[str, str]:  # noqa: ANN001
    """Key -> data of the run's artifacts."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    async def read() -> dict[str, str]:
        async with get_client() as client:
            arts = await client.read_artifacts(
                artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))
            return {a.key: str(a.data) for a in arts if a.key}

    return asyncio.run(read())


def test_nightly_second_run_extracts_and_matches_nothing_then_only_the_changed_file(
        prefect_harness: None, inbox: Path, database_url: str, calls: Calls) -> None:
    first = _nightly(inbox, database_url)
    assert first.is_completed() and first.name == "Completed", first.message
    runs = _by_region(first)
    assert set(runs) == {"Kota Sukamaju", "Kabupaten Contoh"}
    # the cache is by content across submissions: the two shared files are extracted once
    assert runs["Kabupaten Contoh"].extracted == 2 and runs["Kota Sukamaju"].extracted == 4
    assert sum(calls.extracted.values()) == 6 and runs["Kota Sukamaju"].documents == 6
    assert first.result().ignored == ["Kota Sukamaju/arsip: not a 4-digit year folder"]
    artifacts = _artifacts(first.state_details.flow_run_id)
    assert "nightly-run" in artifacts
    notes = artifacts["nightly-summary"]
    assert "## Ignored folders\n- Kota Sukamaju/arsip: not a 4-digit year folder" in notes
    first_changes = runs["Kota Sukamaju"].changes  # first run: every indicator is new ("-" before)
    assert len(first_changes) == runs["Kota Sukamaju"].proposals_added > 0
    assert all(" - → " in c for c in first_changes) and f"proposals changed: {first_changes[0]}" in notes
    proposals = _proposal_count(database_url)

    calls.reset()
    second = _nightly(inbox, database_url)
    assert second.is_completed(), second.message
    assert calls.extracted == Counter() and calls.matched == Counter()
    assert all((s.extracted, s.matched, s.proposals_added) == (0, 0, 0) for s in second.result().submissions)
    assert _proposal_count(database_url) == proposals
    assert _stats(database_url)[-2:] == [(0, 0), (0, 0)]  # what the database recorded for both runs

    doc = DocxDocument(str(inbox / "Kota Sukamaju" / "2024" / NOTULEN))
    doc.add_paragraph("Tindak lanjut: reviu kebijakan internal SPBE dijadwalkan ulang setiap semester.")
    doc.save(str(inbox / "Kota Sukamaju" / "2024" / NOTULEN))
    calls.reset()
    third = _by_region(_nightly(inbox, database_url))
    assert calls.extracted == Counter({NOTULEN: 1}) and calls.matched == Counter({NOTULEN: 1})
    assert (third["Kota Sukamaju"].extracted, third["Kabupaten Contoh"].extracted) == (1, 0)
    # what changed is named by indicator with its old and new level, as stored
    assert len(third["Kota Sukamaju"].changes) == third["Kota Sukamaju"].proposals_added
    assert third["Kabupaten Contoh"].changes == []
    assert third["Kota Sukamaju"].changes == _latest_changes(database_url)


def test_nightly_bad_file_fails_the_nightly_run_after_every_submission(prefect_harness: None, inbox: Path,
                                                                      sqlite_url: str, calls: Calls) -> None:
    (inbox / "Kabupaten Contoh" / "2025" / "rusak.docx").write_bytes(b"PK\x03\x04 not really a docx")
    state = _nightly(inbox, sqlite_url)
    assert state.is_failed() and state.name == "Failed"
    runs = {s.region: s for s in state.result(raise_on_failure=False).submissions}
    assert runs["Kabupaten Contoh"].failed == 1 and runs["Kota Sukamaju"].failed == 0
    assert runs["Kabupaten Contoh"].state == "Failed" and runs["Kota Sukamaju"].state == "Completed"
    assert runs["Kota Sukamaju"].documents == 6 and runs["Kota Sukamaju"].run_id is not None
    assert "1 with failed documents" in state.message
    assert "gagal: Kabupaten Contoh 2025 (rusak.docx)" in state.message


def test_nightly_without_root_names_the_setting(prefect_harness: None,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.nightly import nightly

    monkeypatch.delenv("BUKTI_INBOX", raising=False)
    state = nightly(return_state=True)
    assert state.is_failed() and "BUKTI_INBOX" in state.message


def _proposal_count(url: str) -> int:
    engine = get_engine(url)
    with session_scope(engine) as session:
        count = session.scalar(select(func.count()).select_from(ProposalRow)) or 0
    engine.dispose()
    return count


def _latest_changes(url: str) -> list[str]:
    """``indicator: old → new`` for the proposals of the newest run, from the database."""
    engine = get_engine(url)
    with session_scope(engine) as session:
        rows = session.scalars(select(ProposalRow).order_by(ProposalRow.id)).all()
        newest = max(r.run_id for r in rows)
        before: dict[tuple[int, str], int] = {}
        changes = []
        for row in rows:
            key = (row.submission_id, row.indicator_id)
            if row.run_id == newest:
                changes.append(f"{row.indicator_id}: {before.get(key, '-')} → {row.level}")
            before[key] = row.level
    engine.dispose()
    return changes


def _stats(url: str) -> list[tuple[int, int]]:
    engine = get_engine(url)
    with session_scope(engine) as session:
        rows = session.scalars(select(RunStats).order_by(RunStats.run_id)).all()
        result = [(r.extracted, r.matched) for r in rows]
    engine.dispose()
    return result
