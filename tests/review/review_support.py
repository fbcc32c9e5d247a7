"""Shared helpers of the review tests (imported by conftest and tests as ``review_support``):
the example database builder, accounts of every role, a submission whose passages carry HTML,
and login helpers for the TestClient."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import shutil
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from dbsupport import temporary_pg_database
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, select, text

from core.models import (
    CriterionResult,
    ExtractedDocument,
    PageText,
    Passage,
    Proposal,
    SourceFile,
    TextMethod,
)
from pipeline.assess import assess_folder
from pipeline.models import AssessOptions
from review.packs import get_pack
from store.db import get_engine, session_scope
from store.models import Document
from store.repository import finish_run, get_or_create_submission, save_document, save_proposals, start_run
from store.review_repo import add_user, get_user

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "kota-sukamaju"
PASSWORD = "rahasia-uji-123"
SECRET = "kunci-rahasia-uji-" + "x" * 32
REGION = "Kota Sukamaju"
# name -> (role, regions)
ACCOUNTS = {
    "admin": ("admin", []),
    "ani": ("assessor", [REGION]),
    "vina": ("viewer", [REGION]),
    "budi": ("assessor", ["Kabupaten Lain"]),
}
SCRIPT_SHA = "5c" * 32
SCRIPT_TEXT = "Pasal 1\nArsitektur SPBE <script>window.__xss = 1</script> ditetapkan <b>tebal</b> & selesai."
SCRIPT_NAME = '<img src=x onerror="window.__xss=2">.docx'


@dataclass(frozen=True)
class ReviewDb:
    """A migrated SQLite database with the example assessed, accounts and the HTML submission."""

    url: str
    path: Path
    folder: Path
    submission_id: int  # the example folder
    script_submission_id: int  # passages full of HTML


def _build_script_submission(url: str) -> int:
    pack = get_pack("spbe-2020")
    start = SCRIPT_TEXT.index("<script>")
    passage = Passage(
        sha256=SCRIPT_SHA,
        file_name=SCRIPT_NAME,
        page=1,
        start=start,
        end=start + 38,
        quote=SCRIPT_TEXT,
        matched="<script>window.__xss = 1</script>",
        rule_id="spbe-2020/i01/l1/evidence",
        location="Pasal 1",
    )
    proposal = Proposal(
        framework=pack.name,
        pack_version=pack.version,
        pack_hash=pack.content_hash,
        indicator_id="1",
        level=2,
        confidence=0.9,
        passages=[passage],
        documents=[SCRIPT_SHA],
        criteria=[
            CriterionResult(
                rule_id="spbe-2020/i01/l1/evidence",
                level=1,
                met=True,
                description="<b>kriteria</b> <script>window.__xss=3</script>",
                found=["<i>x</i>"],
            )
        ],
        next_level_missing=["<script>window.__xss=4</script>"],
        rationale="<script>window.__xss=5</script>",
    )
    document = ExtractedDocument(
        source=SourceFile(
            path="/tidak/ada/berkas.docx",
            name=SCRIPT_NAME,
            sha256=SCRIPT_SHA,
            format="docx",
            mime_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            size=len(SCRIPT_TEXT),
        ),
        pages=[PageText(number=1, text=SCRIPT_TEXT, method=TextMethod.docx)],
    )
    engine = get_engine(url)
    with session_scope(engine) as session:
        submission = get_or_create_submission(session, REGION, 2019, pack.name)
        run = start_run(
            session,
            submission,
            root="/tidak/ada",
            pack_version=pack.version,
            pack_hash=pack.content_hash,
            options={},
        )
        row = save_document(session, run, document)
        save_proposals(session, run, [proposal], {SCRIPT_SHA: row})
        finish_run(session, run, "completed", "1 documents: 1 ok, 0 partial, 0 failed")
        submission_id = submission.id
    engine.dispose()
    return submission_id


def build_review_db(root: Path, url: str | None = None) -> ReviewDb:
    """The real pipeline over a copy of examples/kota-sukamaju (~5 s), accounts, the HTML submission.

    ``url``: an empty database to fill (PostgreSQL); default a SQLite file under ``root``.
    """
    folder = root / "kota-sukamaju"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = root / "review.db"
    url = url or f"sqlite:///{path}"
    result = assess_folder(folder, AssessOptions(database_url=url))
    add_accounts(url)
    script_id = _build_script_submission(url)
    return ReviewDb(
        url=url, path=path, folder=folder, submission_id=result.submission_id, script_submission_id=script_id
    )


def add_accounts(url: str) -> None:
    engine = get_engine(url)
    with session_scope(engine) as session:
        for name, (role, regions) in ACCOUNTS.items():
            add_user(session, name, PASSWORD, role, regions)
    engine.dispose()


@contextlib.contextmanager
def pg_copy(source: ReviewDb) -> Iterator[ReviewDb]:
    """A private PostgreSQL copy (CREATE DATABASE ... TEMPLATE), dropped afterwards."""

    template = make_url(source.url)
    name = f"bukti_review_{uuid.uuid4().hex[:12]}"
    admin = create_engine(template.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            # pooled connections of the pipeline that built the template would block the copy
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :db AND pid <> pg_backend_pid()"), {"db": template.database})
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template.database}"'))
        copy_url = template.set(database=name).render_as_string(hide_password=False)
        yield dataclasses.replace(source, url=copy_url)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def copy_database(source: ReviewDb, target: Path) -> ReviewDb:
    """A private copy (sqlite backup API, safe with WAL) pointing at the same evidence folder."""
    with sqlite3.connect(source.path) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return ReviewDb(
        url=f"sqlite:///{target}",
        path=target,
        folder=source.folder,
        submission_id=source.submission_id,
        script_submission_id=source.script_submission_id,
    )


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "page has no CSRF token"
    return found.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


# The app's one script (shortcuts, scrolling the cited page); any other <script> in a page is an injection.
OWN_SCRIPT = '<script src="/static/review.js" defer></script>'


def injected_scripts(html: str) -> int:
    """How many <script> tags of ``html`` are not the app's own."""
    return html.lower().count("<script") - html.count(OWN_SCRIPT)


