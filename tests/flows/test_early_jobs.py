"""Extraction jobs handed to the workers before the flow begins (flows/early.py), taken by its
batch tasks: the real flow on a temporary server, the real worker pool."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from core.settings import ExtractOptions, OcrMode
from pipeline.models import AssessOptions

pytestmark = [pytest.mark.prefect, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _two_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUKTI_WORKERS", "2")  # early jobs go to a pool (none with 0 workers)


@pytest.fixture
def own_jobs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the jobs the batch tasks started themselves (the real ``run_job`` runs them)."""
    from pipeline import incremental

    started: list[str] = []
    real = incremental.run_job

    def counted(fn, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        started.append(fn.__name__)
        return real(fn, *args, **kwargs)

    monkeypatch.setattr(incremental, "run_job", counted)
    return started


def _options(url: str, region: str | None = None) -> AssessOptions:
    # as the flow builds them from its parameters, so that it claims the jobs
    return AssessOptions(framework="spbe-2020", region=region, year=None, database_url=url,
                         extract=ExtractOptions(ocr=OcrMode.auto), allow_empty=False)


def _run(folder: Path, url: str, region: str | None = None):  # noqa: ANN202 - a Prefect State
    from flows.assess import assess_folder

    return assess_folder(str(folder), region=region, database_url=url, return_state=True)


def _logged(state) -> list[str]:  # noqa: ANN001
    from prefect.logging.handlers import APILogWorker
    from test_assess_flow import _log_lines

    APILogWorker.drain_all(timeout=30)
    return [message for _, message in _log_lines(state.state_details.flow_run_id)]


def test_the_batches_take_the_early_jobs_and_the_run_looks_as_before(
        prefect_harness, example_folder: Path, sqlite_url: str, own_jobs: list[str]) -> None:
    from test_assess_flow import _task_states

    from flows import early

    head_start = early.start(example_folder, _options(sqlite_url))
    assert head_start is not None and len(head_start.jobs()) == 6  # every file of a new database
    state = _run(example_folder, sqlite_url)
    assert state.is_completed()
    result = state.result()
    assert result.work.extracted == 6 and len(result.documents) == 6  # stored by the batch tasks
    assert head_start.jobs() == [] and head_start.handed_out == 6 and not head_start._thread.is_alive()
    assert own_jobs == []  # every file's result came from its early job
    lines = _logged(state)
    assert len([m for m in lines if m.startswith("document=")]) == 6  # each file's line in the run
    tasks = _task_states(state.state_details.flow_run_id)
    others = [n for n in tasks if not n.startswith("documents ")]
    assert len(others) == 1 and others[0].startswith("score-and-store")
    assert set(tasks.values()) == {"COMPLETED"}
    assert early.claim(str(example_folder), _options(sqlite_url)) is None  # claimed once


def test_a_bad_file_among_the_early_jobs_gets_its_failed_task_and_fails_the_run(
        prefect_harness, example_folder: Path, sqlite_url: str) -> None:
    from test_assess_flow import _task_states

    from flows import early
    from flows.visibility import FAILED_TAG

    (example_folder / "rusak.pdf").write_bytes(b"%PDF-1.4\n" + b"garbage " * 400_000)  # the biggest: first
    head_start = early.start(example_folder, _options(sqlite_url))
    assert head_start is not None
    first = head_start.files[head_start._order[0]]
    assert first.name == "rusak.pdf"
    state = _run(example_folder, sqlite_url)
    assert state.is_failed() and "gagal dibaca: rusak.pdf" in (state.message or "")
    assert _task_states(state.state_details.flow_run_id)["document rusak.pdf"] == "FAILED"
    from test_assess_flow import _flow_run

    assert FAILED_TAG in _flow_run(state.state_details.flow_run_id).tags
    assert any(m.startswith("document=rusak.pdf status=failure") for m in _logged(state))


def test_early_jobs_broken_by_a_dying_worker_run_again(prefect_harness, example_folder: Path,
                                                        sqlite_url: str) -> None:
    from flows import early
    from pipeline import workers

    blockers = [workers.submit_job(time.sleep, 3) for _ in range(2)]  # both workers busy: the jobs wait
    head_start = early.start(example_folder, _options(sqlite_url))
    queued = head_start.jobs() if head_start is not None else []
    assert len(queued) == 6 and workers._pool is not None
    os.kill(next(iter(workers._pool._processes)), signal.SIGKILL)  # the pool breaks, with every queued job
    state = _run(example_folder, sqlite_url)
    assert all(isinstance(job.exception(), BrokenProcessPool) for job in blockers + queued)
    assert state.is_completed() and len(state.result().documents) == 6
    assert head_start is not None and head_start.ran_again == 6  # each once more, on a new pool
    assert all(d.status.value == "success" or d.name.startswith("06_") for d in state.result().documents)


def test_no_early_jobs_for_another_run_or_a_run_the_command_did_not_prepare(
        prefect_harness, example_folder: Path, sqlite_url: str, tmp_path: Path, own_jobs: list[str]) -> None:
    from flows import early

    head_start = early.start(example_folder, _options(sqlite_url, region="Kota Lain"))
    assert head_start is not None
    state = _run(example_folder, sqlite_url)  # other parameters: not this run's jobs
    assert state.is_completed()
    assert head_start.jobs() == [] and not head_start._thread.is_alive()  # cancelled or done, none taken
    assert own_jobs == ["extract_job"] * 6  # the run's tasks started every job themselves
    fresh = f"sqlite:///{tmp_path / 'lain.db'}"
    again = _run(example_folder, fresh)  # as a worker's or a deployment's run: none started
    assert again.is_completed() and own_jobs == ["extract_job"] * 12


def test_no_early_jobs_without_workers_or_when_planning_fails(monkeypatch: pytest.MonkeyPatch,
                                                              example_folder: Path, sqlite_url: str) -> None:
    from flows import early

    assert early.start(example_folder / "tidak-ada", _options(sqlite_url)) is None  # the flow reports it
    monkeypatch.setenv("BUKTI_WORKERS", "0")
    assert early.start(example_folder, _options(sqlite_url)) is None


def test_close_after_sigterm_stopped_the_pool_does_not_wait_for_its_jobs(example_folder: Path,
                                                                          sqlite_url: str) -> None:
    import threading

    from flows import early
    from pipeline import workers

    for _ in range(2):
        workers.submit_job(time.sleep, 30)  # both workers busy: the jobs wait
    head_start = early.start(example_folder, _options(sqlite_url))
    assert head_start is not None and len(head_start.jobs()) == 6
    workers.terminate()  # what SIGTERM does (pipeline.workers.stop_on_sigterm): its jobs never resolve
    closing = threading.Thread(target=head_start.close, daemon=True)
    closing.start()
    closing.join(timeout=10)
    assert not closing.is_alive(), "close() waited for jobs of a stopped pool"  # it hung at exit here
    assert head_start.jobs() == [] and not head_start._thread.is_alive()
