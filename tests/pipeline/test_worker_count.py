"""``worker_count`` reads ``BUKTI_WORKERS`` as the settings do, once per value, and follows changes."""

from __future__ import annotations

import os

import pytest
from pydantic import ValidationError

from pipeline.workers import DEFAULT_MAX_WORKERS, worker_count


def test_worker_count_follows_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BUKTI_WORKERS", raising=False)
    default = min(os.cpu_count() or 1, DEFAULT_MAX_WORKERS)
    assert worker_count() == default
    monkeypatch.setenv("BUKTI_WORKERS", "3")
    assert worker_count() == 3
    monkeypatch.setenv("BUKTI_WORKERS", " 0 ")
    assert worker_count() == 0
    monkeypatch.setenv("BUKTI_WORKERS", "3")
    assert worker_count() == 3
    monkeypatch.delenv("BUKTI_WORKERS")
    monkeypatch.setenv("bukti_workers", "5")  # pydantic-settings reads names in any case
    assert worker_count() == 5
    monkeypatch.delenv("bukti_workers")
    assert worker_count() == default


def test_an_invalid_value_is_refused_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUKTI_WORKERS", "-1")
    for _ in range(2):
        with pytest.raises(ValidationError):
            worker_count()
