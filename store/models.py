"""ORM tables: submissions, runs, documents, pages, proposals, citations, decisions.

(Accounts, caches, leases and document acceptances have their tables beside the code that uses
them: ``store.users``, ``store.cache``, ``store.locks``, ``store.acceptances``.)

The schema itself is created by the Alembic migrations in ``store/migrations``; a test checks
that these models and the migrations agree. Decisions are append-only, guarded here (ORM
events) and in the database (triggers created by the migration).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, mapped_column, relationship

from core.errors import StorageError
from store.coltypes import JsonType, UtcDateTime

# Deterministic constraint names, so migrations (and SQLite batch mode) can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class RunStatus(StrEnum):
    running = "running"
    completed = "completed"
    partial = "partial"  # finished, but some documents failed or were skipped
    failed = "failed"


class DecisionAction(StrEnum):
    confirm = "confirm"
    override = "override"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UtcDateTime(), dict[str, Any]: JsonType, list[Any]: JsonType}


def _created_at() -> Mapped[datetime]:
    return mapped_column(server_default=func.now())


class Submission(Base):
    """One evidence submission: a region's folder for one year under one framework."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("region", "year", "framework"),)
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    region: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    framework: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = _created_at()

    runs: Mapped[list[Run]] = relationship(back_populates="submission", order_by="Run.id")


class Run(Base):
    """One pass of the pipeline over a submission's folder."""

    __tablename__ = "runs"
    __table_args__ = (
        CheckConstraint("status IN ('running', 'completed', 'partial', 'failed')", name="status"),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    started_at: Mapped[datetime] = _created_at()
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default=RunStatus.running.value)
    framework: Mapped[str] = mapped_column(String(64))
    pack_version: Mapped[str] = mapped_column(String(64))
    pack_hash: Mapped[str] = mapped_column(String(128))
    root: Mapped[str] = mapped_column(Text)
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    documents_ok: Mapped[int] = mapped_column(default=0)
    documents_partial: Mapped[int] = mapped_column(default=0)
    documents_failed: Mapped[int] = mapped_column(default=0)
    documents_skipped: Mapped[int] = mapped_column(default=0)
    pages: Mapped[int] = mapped_column(default=0)
    summary: Mapped[str] = mapped_column(Text, default="")
    # the government documents were compared with (migration 0006); None: nothing was set aside
    reference_region: Mapped[str | None] = mapped_column(String(200))

    submission: Mapped[Submission] = relationship(back_populates="runs")


