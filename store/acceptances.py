"""Assessors' acceptances of documents from another government: append-only, newest in force.

A document whose issuer or region is another government's is not counted as evidence until an
assessor accepts it, with a reason (``pipeline.foreign``). Acceptance is recorded per document
content (sha256) of a submission, never changed or deleted: a mistaken acceptance is revoked by
a newer ``revoke`` row, and the whole history stays as the audit trail. Guarded here (ORM
events) and in the database (triggers of migration 0006), as decisions are.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, event, func, select
from sqlalchemy.orm import Mapped, Mapper, Session, mapped_column, relationship

from core.errors import InputError, StorageError
from store.db import storage_errors
from store.decisions import check_reason_length
from store.models import Base, Document, Run


class AcceptanceAction(StrEnum):
    accept = "accept"  # count the document as evidence although it is another government's
    revoke = "revoke"  # withdraw an earlier acceptance: the document is set aside again


class DocumentAcceptance(Base):
    """An assessor's acceptance (or its revocation) of one document of a submission."""

    __tablename__ = "document_acceptances"
    __table_args__ = (
        Index(None, "submission_id", "document_id"),
        CheckConstraint("action IN ('accept', 'revoke')", name="action"),
        CheckConstraint("length(reason) > 0", name="has_reason"),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    sha256: Mapped[str] = mapped_column(String(64))  # the content accepted, as the pipeline knows it
    action: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    user: Mapped[str] = mapped_column("user_name", String(200))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    document: Mapped[Document] = relationship()

    @property
    def accepted(self) -> bool:
        return self.action == AcceptanceAction.accept.value


@event.listens_for(DocumentAcceptance, "before_update")
@event.listens_for(DocumentAcceptance, "before_delete")
def _refuse_change(mapper: Mapper[DocumentAcceptance], connection: Any, target: DocumentAcceptance) -> None:
    raise StorageError(
        f"penerimaan dokumen {target.id} tidak dapat diubah: hanya dapat ditambah (append-only); "
        "catat penerimaan atau pembatalan baru sebagai gantinya"
    )


@storage_errors
def add_acceptance(
    session: Session,
    submission_id: int,
    document_id: int,
    *,
    user: str,
    reason: str,
    action: AcceptanceAction | str = AcceptanceAction.accept,
) -> DocumentAcceptance:
    """Record that ``user`` accepts (or revokes the acceptance of) a document, with a reason."""
    kind = _action(action)
    if not user.strip():
        raise StorageError("penerimaan dokumen memerlukan nama pengguna asesor")
    if not reason.strip():
        raise StorageError("penerimaan dokumen memerlukan alasan")
    check_reason_length(reason)
    document = session.get(Document, document_id)
    if document is None or document.submission_id != submission_id:
        raise StorageError(f"dokumen {document_id} bukan dokumen pengajuan {submission_id}")
    row = DocumentAcceptance(submission_id=submission_id, document_id=document_id, sha256=document.sha256,
                             action=kind.value, reason=reason.strip(), user=user.strip())
    session.add(row)
    session.flush()
    return row


def _action(action: AcceptanceAction | str) -> AcceptanceAction:
    try:
        return AcceptanceAction(action)
    except ValueError as e:
        raise StorageError(f"tindakan {action!r} tidak dikenal: gunakan accept atau revoke") from e


@storage_errors
def acceptances_in_force(session: Session, submission_id: int) -> dict[str, DocumentAcceptance]:
    """The newest acceptance row per document content (sha256) of a submission, accept or revoke."""
    newest = (
        select(func.max(DocumentAcceptance.id))
        .where(DocumentAcceptance.submission_id == submission_id)
        .group_by(DocumentAcceptance.sha256)
    )
    rows = session.scalars(select(DocumentAcceptance).where(DocumentAcceptance.id.in_(newest)))
    return {row.sha256: row for row in rows}


@storage_errors
def accepted_documents(session: Session, submission_id: int) -> dict[str, DocumentAcceptance]:
    """The acceptances in force that accept (revoked ones left out), by document sha256."""
    return {sha: row for sha, row in acceptances_in_force(session, submission_id).items() if row.accepted}


@storage_errors
def acceptance_history(session: Session, submission_id: int, document_id: int) -> list[DocumentAcceptance]:
    """Every acceptance and revocation of one document, oldest first; the last one is in force."""
    query = (
        select(DocumentAcceptance)
        .where(DocumentAcceptance.submission_id == submission_id,
               DocumentAcceptance.document_id == document_id)
        .order_by(DocumentAcceptance.id)
    )
    return list(session.scalars(query))


def submission_document_id(session: Session, submission_id: int, file_name: str) -> int:
    """The id of the submission's current document named ``file_name`` (exactly one)."""
    found = list(
        session.scalars(
            select(Document.id).where(
                Document.submission_id == submission_id,
                Document.name == file_name,
                Document.retired_at.is_(None),
            )
        )
    )
    if len(found) != 1:
        raise InputError(
            f"berkas {file_name!r} tidak ditemukan tepat satu kali dalam pengajuan {submission_id}: "
            "lihat `bukti review documents`"
        )
    return found[0]


def latest_run_root(session: Session, submission_id: int) -> str | None:
    """The folder the submission's latest run read."""
    query = select(Run.root).where(Run.submission_id == submission_id).order_by(Run.id.desc()).limit(1)
    return session.scalar(query)
