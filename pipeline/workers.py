"""A bounded pool of worker processes for the CPU-bound part of a run (extraction, OCR, matching).

Why a pool of our own rather than Prefect's ``ProcessPoolTaskRunner``: Prefect tasks stay in
threads of the flow process (cheap, and they talk to the database and the Prefect API), and
only the CPU work crosses into a worker, which returns compressed bytes, never a document
object; the flow process therefore holds no page texts. Workers are not forked from the flow
process, which runs threads (forking a threaded process can deadlock), but from a fork server:
a fresh single-threaded process that imported ``pipeline.worker_preload`` (the job stack and
the spaCy tokenizer) once, so each worker starts built instead of paying ~3 s of imports and
tokenizer. Where there is no fork server (Windows), workers are spawned.

Oversubscription: OCR has its own page pool (``extractors.ocr_pool``) inside whichever process
extracts. With ``n`` extraction workers on ``c`` cores each gets ``max(1, c // n)`` OCR
processes, so busy processes stay near ``c`` (an extraction worker waits while its OCR runs);
with one, the worker runs Tesseract itself, without a nested pool (``extractors.ocr_pool``).

``workers == 0`` runs jobs in the calling thread (tests, debugging, tiny folders).
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import ParamSpec, TypeVar

from core.settings import ExtractOptions, get_settings
from pipeline.prestart import PRELOAD, SMALL_FOLDER_FILES

P = ParamSpec("P")
R = TypeVar("R")

DEFAULT_MAX_WORKERS = 4  # beyond this a single flow process is better split over Prefect workers
# Below this many files to extract or match, a run stays in-process unless BUKTI_WORKERS says
# otherwise: starting spawn workers (imports + spaCy tokenizer each) costs more than a handful of
# documents (measured on the example folder: 16 s with a 2-process pool, 5 s in-process). Files
# the caches already hold do not count: a one-file change in a big folder is one file of work.
# (SMALL_FOLDER_FILES, in pipeline.prestart, which starts the fork server early for big folders)

_inline = threading.Event()
# In-process jobs run one at a time: PDFium (pypdfium2, also under pdfplumber) is not thread-safe,
# and concurrent calls from Prefect's task threads crashed the process (segfault in get_page).
# Threads would not speed up this CPU-bound work anyway (GIL); processes do.
_inline_jobs = threading.Lock()

_pool: ProcessPoolExecutor | None = None
_pool_size = 0
_lock = threading.Lock()


class WorkerDied(RuntimeError):
    """A worker process ended abruptly (killed, out of memory); the pool was replaced."""


def worker_count() -> int:
    """``BUKTI_WORKERS`` when set (0 = in-process), else the CPU count capped at DEFAULT_MAX_WORKERS."""
    if _inline.is_set():
        return 0
    configured = get_settings().workers
    if configured is not None:
        return configured
    return min(os.cpu_count() or 1, DEFAULT_MAX_WORKERS)


@contextlib.contextmanager
def inline_when_small(files: int) -> Iterator[None]:
    """Run jobs in-process when ``files`` (to extract or match) are few and workers not configured."""
    inline = get_settings().workers is None and files < SMALL_FOLDER_FILES
    if inline:
        _inline.set()
    try:
        yield
    finally:
        if inline:
            _inline.clear()


def ocr_share(options: ExtractOptions, workers: int) -> ExtractOptions:
    """Options whose OCR pool fits beside ``workers`` extraction processes on this machine."""
    if workers <= 1:
        return options
    share = max(1, (os.cpu_count() or 1) // workers)
    return options.model_copy(update={"ocr_workers": min(options.ocr_workers, share)})


def run_job(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run ``fn`` in a worker process (or here, with 0 workers) and wait for its result."""
    size = worker_count()
    if size == 0:
        with _inline_jobs:
            return fn(*args, **kwargs)
    pool = _get_pool(size)
    try:
        return pool.submit(fn, *args, **kwargs).result()
    except BrokenProcessPool as e:
        _discard(pool)
        raise WorkerDied(
            f"a worker process died while running {fn.__name__} (out of memory or killed); "
            "the file is recorded as failed and the pool restarted"
        ) from e


def _init_worker() -> None:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract: 1 thread per process is fastest here


def _get_pool(size: int) -> ProcessPoolExecutor:
    global _pool, _pool_size
    with _lock:
        if _pool is None or _pool_size != size:
            if _pool is not None:
                _pool.shutdown(wait=False, cancel_futures=False)
            context = _context()
            _pool, _pool_size = ProcessPoolExecutor(size, mp_context=context, initializer=_init_worker), size
        return _pool


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([PRELOAD])  # read when the fork server starts (first pool)
    return context


def _discard(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


@atexit.register
def shutdown() -> None:
    """Stop the worker processes (they start again on the next job)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
        _stop_fork_server()
    else:  # started early (pipeline.prestart) for a run that needed no pool: may still be preloading
        _stop_fork_server(terminate=True)


def _stop_fork_server(terminate: bool = False) -> None:
    """Stop and reap the fork server (a new pool starts another), so no process outlives the run.

    multiprocessing leaves it running until the interpreter exits and never waits for it, so
    its CPU time (and its workers') was missing from the parent's accounting (``time``,
    ``getrusage``). ``_stop`` is CPython's own (private) way; without it the server ends
    unreaped at exit as before.
    """
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    stop = getattr(server, "_stop", None)
    pid = getattr(server, "_forkserver_pid", None)
    if terminate and pid is not None:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)  # rather than wait for its imports to finish
    if callable(stop):
        try:
            stop()
        except OSError:  # already gone
            pass
