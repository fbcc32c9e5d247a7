"""The nightly inbox: ``<root>/<region>/<year>/...``, one submission folder per region and year."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from core.errors import InputError
from core.settings import get_settings
from pipeline.work import RunResult


class InboxFolder(BaseModel):
    """One submission folder of the inbox."""

    model_config = ConfigDict(extra="forbid")

    region: str
    year: int
    path: str


class SubmissionRun(BaseModel):
    """What the nightly run did for one submission folder."""

    model_config = ConfigDict(extra="forbid")

    region: str
    year: int
    state: str  # the Prefect state name: Completed, Failed (unreadable files, or the run itself failed)
    message: str = ""
    run_id: int | None = None
    documents: int = 0
    pages: int = 0
    failed: int = 0
    extracted: int = 0
    matched: int = 0
    proposals_added: int = 0
    foreign: int = 0  # documents of another government not counted (no assessor accepted them)
    failed_files: list[str] = Field(default_factory=list)
    changes: list[str] = Field(default_factory=list)  # "indicator: old → new" per proposal added

    @classmethod
    def from_result(cls, folder: InboxFolder, state: str, result: RunResult) -> SubmissionRun:
        work = result.work
        return cls(region=folder.region, year=folder.year, state=state, run_id=result.run_id,
                   documents=len(result.documents), pages=result.pages, failed=len(result.failed),
                   extracted=work.extracted, matched=work.matched, proposals_added=work.proposals_added,
                   foreign=sum(1 for f in result.foreign if not f.accepted),
                   failed_files=[d.name for d in result.failed], changes=[str(c) for c in work.changes])


class NightlyResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    root: str
    submissions: list[SubmissionRun] = Field(default_factory=list)
    ignored: list[str] = Field(default_factory=list)  # folders that do not follow the layout

    @property
    def crashed(self) -> list[SubmissionRun]:
        return [s for s in self.submissions if s.run_id is None]

    @property
    def partial(self) -> list[SubmissionRun]:
        return [s for s in self.submissions if s.run_id is not None and s.failed]


def resolve_inbox(root: str | None) -> Path:
    """The inbox root: the parameter, else ``BUKTI_INBOX``."""
    chosen = Path(root) if root else get_settings().inbox
    if chosen is None:
        raise InputError(
            "folder inbox tidak diberikan: isi root=... atau setel BUKTI_INBOX di lingkungan worker"
        )
    if not chosen.is_dir():
        raise InputError(f"inbox {chosen} bukan folder: periksa lokasinya (<root>/<wilayah>/<tahun>/)")
    return chosen


def discover_inbox(root: Path) -> tuple[list[InboxFolder], list[str]]:
    """Submission folders in name order, and the folders that were ignored (with why)."""
    folders: list[InboxFolder] = []
    ignored: list[str] = []
    for region_dir in _subfolders(root):
        for year_dir in _subfolders(region_dir):
            if year_dir.name.isdigit() and len(year_dir.name) == 4:
                year = int(year_dir.name)
                folders.append(InboxFolder(region=region_dir.name, year=year, path=str(year_dir)))
            else:
                ignored.append(f"{year_dir.relative_to(root)}: not a 4-digit year folder")
    return folders, ignored


def _subfolders(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_", "~")))
