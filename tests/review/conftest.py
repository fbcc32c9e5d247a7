"""Review fixtures: the example database (built once per session, copied per test), clients, and
for the browser tests one chromium per session, a live server per module and a page per test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, LiveServer, serving
from dbsupport import temporary_pg_database
from fastapi.testclient import TestClient
from review_support import SECRET, ReviewDb, app_routes, build_review_db, copy_database, login, pg_copy
from sqlalchemy.orm import Session

from review.app import create_app
from store.db import get_engine, session_scope

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
def session(review_db: ReviewDb) -> Iterator[Session]:
    """A session on the test's copy of the review database."""
    engine = get_engine(review_db.url)
    with session_scope(engine) as s:
        yield s
    engine.dispose()


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


@pytest.fixture(scope="module")
def live_server(
    session_review_db: ReviewDb, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    if session_review_db.url.startswith("postgresql"):
        pytest.fail("a browser test module must be marked ON_SQLITE (browser_support): the browser suite "
                    "runs once, on SQLite")
    db = copy_database(session_review_db, tmp_path_factory.mktemp("browser") / "browser.db")
    app = create_app(db.url, secret_key=SECRET)
    with serving(app) as base:
        yield LiveServer(base=base, db=db, routes=app_routes(app))
    app.state.engine.dispose()


@pytest.fixture(scope="session")
def browser():  # noqa: ANN201 - playwright Browser
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser):  # noqa: ANN001, ANN201 - playwright types
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="id-ID")
    yield context.new_page()
    context.close()
