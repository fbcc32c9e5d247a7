"""The real Prefect flow on a temporary server: state, result, stored rows and the markdown artifact."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

pytestmark = [pytest.mark.prefect, pytest.mark.slow]


def _artifact_markdown(flow_run_id) -> str:  # noqa: ANN001
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    async def read() -> str:
        async with get_client() as client:
            arts = await client.read_artifacts(
                artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))
            return "\n".join(str(a.data) for a in arts if a.type in ("markdown", "table"))

    return asyncio.run(read())


def test_assess_folder_flow_completes_and_publishes_artifact(prefect_harness, example_folder: Path,
                                                             database_url: str) -> None:
    from flows.assess import assess_folder

    state = assess_folder(str(example_folder), database_url=database_url, return_state=True)
    assert state.is_completed() and state.name == "Completed"
    result = state.result()
    assert {p.indicator_id for p in result.proposals if p.level >= 2} >= {str(i) for i in range(1, 11)}
    markdown = _artifact_markdown(state.state_details.flow_run_id)
    assert "Indeks sementara" in markdown and "6 dokumen: " in markdown
    assert "proposals changed" in markdown and "01_Perwali-17-2024_SPBE.pdf" in markdown  # the tables


def test_assess_folder_flow_bad_file_is_visible_partial_completion(prefect_harness, example_folder: Path,
                                                                  sqlite_url: str) -> None:
    from flows.assess import assess_folder

    (example_folder / "rusak.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    state = assess_folder(str(example_folder), database_url=sqlite_url, return_state=True)
    assert state.is_completed() and state.name == "Completed with failures"
    assert "1 gagal" in state.message
    result = state.result()
    assert [d.name for d in result.failed] == ["rusak.pdf"]


def test_assess_folder_flow_artifact_flags_another_governments_document(prefect_harness, tmp_path: Path,
                                                                        sqlite_url: str) -> None:
    from foreign_support import FOREIGN_FILE, OTHER_REGION, OWN_REGION, make_mixed_folder

    from flows.assess import assess_folder

    folder = make_mixed_folder(tmp_path / "kota-sukamaju")
    state = assess_folder(str(folder), region=OWN_REGION, year=2024, database_url=sqlite_url,
                          return_state=True)
    assert state.is_completed()
    assert [f.name for f in state.result().foreign] == [FOREIGN_FILE]
    markdown = _artifact_markdown(state.state_details.flow_run_id)
    assert f"- {FOREIGN_FILE} — Dokumen dari {OTHER_REGION}, bukan {OWN_REGION}" in markdown
    assert "tidak dihitung sebagai bukti kecuali diterima penilai" in markdown  # the documents table


def test_assess_folder_flow_empty_folder_fails_unless_allowed(prefect_harness, example_folder: Path,
                                                              sqlite_url: str) -> None:
    from flows.assess import assess_folder

    first = assess_folder(str(example_folder), database_url=sqlite_url, return_state=True)
    assert first.is_completed()
    for path in example_folder.iterdir():
        path.unlink()
    refused = assess_folder(str(example_folder), database_url=sqlite_url, return_state=True)
    assert refused.is_failed() and "--allow-empty" in (refused.message or "")
    allowed = assess_folder(str(example_folder), database_url=sqlite_url, allow_empty=True, return_state=True)
    assert allowed.is_completed() and allowed.result().documents == []
