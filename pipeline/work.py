"""Models of an incremental run: planned files, what happened to each, and the run's totals."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from core.models import DocumentStatus
from core.settings import ExtractOptions
from extractors.discovery.folder import disk_path
from pipeline.models import AssessmentResult, DocumentOutcome

USABLE = (DocumentStatus.success, DocumentStatus.partial_success)


class PlannedFile(BaseModel):
    """A file of the folder, hashed; ``duplicate_of`` names the earlier file with the same content."""

    model_config = ConfigDict(extra="forbid")

    # Paths and names as ``extractors.discovery.folder.shown_path`` spells them: storable, printable text.
    path: str  # as stored: the file, or "<archive>!/<member>" for a member of a ZIP
    name: str
    sha256: str  # "" when the file could not be read
    size: int
    duplicate_of: str | None = None
    disk_path: str | None = None  # where an archive member was unpacked; None: ``path`` itself
    refused: str | None = None  # why the file is not read at all (a link leaving the evidence folder)
    undecodable_name: bool = False  # the name on disk is not valid UTF-8: ``path`` spells it escaped

    @property
    def read_path(self) -> str:
        """The file on disk to extract (its real, possibly undecodable, name)."""
        return str(disk_path(self.disk_path or self.path))


class RunContext(BaseModel):
    """The per-run constants every document task needs."""

    model_config = ConfigDict(extra="forbid")

    framework: str
    pack_hash: str
    extract: ExtractOptions
    database_url: str | None = None


class CachedSummary(BaseModel):
    """What a run needs of a cached extraction without unpacking it."""

    model_config = ConfigDict(extra="forbid")

    outcome: DocumentOutcome
    region: str | None = None
    year: int | None = None


class DocumentWork(BaseModel):
    """What one document task did: the outcome, the cache keys, and whether work was redone."""

    model_config = ConfigDict(extra="forbid")

    file: PlannedFile
    outcome: DocumentOutcome
    extraction_key: str = ""  # "" when nothing was cached (unreadable file, crashed worker)
    extraction_hash: str = ""
    match_key: str | None = None  # set for usable, non-duplicate documents
    extracted: bool = False  # extraction ran in this run (else: cache hit or nothing to do)
    matched: bool = False  # matching ran in this run
    # the pack hash of the match result this run re-keyed the document's from (``rules.rematch``:
    # every key's hits those of a key there, no added phrase can match); "": matched in full or cached
    rematched_from: str = ""
    region: str | None = None
    year: int | None = None
    seconds: float = 0.0

    @property
    def usable(self) -> bool:
        return self.outcome.status in USABLE and self.file.duplicate_of is None


class ProposalChange(BaseModel):
    """An indicator whose proposal a run changed: its level before (None: first proposal) and now.
    Equal levels mean the citations or confidence changed."""

    model_config = ConfigDict(extra="forbid")

    indicator_id: str
    old_level: int | None
    new_level: int

    def __str__(self) -> str:
        old = "-" if self.old_level is None else self.old_level
        return f"{self.indicator_id}: {old} → {self.new_level}"


class RunWork(BaseModel):
    """Totals of a run: how much was redone, and whether proposals were re-scored."""

    model_config = ConfigDict(extra="forbid")

    extracted: int = 0
    extraction_cached: int = 0
    matched: int = 0
    match_cached: int = 0
    failed: int = 0
    proposals_added: int = 0
    rescored: bool = False  # False: the evidence fingerprint equals the last run's, nothing scored
    fingerprint: str = ""
    indicators_scored: int | None = None  # after a pack edit, those it touched (pipeline.touched); None: all
    indicators_unfolded: int = 0  # touched by added phrases that matched no document: proposals kept
    changes: list[ProposalChange] = Field(default_factory=list)  # the proposals added, by indicator

    @classmethod
    def count(cls, works: list[DocumentWork]) -> RunWork:
        cached = [w for w in works if w.extraction_key and not w.extracted]
        return cls(
            extracted=sum(w.extracted for w in works),
            extraction_cached=len(cached),
            matched=sum(w.matched for w in works),
            match_cached=sum(1 for w in works if w.match_key and not w.matched),
            failed=sum(1 for w in works if not w.outcome.ok),
        )


class RunResult(AssessmentResult):
    """An assessment result plus what the run redid (for artifacts, logs and tests)."""

    work: RunWork = Field(default_factory=RunWork)
    document_work: list[DocumentWork] = Field(default_factory=list)