class Document(Base):
    """One file of a submission, identified by content (sha256), with its latest extraction."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("submission_id", "sha256"),)
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    path: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(32))
    mime_type: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(20))
    # the DocumentMetadata dump; the columns below copy a few fields for filtering and sorting
    doc_metadata: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict)
    doc_type: Mapped[str | None] = mapped_column(String(40))
    number: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int | None]
    title: Mapped[str | None] = mapped_column(Text)
    legal_status: Mapped[str | None] = mapped_column(String(20))
    structure: Mapped[list[Any]] = mapped_column(default=list)
    issues: Mapped[list[Any]] = mapped_column(default=list)
    extractor_version: Mapped[str] = mapped_column(String(64), default="")
    # sha256 of the stored extraction; pages are rewritten only when it changes
    extraction_hash: Mapped[str] = mapped_column(String(64))
    page_count: Mapped[int] = mapped_column(default=0)
    first_seen_run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    last_seen_run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    retired_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = _created_at()
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())

    pages: Mapped[list[Page]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Page.number"
    )
    first_seen_run: Mapped[Run] = relationship(foreign_keys=[first_seen_run_id])
    last_seen_run: Mapped[Run] = relationship(foreign_keys=[last_seen_run_id])


class Page(Base):
    """Text of one page (1-based) and how it was obtained."""

    __tablename__ = "pages"
    __table_args__ = (CheckConstraint("number >= 1", name="number_positive"),)

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(20))
    ocr_confidence: Mapped[float | None] = mapped_column(Float)
    tables: Mapped[list[Any]] = mapped_column(default=list)
    ocr_regions: Mapped[list[Any] | None]  # OcrRegion dumps, None when none (migration 0005)

    document: Mapped[Document] = relationship(back_populates="pages")


class ProposalRow(Base):
    """A proposed level for one indicator from one run; the newest per indicator is current."""

    __tablename__ = "proposals"
    __table_args__ = (
        Index(None, "submission_id", "indicator_id"),
        CheckConstraint("level BETWEEN 0 AND 5", name="level_range"),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence_range"),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    indicator_id: Mapped[str] = mapped_column(String(64))
    level: Mapped[int]
    confidence: Mapped[float] = mapped_column(Float)
    needs_manual: Mapped[bool] = mapped_column(Boolean, default=False)
    pack_version: Mapped[str] = mapped_column(String(64))
    pack_hash: Mapped[str] = mapped_column(String(128))
    rule_ids: Mapped[list[Any]] = mapped_column(default=list)
    criteria: Mapped[list[Any]] = mapped_column(default=list)
    next_level_missing: Mapped[list[Any]] = mapped_column(default=list)
    document_shas: Mapped[list[Any]] = mapped_column(default=list)
    rationale: Mapped[str] = mapped_column(Text, default="")
    guidance: Mapped[dict[str, Any] | None]  # Fakta/Analisis/Justifikasi/Rekomendasi (migration 0004)
    withheld: Mapped[list[Any] | None]  # WithheldDocument dumps, None when none (migration 0006)
    created_at: Mapped[datetime] = _created_at()

    run: Mapped[Run] = relationship()
    citations: Mapped[list[Citation]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Citation.id"
    )


class Citation(Base):
    """A cited passage of a proposal: document, page and character span."""

    __tablename__ = "citations"
    __table_args__ = (CheckConstraint("page >= 1", name="page_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    page: Mapped[int]
    # "start"/"end" are awkward SQL names ("end" is reserved), hence the column names
    start: Mapped[int] = mapped_column("span_start")
    end: Mapped[int] = mapped_column("span_end")
    quote: Mapped[str] = mapped_column(Text)
    matched: Mapped[str] = mapped_column(Text)
    rule_id: Mapped[str] = mapped_column(String(128))
    location: Mapped[str | None] = mapped_column(String(200))

    proposal: Mapped[ProposalRow] = relationship(back_populates="citations")
    document: Mapped[Document] = relationship()


class Decision(Base):
    """An assessor's confirm/override of a level. Append-only: never updated or deleted."""

    __tablename__ = "decisions"
    __table_args__ = (
        Index(None, "submission_id", "indicator_id"),
        CheckConstraint("action IN ('confirm', 'override')", name="action"),
        CheckConstraint("level BETWEEN 0 AND 5", name="level_range"),
        CheckConstraint("action <> 'confirm' OR proposal_id IS NOT NULL", name="confirm_has_proposal"),
        CheckConstraint("action <> 'override' OR length(reason) > 0", name="override_has_reason"),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    indicator_id: Mapped[str] = mapped_column(String(64))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    action: Mapped[str] = mapped_column(String(16))
    level: Mapped[int]
    reason: Mapped[str] = mapped_column(Text, default="")
    # "user" is reserved in PostgreSQL, hence the column name
    user: Mapped[str] = mapped_column("user_name", String(200))
    created_at: Mapped[datetime] = _created_at()

    proposal: Mapped[ProposalRow | None] = relationship()


@event.listens_for(Decision, "before_update")
@event.listens_for(Decision, "before_delete")
def _refuse_decision_change(mapper: Mapper[Decision], connection: Any, target: Decision) -> None:
    raise StorageError(
        f"keputusan {target.id} tidak dapat diubah: keputusan hanya dapat ditambah (append-only); "
        "catat keputusan baru sebagai gantinya"
    )
