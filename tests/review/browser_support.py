"""Shared plumbing of the browser tests (imported by conftest and the browser test modules):
Debian chromium for Playwright, a live uvicorn server on a loopback port, decision counts."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from review_support import ReviewDb
from sqlalchemy import func, select

from store.db import get_engine, session_scope
from store.models import Decision

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The browser suite runs once, on SQLite (the PostgreSQL suite covers the same routes): each browser
# module narrows the session database's backend parameter to SQLite instead of skipping PostgreSQL.
ON_SQLITE = pytest.mark.parametrize("session_review_db", ["sqlite"], indirect=True)
# The assessors' common laptop screen: the indicator screen is designed to fit it.
VIEWPORT = {"width": 1366, "height": 768}


@dataclass(frozen=True)
class LiveServer:
    base: str
    db: ReviewDb
    routes: list[tuple[str, str]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """``app`` served by uvicorn in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def decisions_by(url: str, user: str) -> int:
    engine = get_engine(url)
    with session_scope(engine) as session:
        count = session.scalar(select(func.count()).select_from(Decision).where(Decision.user == user)) or 0
    engine.dispose()
    return count
