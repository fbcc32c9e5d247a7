"""Store fixtures: every test runs on SQLite and, when BUKTI_TEST_POSTGRES_URL is set, PostgreSQL.

BUKTI_TEST_POSTGRES_URL points at any database of a server we may create databases on, e.g.
``postgresql+psycopg://postgres@127.0.0.1:55432/postgres``; each test gets a fresh database.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from dbsupport import temporary_pg_database
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from core.models import (
    CriterionResult,
    DocType,
    DocumentMetadata,
    DocumentStatus,
    ExtractedDocument,
    Issue,
    LegalStatus,
    MetaField,
    PageText,
    Passage,
    Proposal,
    Severity,
    SourceFile,
    StructureKind,
    StructureMark,
    TextMethod,
)
from store import Run, get_engine, get_or_create_submission, start_run, upgrade_database

FRAMEWORK = "spbe_59_2020"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL (the SQLite file's directory does not exist yet)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'nested' / 'bukti.db'}"
        return
    admin_url = os.environ.get("BUKTI_TEST_POSTGRES_URL")
    if not admin_url:
        pytest.skip("PostgreSQL tests need BUKTI_TEST_POSTGRES_URL")
    with temporary_pg_database(admin_url) as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a freshly migrated database."""
    upgrade_database(db_url)
    engine = get_engine(db_url)
    yield engine
    engine.dispose()


def build_document(
    seed: str,
    *,
    pages: int = 3,
    extractor_version: str = "1.0",
    name: str | None = None,
    status: DocumentStatus = DocumentStatus.partial_success,
) -> ExtractedDocument:
    """A fully populated ExtractedDocument whose content (and sha256) depends on ``seed``."""
    sha = hashlib.sha256(seed.encode()).hexdigest()
    file_name = name or f"perwal-{seed}.pdf"
    texts = [
        f"Halaman {n} dokumen {seed}. Pasal {n} Arsitektur SPBE ditetapkan." for n in range(1, pages + 1)
    ]
    return ExtractedDocument(
        source=SourceFile(
            path=f"/evidence/{file_name}",
            name=file_name,
            sha256=sha,
            format="pdf",
            mime_type="application/pdf",
            size=1000 + len(seed),
        ),
        metadata=DocumentMetadata(
            doc_type=MetaField[DocType](value=DocType.peraturan_wali_kota, page=1, confidence=0.9),
            issuer=MetaField[str](value="Wali Kota Jambi", page=1),
            number=MetaField[str](value="12", page=1),
            year=MetaField[int](value=2023, page=1),
            title=MetaField[str](value=f"Arsitektur SPBE {seed}", page=1, confidence=0.8),
            status=MetaField[LegalStatus](value=LegalStatus.enacted, page=pages),
            date_set=MetaField[date](value=date(2023, 5, 17), page=pages),
        ),
        pages=[
            PageText(
                number=n,
                text=t,
                method=TextMethod.ocr if n == pages else TextMethod.text_layer,
                ocr_confidence=91.5 if n == pages else None,
                tables=[[["No", "Indikator"], ["1", "Arsitektur"]]] if n == 1 else [],
            )
            for n, t in enumerate(texts, start=1)
        ],
        structure=[StructureMark(kind=StructureKind.pasal, label="Pasal 1", page=1, offset=20)],
        issues=[
            Issue(code="ocr_low_confidence", message="check page", severity=Severity.warning, page=pages)
        ],
        status=status,
        extractor_version=extractor_version,
    )


def build_proposal(
    doc: ExtractedDocument, indicator_id: str = "I01", level: int = 3, framework: str = FRAMEWORK
) -> Proposal:
    """A proposal citing page 1 of ``doc``."""
    text = doc.pages[0].text
    start = text.index("Arsitektur")
    passage = Passage(
        sha256=doc.source.sha256,
        file_name=doc.source.name,
        page=1,
        start=start,
        end=start + len("Arsitektur SPBE"),
        quote=text,
        matched="Arsitektur SPBE",
        rule_id=f"{indicator_id}.L{level}.regulation",
        location="Pasal 1",
    )
    return Proposal(
        framework=framework,
        pack_version="2024.1",
        pack_hash="abc123",
        indicator_id=indicator_id,
        level=level,
        confidence=0.75,
        needs_manual=level == 5,
        rule_ids=[passage.rule_id],
        passages=[passage],
        criteria=[
            CriterionResult(
                rule_id=passage.rule_id,
                level=level,
                description="Perwal ada",
                met=True,
                found=["perwal"],
                passages=[passage],
            )
        ],
        next_level_missing=["evaluasi berkala"],
        documents=[doc.source.sha256],
        rationale=f"level {level} from {doc.source.name}",
    )


@pytest.fixture
def make_document() -> Callable[..., ExtractedDocument]:
    return build_document


@pytest.fixture
def make_proposal() -> Callable[..., Proposal]:
    return build_proposal


def open_run(
    session: Session, region: str = "Kota Jambi", year: int = 2024, framework: str = FRAMEWORK
) -> Run:
    """Start a run on the (region, year, framework) submission, creating it when new."""
    submission = get_or_create_submission(session, region, year, framework)
    return start_run(
        session,
        submission,
        root="/evidence",
        pack_version="2024.1",
        pack_hash="abc123",
        options={"ocr": "auto"},
    )


@pytest.fixture
def new_run() -> Callable[..., Run]:
    return open_run
