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


def test_assess_folder_flow_bad_file_fails_the_run_in_prefect_terms_after_storing_the_rest(
        prefect_harness, example_folder: Path, sqlite_url: str) -> None:
    from flows.assess import assess_folder, run_result
    from flows.visibility import FAILED_TAG

    (example_folder / "rusak.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    state = assess_folder(str(example_folder), database_url=sqlite_url, return_state=True)
    # the type operators filter on, and the name Prefect's state-change events and alerts carry
    assert state.is_failed() and state.type.value == "FAILED" and state.name == "Failed"
    assert "1 gagal" in state.message and "gagal dibaca: rusak.pdf" in state.message
    result = run_result(state)  # the batch went on: every other file stored and scored
    assert [d.name for d in result.failed] == ["rusak.pdf"] and len(result.documents) == 7
    assert {p.indicator_id for p in result.proposals if p.level >= 2} >= {str(i) for i in range(1, 11)}
    run = _flow_run(state.state_details.flow_run_id)
    assert FAILED_TAG in run.tags and run.name == "kota-sukamaju ? spbe-2020"
    tasks = _task_states(state.state_details.flow_run_id)
    assert tasks.pop("document rusak.pdf") == "FAILED"  # its own red task, though read in a batch
    batches = {name: value for name, value in tasks.items() if name.startswith("documents ")}
    assert batches and set(batches.values()) == {"COMPLETED"}  # the batches read every file
    others = [n for n in tasks if n not in batches]
    assert len(others) == 1 and others[0].startswith("score-and-store")
    assert set(tasks.values()) == {"COMPLETED"}
    documents = _artifact_markdown(state.state_details.flow_run_id)  # every file's outcome, the bad one too
    assert all(name in documents for name in ("rusak.pdf", "01_Perwali-17-2024_SPBE.pdf"))


def test_assess_folder_flow_run_is_named_and_logs_bukti_lines_to_its_run(
        prefect_harness, example_folder: Path, sqlite_url: str) -> None:
    from prefect.logging.handlers import APILogWorker

    from flows.assess import assess_folder

    state = assess_folder(str(example_folder), region="Kota Sukamaju", year=2024, database_url=sqlite_url,
                          return_state=True)
    assert state.is_completed() and state.name == "Completed"
    run_id = state.state_details.flow_run_id
    assert _flow_run(run_id).name == "Kota Sukamaju 2024 spbe-2020"
    APILogWorker.drain_all(timeout=30)  # logs are sent in batches: send what is queued, then read
    lines = _log_lines(run_id)
    documents = [m for name, m in lines if name == "bukti.pipeline" and m.startswith("document=")]
    assert len(documents) == 6 and any("01_Perwali-17-2024_SPBE.pdf status=success" in m for m in documents)
    assert any(n == "bukti.pipeline" and m.startswith("run=") and "proposals_added=" in m for n, m in lines)


def _flow_run(flow_run_id):  # noqa: ANN001, ANN202 - a FlowRun
    from prefect import get_client

    with get_client(sync_client=True) as client:
        return client.read_flow_run(flow_run_id)


def _task_states(flow_run_id) -> dict[str, str]:  # noqa: ANN001
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    return {r.name: r.state.type.value for r in runs}


def _log_lines(flow_run_id) -> list[tuple[str, str]]:  # noqa: ANN001
    from prefect import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    with get_client(sync_client=True) as client:
        logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
    return [(log.name, log.message) for log in logs]


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


def test_cli_assess_prefect_with_a_bad_file_prints_the_result_and_exits_1(
        prefect_harness, example_folder: Path, sqlite_url: str) -> None:
    from typer.testing import CliRunner

    from cli.main import app

    (example_folder / "rusak.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    done = CliRunner().invoke(app, ["assess", str(example_folder), "--db", sqlite_url, "--prefect"])
    assert done.exit_code == 1, done.output
    assert "rusak.pdf" in done.output and "Usulan tingkat" in done.output


def test_doctor_prefect_check_passes_when_the_server_answers(prefect_harness) -> None:
    from prefect.settings import PREFECT_API_URL

    from pipeline.doctor import run_checks

    check = next(c for c in run_checks() if c.name == "prefect")
    assert check.ok and f"server {PREFECT_API_URL.value()} menjawab" in check.detail, check.detail
