"""Shared fixtures: the real corpus (skipped when absent), temporary databases."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from ci_gate import pytest_make_collect_report, pytest_runtest_makereport  # noqa: F401 - BUKTI_CI=1: skips fail
from corpus_paths import CORPUS, REPO, labels_path
from dbsupport import temporary_pg_database

# Prefect and bukti state of a test session live in a throw-away folder, never in ~/.prefect or ~/.bukti.
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="bukti-tests-"))
os.environ.setdefault("PREFECT_HOME", str(_SESSION_HOME / "prefect"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_UI_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ["BUKTI_HOME"] = str(_SESSION_HOME / "bukti")
os.environ.pop("BUKTI_DATABASE_URL", None)

EXAMPLES = REPO / "examples" / "kota-sukamaju"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared real-document corpus; tests using it skip cleanly when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_file(corpus_dir: Path):
    def _get(relative: str) -> Path:
        path = corpus_dir / relative
        if not path.is_file():
            pytest.skip(f"corpus file missing: {relative}")
        return path

    return _get


@pytest.fixture(scope="session")
def labels_file() -> Callable[[str], Path]:
    """A label file of the corpus by name (``dev.yaml``); tests using it skip cleanly when it is absent."""

    def _get(name: str) -> Path:
        path = labels_path(name)
        if not path.is_file():
            pytest.skip(f"labels file not found at {path}")
        return path

    return _get


@pytest.fixture()
def example_folder(tmp_path: Path) -> Path:
    """A private copy of the bundled example evidence folder."""
    import shutil

    target = tmp_path / "kota-sukamaju"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


@pytest.fixture()
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'bukti.db'}"


@pytest.fixture(params=[pytest.param("sqlite", id="sqlite"),
                        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on SQLite and, when BUKTI_TEST_POSTGRES_URL is set, on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bukti.db'}"
        return
    admin_url = os.environ.get("BUKTI_TEST_POSTGRES_URL")
    if not admin_url:
        pytest.skip("PostgreSQL tests need BUKTI_TEST_POSTGRES_URL")
    with temporary_pg_database(admin_url) as url:
        yield url


class Calls:
    """Real extraction and matching calls made in this process, by file name."""

    def __init__(self) -> None:
        from collections import Counter

        self.extracted: Counter[str] = Counter()
        self.matched: Counter[str] = Counter()

    def reset(self) -> None:
        self.extracted.clear()
        self.matched.clear()


@pytest.fixture()
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Count the pipeline's extraction and matching calls (jobs run in-process: BUKTI_WORKERS=0)."""
    import pipeline.jobs as jobs

    monkeypatch.setenv("BUKTI_WORKERS", "0")
    seen = Calls()
    real_extract, real_prepare = jobs.extract_document, jobs.prepare_document

    def extract(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        seen.extracted[Path(path).name] += 1
        return real_extract(path, *args, **kwargs)

    def prepare(doc, pack):  # noqa: ANN001, ANN202
        seen.matched[doc.source.name] += 1
        return real_prepare(doc, pack)

    monkeypatch.setattr(jobs, "extract_document", extract)
    monkeypatch.setattr(jobs, "prepare_document", prepare)
    return seen
