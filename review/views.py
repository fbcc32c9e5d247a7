"""View models of the review screens, exports and CLI: plain frozen data, no ORM objects.

They are built inside a database session by :mod:`review.service` and read after it closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rules.scoring import IndexResult
from store.review_repo import Change, ReviewStatus

# Indonesian labels of the review statuses, shared by screens, exports and CLI.
STATUS_LABELS: dict[ReviewStatus, str] = {
    ReviewStatus.pending: "Belum ditinjau",
    ReviewStatus.confirmed: "Dikonfirmasi",
    ReviewStatus.overridden: "Diubah",
    ReviewStatus.stale: "Perlu ditinjau ulang",
}
# A level the assessor entered where nothing was proposed: set, not changed from a proposal.
MANUAL_DECIDED_LABEL = "Ditetapkan"

# How a file was read (DocumentStatus values), for the documents screen.
EXTRACTION_LABELS: dict[str, str] = {
    "success": "terbaca",
    "partial_success": "terbaca sebagian",
    "failure": "gagal dibaca",
    "skipped": "dilewati",
}

# The level cell of an indicator nothing was proposed for (manual assessment): the assessor enters
# the level. The same word as ``bukti assess`` prints (pipeline.report.level_label), never a 0.
MANUAL_LEVEL = "manual"


@dataclass(frozen=True)
class SubmissionSummary:
    """One line of the submissions list."""

    id: int
    region: str
    year: int
    framework: str
    pack_version: str
    total: int  # indicators of the framework
    reviewed: int  # confirmed or overridden, evidence unchanged since
    stale: int  # decided, but the evidence or pack changed since
    provisional: IndexResult  # from the proposals alone
    confirmed: IndexResult  # decided level where decided, else the proposal
    last_run_at: datetime | None
    pack_outdated: bool  # proposals made with another version of the rule pack
    documents: int  # documents currently in the folder (retired ones aside)
    foreign: int = 0  # documents of another government not counted (no assessor accepted them)

    @property
    def decided(self) -> int:
        """Indicators whose decided level the confirmed index uses (stale decisions still count)."""
        return self.reviewed + self.stale


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator of a submission with its proposal and review state."""

    indicator_id: str
    name: str
    domain: str
    aspect: str
    order: int  # position in the framework
    proposal_id: int | None
    proposed_level: int | None  # None: no proposal (not assessed yet, or manual assessment)
    confidence: float | None
    needs_manual: bool
    status: ReviewStatus
    decided_level: int | None
    decided_by: str | None
    changes: tuple[Change, ...] = ()
    low_confidence: bool = False
    withheld: int = 0  # documents of another government the proposal would have cited, not counted

    @property
    def final_level(self) -> int | None:
        """The decided level where decided, else the proposed one."""
        return self.decided_level if self.decided_level is not None else self.proposed_level

    @property
    def status_label(self) -> str:
        """The review status as shown; a manual indicator's level is "Ditetapkan", not "Diubah"."""
        if self.status is ReviewStatus.overridden and self.needs_manual and self.proposed_level is None:
            return MANUAL_DECIDED_LABEL
        return STATUS_LABELS[self.status]

    @property
    def proposed_label(self) -> str:
        """The proposed level as shown: a number, "manual" (the assessor enters it) or "-"."""
        return _level_label(self.proposed_level, self.needs_manual)

    @property
    def final_label(self) -> str:
        """The level in force as shown: decided, else proposed, else "manual" or "-"."""
        return _level_label(self.final_level, self.needs_manual)

    @property
    def needs_attention(self) -> bool:
        flagged = self.needs_manual or self.low_confidence or bool(self.withheld)
        return flagged or self.status is ReviewStatus.stale


def _level_label(level: int | None, manual: bool) -> str:
    if level is not None:
        return str(level)
    return MANUAL_LEVEL if manual else "-"


@dataclass(frozen=True)
class AspectGroup:
    id: str
    name: str
    provisional_index: float
    confirmed_index: float
    rows: tuple[IndicatorRow, ...]


@dataclass(frozen=True)
class DomainGroup:
    id: str
    name: str
    provisional_index: float
    confirmed_index: float
    aspects: tuple[AspectGroup, ...]


