"""Prefect flow ``assess-folder``: one evidence folder in, cited level proposals in the database out.

Tasks are thin wrappers over ``pipeline`` functions: one task per batch of documents
(``flows/batches.py``: extract and match each, skipped when the database caches hold the
result; a bad file fails alone, the rest of its batch goes on); then one task that stores,
scores and retires under the submission's lease. Only database faults are retried, never bad
input. A file that could not be read gets a FAILED task of its own, ``document <file>``, and a
run with such files ends FAILED with the files named once everything else is stored
(``flows/visibility.py``). Every file's outcome is in the run's logs (one ``document=`` line
each) and its ``assessment-documents`` artifact. Run it with no server (Prefect's temporary
server), or against ``prefect server start`` through the ``assess-folder`` deployment in
``prefect.yaml``. ``bukti assess --prefect`` plans the run and hands the extraction jobs to
the workers before Prefect is imported (``flows/early.py``): the batch tasks take their results.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, TypeVar, cast

from prefect import Task, flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.futures import PrefectFuture, wait
from prefect.states import Failed, State
from prefect.utilities.annotations import quote

from core.errors import StorageError
from core.settings import ExtractOptions, OcrMode
from flows import early
from flows.batches import plan_batches
from flows.runners import document_task_runner
from flows.visibility import (
    assess_run_name,
    bukti_logs_in_run,
    document_failed,
    failed_run,
    heartbeats_in_run,
)
from pipeline import incremental
from pipeline.finalize import finalize_run
from pipeline.models import AssessOptions, summarise
from pipeline.report import accepted_foreign, render_markdown, report_rows, set_aside
from pipeline.run import run_context
from pipeline.run_report import document_rows, summary_row
from pipeline.work import DocumentWork, PlannedFile, RunContext, RunResult
from pipeline.workers import worker_count
from rules.loader import load_rule_pack

T = TypeVar("T")
TRANSIENT_RETRIES = 2
RETRY_DELAY_SECONDS = 5


def _transient(task: Task[..., Any], task_run: TaskRun, state: State[Any]) -> bool:  # Prefect's retry hook
    """Retry only database faults; bad input is never retried."""
    try:
        state.result()
    except StorageError:
        return True
    except Exception:  # noqa: BLE001 - any other failure is final
        return False
    return False


@task(name="process-documents", task_run_name="documents {label}", cache_policy=NO_CACHE,
      retries=TRANSIENT_RETRIES, retry_delay_seconds=RETRY_DELAY_SECONDS, retry_condition_fn=_transient)
def documents_task(files: list[PlannedFile], ctx: RunContext, label: str,
                   head_start: early.EarlyJobs | None = None, indexes: list[int] | None = None
                   ) -> list[DocumentWork]:
    """Extract and match a batch of files, one after another in this task's thread (each one's
    CPU work in a worker process). ``head_start``: the run's look-up of the folder and the
    extraction jobs the command handed out ahead of the tasks (``flows/early.py``), ``indexes``
    the files' places in it. A retry redoes only what the caches do not hold yet."""
    if head_start is None or indexes is None:
        return [incremental.process_file(f, ctx) for f in files]
    return [incremental.process_file(f, ctx, head_start.take(i)) for f, i in zip(files, indexes, strict=True)]


@task(name="process-document", task_run_name="document {work.file.name}", cache_policy=NO_CACHE)
def failed_document_task(work: DocumentWork) -> State:
    """A file its batch could not read: a FAILED task of its own (red in the UI, counted by state
    filters) carrying its ``DocumentWork``: failing is its result, not an error to retry."""
    return Failed(data=work, message=document_failed(work.outcome))


@task(name="score-and-store", cache_policy=NO_CACHE, retries=TRANSIENT_RETRIES,
      retry_delay_seconds=RETRY_DELAY_SECONDS, retry_condition_fn=_transient)
def store_task(root: str, works: list[DocumentWork], options: AssessOptions, started: float) -> RunResult:
    """Score the run's documents and store it as a Prefect task (retried on database faults)."""
    return finalize_run(Path(root), works, options, started)


@flow(name="assess-folder", flow_run_name=assess_run_name, log_prints=False,
      task_runner=document_task_runner())
def assess_folder(
    path: str,
    framework: str = "spbe-2020",
    region: str | None = None,
    year: int | None = None,
    ocr: OcrMode = OcrMode.auto,
    database_url: str | None = None,
    allow_empty: bool = False,
) -> RunResult | State[RunResult]:  # a returned state is unwrapped: its result is the RunResult
    """Assess the evidence folder at ``path`` against the ``framework`` rule pack.

    ``allow_empty``: store a run of an empty folder (retiring every document of the submission);
    off, an empty or unreadable folder fails the flow before anything is stored.
    """
    with bukti_logs_in_run(), heartbeats_in_run():
        return _assess(path, AssessOptions(
            framework=framework, region=region, year=year, database_url=database_url,
            extract=ExtractOptions(ocr=ocr), allow_empty=allow_empty))


