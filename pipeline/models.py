"""Options and results of an assessment run."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from core.models import DocumentStatus, ExtractedDocument, Issue, Proposal
from core.settings import ExtractOptions
from rules.scoring import IndexResult


class AssessOptions(BaseModel):
    """What one assessment run is asked to do; CLI flags and flow parameters map onto it."""

    model_config = ConfigDict(extra="forbid")

    framework: str = "spbe-2020"
    region: str | None = None  # None: from the <region>/<year> layout or the documents
    year: int | None = None
    database_url: str | None = None  # None: BUKTI_DATABASE_URL or the SQLite default
    extract: ExtractOptions = Field(default_factory=ExtractOptions)
    # A folder with no readable file retires every document of the submission: only on purpose.
    allow_empty: bool = False


class DocumentOutcome(BaseModel):
    """What happened to one file of the folder."""

    model_config = ConfigDict(extra="forbid")

    path: str
    name: str
    sha256: str
    format: str
    status: DocumentStatus
    pages: int
    doc_type: str | None = None
    title: str | None = None
    legal_status: str | None = None
    issuer: str | None = None
    issues: list[Issue] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status is not DocumentStatus.failure

    @classmethod
    def from_document(cls, doc: ExtractedDocument) -> DocumentOutcome:
        meta = doc.metadata
        return cls(
            path=doc.source.path, name=doc.source.name, sha256=doc.source.sha256, format=doc.source.format,
            status=doc.status, pages=len(doc.pages),
            doc_type=meta.doc_type.value.value if meta.doc_type else None,
            title=meta.title.value if meta.title else None,
            legal_status=meta.status.value.value if meta.status else None,
            issuer=meta.issuer.value if meta.issuer else None,
            issues=doc.issues,
        )


class ForeignDocument(BaseModel):
    """A document whose issuer or region is another government's than the submission's.

    Not counted as evidence unless an assessor accepted it (``accepted_by``, with a reason).
    """

    model_config = ConfigDict(extra="forbid")

    path: str
    name: str
    sha256: str
    government: str  # as read from the document, e.g. "Kabupaten Badung"
    reference: str  # the submission's, e.g. "Kota Denpasar"
    reason: str  # Indonesian: why it is not counted unless accepted
    accepted_by: str | None = None
    accepted_reason: str | None = None

    @property
    def accepted(self) -> bool:
        return self.accepted_by is not None

    @property
    def state(self) -> str:
        """Indonesian, for reports: whether it counts, and on whose word."""
        if self.accepted:
            return f"diterima penilai {self.accepted_by} ({self.accepted_reason}): dihitung sebagai bukti"
        return "tidak dihitung sebagai bukti kecuali diterima penilai"


class AssessmentResult(BaseModel):
    """What a run stored: documents, proposals and the provisional index."""

    model_config = ConfigDict(extra="forbid")

    run_id: int
    submission_id: int
    region: str
    year: int
    framework: str
    pack_version: str
    documents: list[DocumentOutcome]
    proposals: list[Proposal]
    index: IndexResult
    elapsed_seconds: float
    reference_region: str | None = None  # what documents were compared with; None: nothing
    foreign: list[ForeignDocument] = Field(default_factory=list)  # from other governments

    @property
    def failed(self) -> list[DocumentOutcome]:
        return [d for d in self.documents if not d.ok]

    @property
    def pages(self) -> int:
        return sum(d.pages for d in self.documents)


def summarise(outcomes: list[DocumentOutcome]) -> str:
    """'12 dokumen: 10 berhasil, 1 sebagian, 1 gagal' — the line every batch ends with."""
    counts = {s: sum(1 for o in outcomes if o.status is s) for s in DocumentStatus}
    parts = [
        f"{counts[DocumentStatus.success]} berhasil",
        f"{counts[DocumentStatus.partial_success]} sebagian",
        f"{counts[DocumentStatus.failure]} gagal",
    ]
    if counts[DocumentStatus.skipped]:
        parts.append(f"{counts[DocumentStatus.skipped]} dilewati")
    return f"{len(outcomes)} dokumen: " + ", ".join(parts)
