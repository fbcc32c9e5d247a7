"""``bukti assess --prefect``'s extraction jobs, handed to the workers before Prefect is imported.

Against a running server, ``--prefect`` spent ~1.5-2 s before its flow could begin (Prefect's
imports, the flow run's creation; docs/benchmarks.md) while the worker pool, preloaded after
~1 s, waited. So the command plans the run as the plain command does (the pack, the database,
the folder's files and their cache entries) and hands the first files' extraction jobs to the
worker processes, then imports Prefect. Nothing else of bukti's runs in the process meanwhile:
no storing, no ``process_file`` (a first attempt ran those in threads here: they took the
interpreter from Prefect's imports and the run began as much later as they gained). The results
wait in their futures, received by the pool's own thread.

The flow claims them (:func:`claim`) and its batch tasks take each file's job as their own
(``Lookup.pending``): the result is stored, logged (the file's ``document=`` line in the run)
and, if the file could not be read, failed there, exactly as a job the task started itself.
Each take hands out the next files' jobs, so that up to ``AHEAD`` jobs stay queued in front of
the tasks: the workers no longer wait while a task stores a result and does Prefect's
bookkeeping, and no more than ``AHEAD`` results wait in memory. What operators see does not
change. Only the command starts early jobs: a flow run a worker or a deployment starts finds
none and plans for itself.

Imports no Prefect.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path

from flows.batches import plan_batches
from pipeline.incremental import Lookup, look_up, plan_files
from pipeline.jobs import ExtractResult, extract_job
from pipeline.keys import extraction_key
from pipeline.models import AssessOptions
from pipeline.run import run_context
from pipeline.work import PlannedFile, RunContext
from pipeline.workers import WorkerDied, job_result, ocr_share, submit_job, worker_count

log = logging.getLogger("bukti.flows")

# Jobs handed out and not yet taken by a task, at most: their results wait in memory (about twice
# a text PDF's size: 40-50 kB for a generated letter, ~0.5 MB for a 236-page regulation).
AHEAD = 100

_current: EarlyJobs | None = None
_current_lock = threading.Lock()


class EarlyJobs:
    """A planned run whose files' extraction jobs go to the workers in the order of the flow's
    batches (``flows.batches``: biggest first), ``ahead`` of the tasks that take them."""

    def __init__(self, path: str, options: AssessOptions, started: float, ctx: RunContext,
                 files: list[PlannedFile], lookups: dict[int, Lookup], ahead: int = AHEAD) -> None:
        self.path, self.options, self.started = path, options, started  # the run's time counts from started
        self.ctx, self.files, self.lookups = ctx, files, lookups  # lookups: what the caches held, by index
        self.ahead = ahead
        index = {id(f): i for i, f in enumerate(files)}
        self._order = [index[id(f)] for batch in plan_batches(files, worker_count()) for f in batch
                       if _to_extract(f, lookups.get(index[id(f)]))]
        self._place = {i: n for n, i in enumerate(self._order)}
        self.handed_out = 0  # jobs handed out so far (the first ``handed_out`` files of the order)
        self.ran_again = 0  # jobs a broken pool failed, run once more (``_result``)
        self._jobs: dict[int, Future[ExtractResult]] = {}  # handed out, not taken yet
        self._lock = threading.Lock()
        self._closed = False
        # The first job waits for the fork server to finish its preload and fork a worker (up to
        # ~0.4 s after planning): a thread of its own waits for that, not Prefect's imports.
        self._thread = threading.Thread(target=self._top_up, name="bukti-early-jobs", daemon=True)
        self._thread.start()

    def jobs(self) -> list[Future[ExtractResult]]:
        """The jobs handed out and not taken yet (waits for the first hand-out)."""
        self._thread.join()
        with self._lock:
            return list(self._jobs.values())

    def take(self, index: int) -> Lookup | None:
        """What the run's look-up found for file ``index``, with its job if it is one to extract
        (handed out now if it was not yet: taken once, a task's retry runs its own); then more
        jobs are handed out to stay ``ahead``."""
        self._thread.join()
        found = self.lookups.get(index)
        if found is None or index not in self._place:
            return found
        self._top_up(through=index)
        with self._lock:
            job = self._jobs.pop(index, None)  # the future, and its result, go with the task
        self._top_up()
        if job is None:  # taken before, closed, or the pool would not take jobs: the task runs its own
            return found
        file = self.files[index]
        return replace(found, pending=lambda: self._result(job, file))

    def close(self) -> None:
        """No more jobs, the hand-out thread joined, the jobs no task took (none, unless the flow
        failed or never began) cancelled and dropped. One already running is left to the pool,
        which waits for it at exit or stops it on SIGTERM (``pipeline.workers``): waiting here
        hung after SIGTERM, whose stopped pool never resolves its jobs."""
        with self._lock:
            self._closed = True
        for job in self.jobs():
            job.cancel()
        with self._lock:
            self._jobs.clear()  # results no task took: not kept in memory to the process's end

    def _top_up(self, through: int | None = None) -> None:
        """Hand out jobs in order until ``ahead`` wait untaken and file ``through`` has had its job."""
        with self._lock:
            while not self._closed and self.handed_out < len(self._order):
                enough = len(self._jobs) >= self.ahead
                if enough and (through is None or self._place[through] < self.handed_out):
                    return
                index = self._order[self.handed_out]
                try:
                    self._jobs[index] = self._submit(self.files[index])
                except Exception:  # noqa: BLE001 - the pool broke or would not start: tasks run their own
                    log.debug("no more early jobs after %d", self.handed_out, exc_info=True)
                    self._closed = True
                    return
                self.handed_out += 1

    def _submit(self, file: PlannedFile) -> Future[ExtractResult]:
        ctx = self.ctx  # the arguments pipeline.incremental gives the same job
        return submit_job(extract_job, file.read_path, extraction_key(file.sha256, ctx.extract),
                          ocr_share(ctx.extract, worker_count()), ctx.framework, ctx.pack_hash)

    def _result(self, job: Future[ExtractResult], file: PlannedFile) -> ExtractResult:
        """The job's result. When its worker pool broke (a worker was killed), every job queued in it
        failed with it, not only the file that killed the worker: each runs once more on its own,
        and only one that fails again is recorded as failed (its worker died twice)."""
        try:
            return job_result(job, "extract_job")
        except WorkerDied:
            with self._lock:
                self.ran_again += 1
            return job_result(self._submit(file), "extract_job")


def _to_extract(file: PlannedFile, found: Lookup | None) -> bool:
    """Whether ``file`` goes to an extraction job: readable, not a duplicate, not in the cache."""
    return found is not None and found.info is None and bool(file.sha256) and not file.refused


def start(folder: Path, options: AssessOptions, ahead: int = AHEAD) -> EarlyJobs | None:
    """Plan the run of ``folder`` and hand its first ``ahead`` extraction jobs to the workers.

    None, and nothing handed out, where the flow's tasks would not run those jobs in this
    process's pool (no workers) or when planning fails: the flow then plans again and fails
    as it always did, in Prefect's terms (a bad pack, an unreachable database, no folder).
    """
    global _current
    if worker_count() == 0:
        return None
    started = time.perf_counter()
    try:
        ctx = run_context(options)
        files = plan_files(folder)
        lookups = look_up(files, ctx)
    except Exception:  # noqa: BLE001 - the flow repeats the step and reports it
        log.debug("no early jobs: planning failed", exc_info=True)
        return None
    early = EarlyJobs(str(folder), options, started, ctx, files, lookups, ahead)
    with _current_lock:
        previous, _current = _current, early
    if previous is not None:
        previous.close()
    return early


def claim(path: str, options: AssessOptions) -> EarlyJobs | None:
    """The early jobs started in this process for a run of ``path`` with ``options`` (once), else None."""
    global _current
    with _current_lock:
        found, _current = _current, None
    if found is not None and (found.path, found.options) != (path, options):
        found.close()
        return None
    return found
