"""Task runner choice from the worker's environment: local threads + processes, or a Dask cluster."""

from __future__ import annotations

import sys

import pytest
from prefect.task_runners import ThreadPoolTaskRunner

from core.errors import MissingDependencyError
from flows.runners import document_task_runner
from pipeline.workers import ocr_share, worker_count


def test_runner_defaults_to_threads_over_local_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BUKTI_DASK_ADDRESS", raising=False)
    monkeypatch.setenv("BUKTI_WORKERS", "3")
    runner = document_task_runner()
    assert isinstance(runner, ThreadPoolTaskRunner) and runner._max_workers == 3


def test_runner_uses_dask_when_an_address_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    prefect_dask = pytest.importorskip("prefect_dask")
    monkeypatch.setenv("BUKTI_DASK_ADDRESS", "tcp://127.0.0.1:8786")
    runner = document_task_runner()
    assert isinstance(runner, prefect_dask.DaskTaskRunner) and runner.address == "tcp://127.0.0.1:8786"


def test_runner_without_prefect_dask_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUKTI_DASK_ADDRESS", "tcp://127.0.0.1:8786")
    monkeypatch.setitem(sys.modules, "prefect_dask", None)  # import fails as if not installed
    with pytest.raises(MissingDependencyError, match="pip install prefect-dask"):
        document_task_runner()


def test_workers_read_their_pages_without_a_pool_of_their_own(monkeypatch: pytest.MonkeyPatch) -> None:
    from core.settings import ExtractOptions

    monkeypatch.setattr("os.cpu_count", lambda: 8)
    monkeypatch.setenv("BUKTI_WORKERS", "4")
    assert worker_count() == 4
    assert ocr_share(ExtractOptions(ocr_workers=2), 4).ocr_workers == 1  # 4 workers x 1 OCR process
    assert ocr_share(ExtractOptions(ocr_workers=2), 1).ocr_workers == 1  # no nested pool, even alone
    assert ocr_share(ExtractOptions(ocr_workers=2), 0).ocr_workers == 2  # in-process: the page pool
    monkeypatch.delenv("BUKTI_WORKERS")
    assert worker_count() == 4  # default: the CPU count, capped