@dataclass(frozen=True)
class SubmissionView:
    summary: SubmissionSummary
    domains: tuple[DomainGroup, ...]

    @property
    def rows(self) -> list[IndicatorRow]:
        return [row for d in self.domains for a in d.aspects for row in a.rows]

    def prioritised(self) -> list[IndicatorRow]:
        """Stale and undecided first; within them needs-manual and low confidence first."""
        return sorted(self.rows, key=_priority)


def _priority(row: IndicatorRow) -> tuple[int, int, float, int]:
    settled = row.status in (ReviewStatus.confirmed, ReviewStatus.overridden)
    flagged = row.needs_attention
    return (int(settled), int(not flagged), row.confidence if row.confidence is not None else -1.0, row.order)


@dataclass(frozen=True)
class CitationView:
    """A cited passage, with what is needed to link to its page."""

    id: int
    document_id: int
    file_name: str
    format: str
    page: int
    quote: str
    matched: str
    location: str | None
    rule_id: str
    criterion: str  # description of the criterion that cited it ("" when unknown)
    ocr_confidence: float | None = None  # 0-100 when the cited text was read by OCR
    ocr_image: bool = False  # the cited text was OCR'd from an image on a text-layer page
    foreign: str | None = None  # "dokumen dari Kabupaten X, diterima penilai ani" for an accepted one
    reason: str = ""  # why it is cited, a sentence (review/citation_text.py)
    weak: str | None = None  # "hanya ditemukan di daftar isi": not a statement of content

    @property
    def label(self) -> str:
        where = f"{self.file_name} hlm. {self.page}"
        where = f"{where}, {self.location}" if self.location else where
        if self.ocr_confidence is not None or self.ocr_image:  # OCR can misread words: say so
            source = "teks OCR dari gambar" if self.ocr_image else "teks OCR"
            sure = f", keyakinan {self.ocr_confidence:.0f}%" if self.ocr_confidence is not None else ""
            where += f" ({source}{sure})"
        return where


@dataclass(frozen=True)
class CriterionView:
    rule_id: str
    level: int
    description: str
    met: bool
    found: tuple[str, ...]
    missing: tuple[str, ...]
    found_text: str = ""  # "unsur A, B" / "istilah “a”, “b”" / "dokumen x.pdf (kebijakan yang ditetapkan)"


@dataclass(frozen=True)
class LevelCriteria:
    level: int
    name: str
    criteria: tuple[CriterionView, ...]

    @property
    def met(self) -> bool:
        return all(c.met for c in self.criteria)


@dataclass(frozen=True)
class DecisionView:
    id: int
    action: str  # confirm | override
    level: int
    reason: str
    user: str
    created_at: datetime
    proposal_id: int | None

    @property
    def action_label(self) -> str:
        return "Konfirmasi" if self.action == "confirm" else "Ubah tingkat"


@dataclass(frozen=True)
class Navigation:
    """Where an indicator sits in its framework, for previous/next on the indicator screen."""

    position: int  # 1-based, framework order
    total: int
    previous: str | None  # indicator ids; None at either end
    next: str | None
    next_open: str | None  # the next one, wrapping, still to review (pending or stale); None: all done


@dataclass(frozen=True)
class PagePreview:
    """The page of the selected citation beside the decision: its image, else its stored text."""

    citation_id: int
    document_id: int
    file_name: str
    page: int
    image_available: bool
    note: str | None  # why only the text is shown
    text: str  # the stored page text
    spans: tuple[tuple[int, int], ...]  # the citation on that text

    @property
    def focus(self) -> float:
        """Where the citation starts in the page text (0 top, 1 bottom): about where it is on the image."""
        if not self.spans or not self.text:
            return 0.0
        return round(self.spans[0][0] / len(self.text), 3)


@dataclass(frozen=True)
class IndicatorView:
    """Everything the indicator screen shows."""

    submission: SubmissionSummary
    row: IndicatorRow
    level_names: dict[int, str]
    levels: tuple[LevelCriteria, ...]
    citations: tuple[CitationView, ...]
    gaps: tuple[str, ...]
    rationale: str
    manual_reason: str | None
    decisions: tuple[DecisionView, ...] = field(default_factory=tuple)
    # Fakta / Analisis / Justifikasi / Rekomendasi as assessors write them; () for older proposals
    guidance: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    withheld: tuple[WithheldView, ...] = field(default_factory=tuple)  # other governments' documents
    navigation: Navigation | None = None
    selected: CitationView | None = None  # the citation whose page is shown (default: the strongest)


