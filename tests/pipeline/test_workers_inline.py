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