# Requests an anonymous visitor may make; every other route must refuse them.
PUBLIC_ROUTES = {("GET", "/login"), ("POST", "/login"), ("GET", "/health"), ("GET", "/lang")}


def _api_routes(routes: Iterable[object]) -> Iterator[APIRoute]:
    """Every APIRoute, also inside included routers (FastAPI 0.150 keeps them nested; no prefixes used)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _api_routes(route.original_router.routes)


def app_routes(app: object) -> list[tuple[str, str]]:
    """(method, path template) of every route of the app."""
    assert isinstance(app, FastAPI)
    return sorted((method, route.path) for route in _api_routes(app.routes) for method in route.methods or ())


def first_document(url: str, submission_id: int, fmt: str) -> int:
    engine = get_engine(url)
    with session_scope(engine) as session:
        doc_id = session.scalar(
            select(Document.id)
            .where(Document.submission_id == submission_id, Document.format == fmt)
            .order_by(Document.id)
        )
    engine.dispose()
    assert doc_id is not None
    return doc_id


def fill_path(path: str, db: ReviewDb) -> str:
    """A route template with real ids of the example submission."""
    values = {
        "submission_id": db.submission_id,
        "indicator_id": "1",
        "number": 1,
        "fmt": "xlsx",
        "document_id": first_document(db.url, db.submission_id, "pdf"),
    }
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)


@contextmanager
def temporary_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty SQLite file, or a fresh PostgreSQL database when BUKTI_TEST_POSTGRES_URL is set."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'bukti.db'}"
        return
    admin_url = os.environ.get("BUKTI_TEST_POSTGRES_URL")
    if not admin_url:
        pytest.skip("PostgreSQL tests need BUKTI_TEST_POSTGRES_URL")
    with temporary_pg_database(admin_url) as url:
        yield url


def decide_two(review_db: ReviewDb, reason: str = "diperiksa") -> None:
    """ani overrides indicator 1 to level 5 with ``reason`` and confirms indicator 2."""
    from review.service import decide  # the review app, imported only by tests that decide

    engine = get_engine(review_db.url)
    with session_scope(engine) as session:
        ani = get_user(session, "ani")
        assert ani is not None
        decide(session, review_db.submission_id, "1", ani, action="override", level=5, reason=reason)
        decide(session, review_db.submission_id, "2", ani, action="confirm")
    engine.dispose()
