"""A bounded pool of worker processes for the CPU-bound part of a run (extraction, OCR, matching).

Why a pool of our own rather than Prefect's ``ProcessPoolTaskRunner``: Prefect tasks stay in
threads of the flow process (cheap, and they talk to the database and the Prefect API), and
only the CPU work crosses into a worker, which returns compressed bytes, never a document
object; the flow process therefore holds no page texts. Workers are not forked from the flow
process, which runs threads (forking a threaded process can deadlock), but from a fork server:
a fresh single-threaded process that imported ``pipeline.worker_preload`` (the job stack and
the spaCy tokenizer) once, so each worker starts built instead of paying ~3 s of imports and
tokenizer. Where there is no fork server (Windows), workers are spawned.

One pool at a time: a worker reads its document's scanned pages itself, one after another
(:func:`ocr_share`), never through an OCR page pool of its own; pages are read in parallel by
``extractors.ocr.pool`` only when the run extracts in its own process (``workers == 0``, small
folders). Nested pools (each extraction worker with its own OCR processes) cost more memory than
they saved time: measured in docs/operations.md ("One process pool").

``workers == 0`` runs jobs in the calling thread (tests, debugging, tiny folders).

Workers never outlive the process that started them: each watches it (a pidfd on Linux) and
exits when it is gone, killed with SIGKILL included; otherwise ~500 MB of idle workers (and
the fork server, which waits for them) stayed behind. ``stop_on_sigterm`` turns SIGTERM into
a clean stop: workers terminated, the run closed as failed, its lease released.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import multiprocessing
import os
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
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

OWNER_POLL_SECONDS = 0.5  # where no pidfd exists, how often a worker checks that the run still runs

_pool: ProcessPoolExecutor | None = None
_pool_size = 0
_lock = threading.RLock()  # re-entrant: the SIGTERM handler may run while the main thread holds it


class WorkerDied(RuntimeError):
    """A worker process ended abruptly (killed, out of memory); the pool was replaced."""


def worker_count() -> int:
    """``BUKTI_WORKERS`` when set (0 = in-process), else the CPU count capped at DEFAULT_MAX_WORKERS."""
    if _inline.is_set():
        return 0
    configured = _configured_workers(tuple(v for k, v in os.environ.items() if k.upper() == "BUKTI_WORKERS"))
    if configured is not None:
        return configured
    return min(os.cpu_count() or 1, DEFAULT_MAX_WORKERS)


@functools.lru_cache(maxsize=8)
def _configured_workers(variable: tuple[str, ...]) -> int | None:
    """``BUKTI_WORKERS`` as the settings read it, once per value of the variable (``variable``:
    its values, any case, as pydantic-settings reads it): building the settings is ~0.3 ms, and a
    run asked three times per file (~0.03 CPU-s of the flow process for 30 files)."""
    return get_settings().workers


@contextlib.contextmanager
def inline_when_small(files: int) -> Iterator[None]:
    """Run jobs in-process when ``files`` (to extract or match) are few and workers not configured.

    A fork server started early for the folder (``pipeline.prestart``) is then stopped at once:
    no pool will fork from it, and its preload (~0.9 CPU-s, spaCy and the rule packs) otherwise
    ran on until the run's exit, beside an unchanged re-run of ~1 s on a 2-core machine.
    """
    inline = get_settings().workers is None and files < SMALL_FOLDER_FILES
    if inline:
        _inline.set()
        stop_unused_fork_server()
    try:
        yield
    finally:
        if inline:
            _inline.clear()


def ocr_share(options: ExtractOptions, workers: int) -> ExtractOptions:
    """Options for extraction beside ``workers`` pool workers: in a worker, pages are read by
    the worker itself (``ocr_workers=1``, no page pool inside the pool); in-process (0 workers),
    by the page pool as the options say."""
    if workers == 0:
        return options
    return options.model_copy(update={"ocr_workers": 1})


def run_job(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run ``fn`` in a worker process (or here, with 0 workers) and wait for its result."""
    size = worker_count()
    if size == 0:
        with _inline_jobs:
            return fn(*args, **kwargs)
    return job_result(submit_job(fn, *args, **kwargs), fn.__name__)


def submit_job(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> Future[R]:
    """Hand ``fn`` to a worker process without waiting (workers must not be 0); its result, or
    its worker's death, is read with :func:`job_result`."""
    pool = _get_pool(max(1, worker_count()))
    try:
        return pool.submit(fn, *args, **kwargs)
    except BrokenProcessPool as e:  # a worker died since the last job
        _discard(pool)
        raise _died(fn.__name__) from e


def job_result(future: Future[R], name: str = "a job") -> R:
    """The result of a job from :func:`submit_job` (``name``: its function's), waited for;
    ``WorkerDied`` if its worker died (the broken pool is replaced by the next job's)."""
    try:
        return future.result()
    except BrokenProcessPool as e:
        with _lock:
            pool = _pool
        if pool is not None and getattr(pool, "_broken", False):  # not one started since
            _discard(pool)
        raise _died(name) from e


def _died(name: str) -> WorkerDied:
    return WorkerDied(f"a worker process died while running {name} (out of memory or killed); "
                      "the file is recorded as failed and the pool restarted")


def _init_worker(owner: int) -> None:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract: 1 thread per process is fastest here
    threading.Thread(target=_exit_with, args=(owner,), name="owner-watch", daemon=True).start()


def _exit_with(owner: int) -> None:
    """Exit this worker once process ``owner`` (the run) has ended, however it ended.

    Not ``multiprocessing.parent_process()``: a fork-server worker's parent is the fork server,
    and its sentinel is closed as soon as the worker has started. A pidfd cannot be fooled by
    pid reuse; without one (not Linux, old kernels) the pid is polled.
    """
    try:
        handle = os.pidfd_open(owner)
    except (AttributeError, OSError):
        handle = None
    if handle is not None:
        select.select([handle], [], [])  # readable once the process has exited
    else:
        while _alive(owner):
            time.sleep(OWNER_POLL_SECONDS)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _get_pool(size: int) -> ProcessPoolExecutor:
    global _pool, _pool_size
    with _lock:
        if _pool is None or _pool_size != size:
            if _pool is not None:
                _pool.shutdown(wait=False, cancel_futures=False)
            context = _context()
            _pool = ProcessPoolExecutor(size, mp_context=context, initializer=_init_worker,
                                        initargs=(os.getpid(),))
            _pool_size = size
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


@contextlib.contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """While the body runs (main thread only), SIGTERM terminates the workers and raises SystemExit(143).

    The exception unwinds the run like any error: a run being stored is closed as failed and its
    lease released (``pipeline.finalize``); without this, SIGTERM ended the process on the spot.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        terminate()
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def terminate() -> None:
    """Stop the worker processes now, running jobs included (they fail with WorkerDied)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is None:
        return
    # ``_processes`` is the executor's own (private) table; there is no public way to stop a
    # running job, and shutdown(wait=False) leaves it running to the end.
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    _stop_fork_server()


@atexit.register
def shutdown() -> None:
    """Stop the worker processes (they start again on the next job)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)  # its workers exit, and the fork server reaps them
    # The server has nothing left to finish (or, started early for a run that needed no pool, may
    # still be preloading): SIGTERM, not its orderly interpreter exit (a large stack to tear
    # down), which only delayed the end of every run (~0.1 s at load 7).
    _stop_fork_server(terminate=True)


def stop_unused_fork_server() -> None:
    """Stop the fork server unless a pool runs on it (a later pool starts another)."""
    with _lock:
        if _pool is None:
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
