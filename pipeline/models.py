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

    @property
    def failed(self) -> list[DocumentOutcome]:
        return [d for d in self.documents if not d.ok]

    @property
    def pages(self) -> int:
        return sum(d.pages for d in self.documents)
