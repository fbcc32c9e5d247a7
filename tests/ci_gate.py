"""The CI gate on skips: with ``BUKTI_CI=1`` (set by ``.ci/run``) a skipped test fails the run.

CI installs every package, service and file the suite needs (Tesseract, LibreOffice, Chromium,
PostgreSQL, the shared corpus), so a skip there means something went missing and a whole part
of the suite silently stopped running. Expected failures (``xfail``) are left alone. Loaded by
``tests/conftest.py``; usable alone as ``pytest -p ci_gate`` with ``tests/`` on the path.
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest

CI_ENV = "BUKTI_CI"


def _active() -> bool:
    return os.environ.get(CI_ENV) == "1"


def _fail_skip(report: pytest.TestReport | pytest.CollectReport) -> None:
    if not _active() or not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = f"skipped in CI ({CI_ENV}=1), which must run every test: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, None, None]:
    outcome = yield
    _fail_skip(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, None, None]:
    outcome = yield
    _fail_skip(outcome.get_result())
