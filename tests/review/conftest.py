"""Review fixtures: the example database (built once per session, copied per test) and clients."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from dbsupport import temporary_pg_database
from fastapi.testclient import TestClient
from review_support import SECRET, ReviewDb, build_review_db, copy_database, login, pg_copy

from review.app import create_app

BACKENDS = [pytest.param("sqlite", id="sqlite"),
            pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session", params=BACKENDS)
def session_review_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                      ) -> Iterator[ReviewDb]:
    """Built once per session and backend by the real pipeline; tests work on copies.

    PostgreSQL runs when BUKTI_TEST_POSTGRES_URL is set (``.ci/run`` starts a server).
    """
    root = tmp_path_factory.mktemp("review")
    if request.param == "sqlite":
        yield build_review_db(root)
        return
    admin_url = os.environ.get("BUKTI_TEST_POSTGRES_URL")
    if not admin_url:
        pytest.skip("PostgreSQL tests need BUKTI_TEST_POSTGRES_URL")
    with temporary_pg_database(admin_url) as url:
        yield build_review_db(root, url)


@pytest.fixture()
def review_db(session_review_db: ReviewDb, tmp_path: Path) -> Iterator[ReviewDb]:
    """A fresh copy of the session database for one test (decisions do not leak between tests)."""
    if session_review_db.url.startswith("postgresql"):
        with pg_copy(session_review_db) as copy:
            yield copy
        return
    yield copy_database(session_review_db, tmp_path / "review.db")


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
