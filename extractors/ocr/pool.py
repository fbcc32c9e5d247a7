"""Worker processes that OCR pages in parallel, with a bounded number of pages in flight.

``spawn`` workers (not ``fork``): the caller may be a Prefect flow with threads running, and
forking a threaded process can deadlock. Starting a worker costs ~0.6 s (interpreter + imports),
so the processes are started on the first page that needs OCR (a fully cached document never
pays) and, in a main process, kept for the rest of the run and shared by later documents; they
stop at exit or on :func:`shutdown_workers`. Inside a worker process (a Prefect process task
runner) they are stopped after each call. A pool broken by a dying worker is replaced.

A bukti run uses one pool at a time: this one when it extracts in its own process, else the
run's extraction workers (``pipeline.workers``), which read their pages themselves (one OCR
worker: no pool is started, see :meth:`PagePool.submit`).
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from extractors.ocr.batch import batch_full, run_batch
from extractors.ocr.engine import (
    OcrJob,
    Recognition,
    describe_error,
    init_worker,
    run_job,
    single_thread_tesseract,
)

# Pages queued per worker: enough to keep workers busy, few enough to bound memory (~10 MB a page).
_QUEUE_PER_WORKER = 2

_executors: dict[int, ProcessPoolExecutor] = {}
_lock = threading.Lock()


def _forget_after_fork() -> None:
    """A forked child must not use the parent's pools: their threads did not survive the fork."""
    global _lock
    _lock = threading.Lock()
    _executors.clear()


os.register_at_fork(after_in_child=_forget_after_fork)


def _executor(workers: int) -> ProcessPoolExecutor:
    with _lock:
        if workers not in _executors:
            context = multiprocessing.get_context("spawn")
            _executors[workers] = ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker)
        return _executors[workers]


def _discard(executor: ProcessPoolExecutor, *, wait: bool = False) -> None:
    with _lock:
        for workers, known in list(_executors.items()):
            if known is executor:
                del _executors[workers]
    executor.shutdown(wait=wait, cancel_futures=True)


def _keep_workers() -> bool:
    """Keep workers between calls only in a main process: a worker process (e.g. a Prefect
    ProcessPoolTaskRunner task) exits without atexit hooks and would hang on live children."""
    return multiprocessing.parent_process() is None


@atexit.register
def shutdown_workers() -> None:
    """Stop the OCR worker processes (they are restarted on demand)."""
    with _lock:
        executors = list(_executors.values())
        _executors.clear()
    for executor in executors:
        executor.shutdown(wait=True, cancel_futures=True)


class PagePool:
    """Submit pages, get ``(page number, Recognition)`` pairs back as they finish."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[Future[Recognition], int] = {}
        self._batch: list[tuple[int, OcrJob]] = []  # pages waiting to be read here (no pool)

    def __enter__(self) -> PagePool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        for future in self._pending:  # only left over when the caller failed part-way
            future.cancel()
        self._batch.clear()
        if self._pool is not None and not _keep_workers():
            _discard(self._pool, wait=True)

    def submit(self, number: int, job: OcrJob) -> list[tuple[int, Recognition]]:
        """Queue a page; returns the pages that finished while waiting for queue room."""
        if self.workers <= 1 or multiprocessing.current_process().daemon:
            # Daemonic processes (multiprocessing.Pool, Dask workers) may not start children, and
            # one OCR worker would only add a process (~0.6 s start, a copy of each page image) to
            # the Tesseract process every page runs in anyway: read the pages right here, with the
            # same one-thread Tesseract environment. This is the case inside the run's extraction
            # workers (``pipeline.workers.ocr_share``), which would otherwise each start a pool.
            # Pages read in a row go to Tesseract a few at a time (``extractors.ocr.batch``).
            self._batch.append((number, job))
            return self._read_batch() if batch_full([job for _, job in self._batch]) else []
        try:
            future = self._submit(job)
        except RuntimeError:  # the shared pool broke earlier (a worker died): start a fresh one
            self._replace_pool()
            try:
                future = self._submit(job)
            except RuntimeError as e:
                self._replace_pool()
                return [(number, Recognition(error=describe_error(e)))]
        self._pending[future] = number
        if len(self._pending) < self.workers * _QUEUE_PER_WORKER:
            return []
        done, _ = wait(self._pending, return_when=FIRST_COMPLETED)
        return self._take(list(done))

    def drain(self) -> list[tuple[int, Recognition]]:
        """Wait for every queued page."""
        wait(self._pending)
        return self._read_batch() + self._take(list(self._pending))

    def _read_batch(self) -> list[tuple[int, Recognition]]:
        if not self._batch:
            return []
        single_thread_tesseract()
        numbers, jobs = zip(*self._batch, strict=True)
        self._batch.clear()
        return list(zip(numbers, run_batch(list(jobs)), strict=True))

    def _submit(self, job: OcrJob) -> Future[Recognition]:
        self._pool = self._pool or _executor(self.workers)
        return self._pool.submit(run_job, job)

    def _replace_pool(self) -> None:
        if self._pool is not None:
            _discard(self._pool)
            self._pool = None

    def _take(self, done: list[Future[Recognition]]) -> list[tuple[int, Recognition]]:
        finished = []
        for future in done:
            number = self._pending.pop(future)
            try:
                result = future.result()
            except BrokenProcessPool as e:  # a worker was killed (e.g. out of memory): that page fails
                self._replace_pool()
                result = Recognition(error=describe_error(e))
            except Exception as e:  # noqa: BLE001 - e.g. the job could not be sent; recorded on the page
                result = Recognition(error=describe_error(e))
            finished.append((number, result))
        return finished
