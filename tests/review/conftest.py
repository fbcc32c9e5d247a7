"""Review fixtures: the example database (built once per session, copied per test) and clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from review_support import SECRET, ReviewDb, build_review_db, copy_database, login

from review.app import create_app


@pytest.fixture(scope="session")
def session_review_db(tmp_path_factory: pytest.TempPathFactory) -> ReviewDb:
    """Built once per session by the real pipeline; tests work on copies."""
    return build_review_db(tmp_path_factory.mktemp("review"))


@pytest.fixture()
def review_db(session_review_db: ReviewDb, tmp_path: Path) -> ReviewDb:
    """A fresh copy of the session database for one test (decisions do not leak between tests)."""
    return copy_database(session_review_db, tmp_path / "review.db")


@pytest.fixture()
def app_client(review_db: ReviewDb) -> Iterator[TestClient]:
    app = create_app(review_db.url, secret_key=SECRET)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


@pytest.fixture()
def logged_in(app_client: TestClient) -> Callable[[str], TestClient]:
    """Log the test client in as one of the accounts of ``review_support.ACCOUNTS``."""

    def _login(name: str) -> TestClient:
        login(app_client, name)
        return app_client

    return _login
