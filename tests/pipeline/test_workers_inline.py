"""In-process jobs never overlap: PDFium is not thread-safe (a concurrent get_page segfaulted)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from pipeline import workers


def test_run_job_inline_jobs_run_one_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUKTI_WORKERS", "0")
    active, peak, guard = 0, 0, threading.Lock()

    def job(_: int) -> None:
        nonlocal active, peak
        with guard:
            active += 1
            peak = max(peak, active)
        time.sleep(0.02)
        with guard:
            active -= 1

    with ThreadPoolExecutor(4) as threads:
        list(threads.map(lambda n: workers.run_job(job, n), range(12)))
    assert peak == 1


@pytest.mark.slow
def test_pool_workers_start_with_the_tokenizer_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers come from a fork server that built spaCy's tokenizer once (not ~2 s per worker)."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork server on this platform: workers are spawned")
    monkeypatch.setenv("BUKTI_WORKERS", "2")
    try:
        # asked in a fresh worker before any job used the tokenizer (a builtin and a string pickle)
        built = workers.run_job(eval, "__import__('rules.matcher').matcher.get_nlp.cache_info().currsize")
    finally:
        workers.shutdown()
    assert built == 1