def _assess(path: str, options: AssessOptions) -> RunResult | State:
    head_start = early.claim(path, options)  # only in the command's own process (bukti assess --prefect)
    try:
        return _assess_folder(path, options, head_start)
    finally:
        if head_start is not None:
            head_start.close()  # a run that failed half-way leaves no job running


def _assess_folder(path: str, options: AssessOptions,
                   head_start: early.EarlyJobs | None) -> RunResult | State:
    started = time.perf_counter() if head_start is None else head_start.started
    logger = get_run_logger()
    if head_start is None:
        ctx = run_context(options)  # fails fast on an unknown pack or an unreachable database
        files = incremental.plan_files(Path(path))
    else:  # planned by the command before Prefect was imported
        ctx, files = head_start.ctx, head_start.files
    logger.info("folder=%s files=%d workers=%d early_jobs=%d", path, len(files), worker_count(),
                _handed_out(head_start))
    batches = plan_batches(files, worker_count())
    index = {id(f): i for i, f in enumerate(files)}
    futures = [documents_task.submit(b, ctx, f"{i + 1}/{len(batches)}", _opaque(head_start),
                                     [index[id(f)] for f in b] if head_start is not None else None)
               for i, b in enumerate(batches)]
    done: dict[int, DocumentWork] = {}
    failures = []
    for batch, future in zip(batches, futures, strict=True):
        for file, work in zip(batch, _collect(future, batch), strict=True):
            done[id(file)] = work
            if not work.outcome.ok:
                failures.append(failed_document_task.submit(work))
    wait(failures)
    works = [done[id(f)] for f in files]
    result = store_task(path, _opaque(works), options, started)
    publish_artifacts(result)
    summary = summarise(result.documents)
    logger.info("%s; extracted=%d matched=%d proposals_added=%d", summary, result.work.extracted,
                result.work.matched, result.work.proposals_added)
    if result.failed:
        # Everything readable is stored and scored; the run is still a failure to its operator.
        return failed_run(result, summary, [d.name for d in result.failed])
    return result


def _handed_out(head_start: early.EarlyJobs | None) -> int:
    if head_start is None:
        return 0
    head_start.jobs()  # the first hand-out done
    return head_start.handed_out


def _opaque(value: T) -> T:
    """``value`` for a task parameter that Prefect hands over as it is, without walking its contents
    for futures (``quote``): 0.1-0.2 s of the flow process's time for a run's 300 documents."""
    return cast(T, quote(value))


def _collect(future: PrefectFuture[list[DocumentWork]], batch: list[PlannedFile]) -> list[DocumentWork]:
    """The batch task's results; a task that raised even after retries makes its files failed
    documents, unless the database is gone: storing would fail too, so the flow fails."""
    value: object
    try:
        value = future.result(raise_on_failure=False)
    except Exception as e:  # noqa: BLE001 - a crashed task's state may hold no result at all
        value = e
    if isinstance(value, list):
        return value
    if isinstance(value, StorageError):
        raise value
    return [incremental.failed(f, "task_failed", f"{type(value).__name__}: {value}") for f in batch]


def run_result(state: State) -> RunResult:
    """The ``RunResult`` of a finished ``assess_folder`` state, also of a run that ended FAILED
    because of unreadable files; raises the error of a run that could not finish."""
    value = state.result(raise_on_failure=False)
    if isinstance(value, RunResult):
        return value
    if isinstance(value, BaseException):
        raise value
    state.result()  # a failed state without data: raises Prefect's FailedRun with its message
    raise TypeError(f"assess-folder returned {type(value).__name__}, not a RunResult")


def publish_artifacts(result: RunResult) -> None:
    """The proposals as markdown, the run's totals and its documents as tables."""
    pack = load_rule_pack(result.framework)
    rows = report_rows(result.proposals, pack.indicator_names())
    title = f"Penilaian {result.region} {result.year} ({result.framework})"
    markdown = render_markdown(rows, result.index, title, summarise(result.documents),
                               set_aside(result, pack), accepted_foreign(result))
    _side_by_side([
        partial(create_markdown_artifact, markdown=markdown, key="assessment-summary",
                description=f"run {result.run_id}"),
        partial(create_table_artifact, table=[summary_row(result)], key="assessment-run",
                description=f"run {result.run_id}: documents, pages, failures, proposals changed"),
        partial(create_table_artifact, table=document_rows(result), key="assessment-documents",
                description=f"run {result.run_id}: what happened to each file"),
    ])


def _side_by_side(calls: list[Callable[[], object]]) -> None:
    """Prefect API calls at once, each on a thread in a copy of this one's context (the flow
    run they belong to); then the first error, if any, is raised, as if they had run in turn.
    The three artifacts, one after another, were 0.05-0.3 s of the run's end, which nothing
    else overlaps: the run's result is ready, its final state waits for them."""
    with ThreadPoolExecutor(len(calls), thread_name_prefix="bukti-artifacts") as pool:
        done = [pool.submit(contextvars.copy_context().run, call) for call in calls]
    for future in done:
        future.result()
