"""Where the document tasks of a flow run: threads over a local process pool, or a Dask cluster.

Chosen when the flow module is imported, i.e. in the flow-run process a worker starts, from
that worker's environment: ``BUKTI_DASK_ADDRESS`` set means a ``DaskTaskRunner`` connected to
that scheduler (``pip install prefect-dask``); otherwise a ``ThreadPoolTaskRunner`` with one
thread per worker process of ``pipeline.workers`` (threads mostly wait on those processes).
"""

from __future__ import annotations

from typing import Any

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from core.errors import MissingDependencyError
from core.settings import get_settings
from pipeline.workers import worker_count


def document_task_runner() -> TaskRunner[Any]:  # threads or Dask: their futures differ
    """The task runner for per-document tasks, from the environment (see the module docstring)."""
    address = get_settings().dask_address
    if not address:
        return ThreadPoolTaskRunner(max_workers=max(1, worker_count()))
    try:
        from prefect_dask import DaskTaskRunner
    except ModuleNotFoundError as e:
        raise MissingDependencyError(
            f"BUKTI_DASK_ADDRESS={address} needs prefect-dask: `pip install prefect-dask`, or unset it"
        ) from e
    return DaskTaskRunner(address=address)