@dataclass(frozen=True)
class MetaValue:
    """One identity field of a document as read: the value shown, its page and confidence."""

    text: str
    page: int | None
    confidence: float | None  # 0-1; None when only the column copy is stored
    uncertain: bool  # below review.settings.CHECK_METADATA_BELOW: the assessor should check it

    @property
    def hint(self) -> str:
        """Where the value came from, for a tooltip."""
        where = "halaman asal tidak diketahui" if self.page is None else f"dibaca dari halaman {self.page}"
        sure = f"; keyakinan {self.confidence:.2f}".replace(".", ",") if self.confidence is not None else ""
        return where + sure


@dataclass(frozen=True)
class IssueView:
    message: str
    severity: str  # warning | error
    page: int | None

    @property
    def severity_label(self) -> str:
        return "kesalahan" if self.severity == "error" else "peringatan"


@dataclass(frozen=True)
class AcceptanceView:
    action: str  # accept | revoke
    reason: str
    user: str
    created_at: datetime

    @property
    def action_label(self) -> str:
        return "Diterima" if self.action == "accept" else "Penerimaan dibatalkan"


@dataclass(frozen=True)
class ForeignView:
    """A document of another government: why it is set aside, and whether an assessor accepted it."""

    document_id: int
    sha256: str
    file_name: str
    government: str  # "Kabupaten Badung"
    reference: str  # the submission's, "Kota Denpasar"
    reason: str
    accepted: bool
    pending: bool  # the current proposals do not reflect the acceptance (or its revocation) yet
    history: tuple[AcceptanceView, ...] = ()

    @property
    def decision(self) -> AcceptanceView | None:
        return self.history[-1] if self.history else None

    @property
    def state_label(self) -> str:
        """Indonesian: whether it counts now, and on whose word."""
        last = self.decision
        if self.accepted and last is not None:
            state = f"diterima penilai {last.user}: dihitung sebagai bukti"
            return state + (" mulai penilaian berikutnya" if self.pending else "")
        if self.pending:
            return "tidak dihitung mulai penilaian berikutnya (usulan saat ini masih menghitungnya)"
        return "tidak dihitung sebagai bukti kecuali diterima penilai"

    @property
    def export_text(self) -> str:
        """One line for exports: file, origin and state, with the assessor's reason."""
        last = self.decision
        why = f" Alasan: {last.reason}" if self.accepted and last is not None else ""
        return f"{self.file_name} ({self.government}): {self.state_label}.{why}"


@dataclass(frozen=True)
class WithheldView:
    """A document of another government an indicator's proposal would have cited, not counted."""

    file_name: str
    document_id: int | None  # None when the document is no longer stored for the submission
    reason: str
    level_with: int  # the indicator's level had it been counted
    state: str  # ForeignView.state_label, or the reason when the document is no longer flagged


@dataclass(frozen=True)
class DocumentRow:
    """One document of a submission as bukti read it."""

    id: int
    file_name: str
    format: str
    extraction: str  # DocumentStatus value
    doc_type: MetaValue | None  # text: the Indonesian type name
    number: MetaValue | None
    year: MetaValue | None
    title: MetaValue | None
    status: MetaValue | None  # text: Ditetapkan | Rancangan (None: not applicable or unknown)
    date_set: MetaValue | None
    signer: MetaValue | None
    issuer: MetaValue | None
    region: MetaValue | None
    pages: int  # stored pages: the text bukti read
    ocr_pages: int
    ocr_confidence: float | None  # mean over the OCR pages, 0-100
    empty_pages: int  # pages no text could be obtained from
    issues: tuple[IssueView, ...]
    not_evidence: str | None  # why the pack does not read it as evidence; None: it does
    retired_at: datetime | None = None  # no longer in the folder since
    foreign: ForeignView | None = None  # another government's document (counted only if accepted)

    @property
    def extraction_label(self) -> str:
        return EXTRACTION_LABELS.get(self.extraction, self.extraction)


@dataclass(frozen=True)
class DocumentsView:
    """The documents screen of a submission: current documents first, then retired ones."""

    submission_id: int
    region: str
    year: int
    framework: str
    pack_version: str
    current: tuple[DocumentRow, ...]
    retired: tuple[DocumentRow, ...]
