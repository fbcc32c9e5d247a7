"""The data contract that flows from extractors to rules to storage.

Everything crossing a module boundary is one of these pydantic models; no dicts or
``**kwargs``. Every model round-trips through JSON (tested).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Contract(BaseModel):
    """Base for every contract model: strict keys, JSON-friendly."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class DocumentStatus(StrEnum):
    success = "success"
    partial_success = "partial_success"
    failure = "failure"
    skipped = "skipped"


class TextMethod(StrEnum):
    text_layer = "text_layer"
    ocr = "ocr"
    docx = "docx"
    xlsx = "xlsx"  # spreadsheet cells (also .xls/.ods converted by LibreOffice)
    pptx = "pptx"  # slide and speaker-notes text
    odt = "odt"  # OpenDocument text
    plain = "plain"
    none = "none"  # page kept (numbering) but no text could be obtained; see issues


class DocType(StrEnum):
    peraturan_daerah = "peraturan_daerah"
    peraturan_gubernur = "peraturan_gubernur"
    peraturan_bupati = "peraturan_bupati"
    peraturan_wali_kota = "peraturan_wali_kota"
    peraturan_menteri = "peraturan_menteri"
    peraturan_presiden = "peraturan_presiden"
    peraturan_lembaga = "peraturan_lembaga"
    keputusan = "keputusan"
    surat_edaran = "surat_edaran"
    sop = "sop"
    rencana_induk = "rencana_induk"
    laporan = "laporan"
    notulen_undangan = "notulen_undangan"
    kebijakan_internal = "kebijakan_internal"
    lainnya = "lainnya"


REGULATION_TYPES: frozenset[DocType] = frozenset(
    {
        DocType.peraturan_daerah,
        DocType.peraturan_gubernur,
        DocType.peraturan_bupati,
        DocType.peraturan_wali_kota,
        DocType.peraturan_menteri,
        DocType.peraturan_presiden,
        DocType.peraturan_lembaga,
    }
)


class LegalStatus(StrEnum):
    enacted = "enacted"
    draft = "draft"
    not_applicable = "not_applicable"


class Severity(StrEnum):
    warning = "warning"
    error = "error"


class SourceFile(Contract):
    """Where a document came from: identity by content, not by name."""

    path: str  # path as discovered (absolute or relative to the run root)
    name: str
    sha256: str
    format: str  # a key of extractors.formats.table.FORMATS, e.g. "pdf", "docx"
    mime_type: str
    size: int


class MetaField(Contract, Generic[T]):
    """One metadata value with the page it was read from and how sure we are."""

    value: T
    page: int | None = None
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)


class DocumentMetadata(Contract):
    doc_type: MetaField[DocType] | None = None
    issuer: MetaField[str] | None = None
    region: MetaField[str] | None = None
    number: MetaField[str] | None = None
    year: MetaField[int] | None = None
    title: MetaField[str] | None = None
    status: MetaField[LegalStatus] | None = None
    date_set: MetaField[date] | None = None
    signer: MetaField[str] | None = None


class Issue(Contract):
    """A recorded problem: never a silent failure."""

    code: str  # stable machine code, e.g. "corrupt", "ocr_failed", "no_text"
    message: str  # user-facing, says what to do
    severity: Severity = Severity.warning
    page: int | None = None


class OcrRegion(Contract):
    """Text OCR'd from one image area of a page and appended to the page's text.

    A text-layer page keeps ``method="text_layer"``; ``text[start:end]`` is what OCR read in
    ``box`` (PDF points: left, bottom, right, top), e.g. a signature block pasted as an image.
    """

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    box: tuple[float, float, float, float]
    confidence: float | None = None  # 0-100, Tesseract mean word confidence
    reason: str  # why the area was read, e.g. "signature"


class PageText(Contract):
    """Text of one page, 1-based, with how it was obtained."""

    number: int = Field(ge=1)
    text: str
    method: TextMethod
    ocr_confidence: float | None = None  # 0-100, Tesseract mean word confidence
    tables: list[list[list[str]]] = Field(default_factory=list)
    ocr_regions: list[OcrRegion] = Field(default_factory=list)  # OCR'd image areas appended to text


class StructureKind(StrEnum):
    bab = "bab"
    bagian = "bagian"
    paragraf = "paragraf"
    pasal = "pasal"
    ayat = "ayat"
    diktum = "diktum"
    lampiran = "lampiran"


class StructureMark(Contract):
    """A structural heading (BAB, Pasal, ayat, KESATU...) at a page offset."""

    kind: StructureKind
    label: str  # as it should be cited, e.g. "Pasal 8", "ayat (6)", "KESATU"
    page: int
    offset: int  # character offset in that page's text


class ExtractedDocument(Contract):
    source: SourceFile
    metadata: DocumentMetadata = Field(default_factory=DocumentMetadata)
    pages: list[PageText] = Field(default_factory=list)
    structure: list[StructureMark] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)
    status: DocumentStatus = DocumentStatus.success
    extractor_version: str = ""

    @property
    def text_chars(self) -> int:
        return sum(len(p.text) for p in self.pages)

    def citation_label(self, page: int, offset: int) -> str | None:
        """The Pasal/ayat (or diktum) in force at ``offset`` of ``page``, e.g. "Pasal 8 ayat (6)"."""
        current: dict[StructureKind, str] = {}
        for mark in self.structure:
            if (mark.page, mark.offset) > (page, offset):
                break
            if mark.kind in (StructureKind.pasal, StructureKind.diktum, StructureKind.lampiran):
                current.pop(StructureKind.ayat, None)
                if mark.kind is not StructureKind.lampiran:
                    current.pop(StructureKind.lampiran, None)
                for k in (StructureKind.pasal, StructureKind.diktum):
                    if k is not mark.kind:
                        current.pop(k, None)
            current[mark.kind] = mark.label
        for head in (StructureKind.pasal, StructureKind.diktum):
            if head in current:
                ayat = current.get(StructureKind.ayat)
                return f"{current[head]} {ayat}" if ayat else current[head]
        return current.get(StructureKind.lampiran)


class Passage(Contract):
    """A cited piece of evidence: always with a page."""

    sha256: str
    file_name: str
    page: int = Field(ge=1)
    start: int  # character span in the page text
    end: int
    quote: str  # snippet around the match, as shown to assessors
    matched: str  # the matched words themselves
    rule_id: str
    location: str | None = None  # "Pasal 8 ayat (6)" where the text has one
    # why the passage is not a statement of content ("toc", "problem": rules/citations.py), read
    # from its page when the passage is made; None for content
    weakness: str | None = None


class CriterionResult(Contract):
    """Outcome of one level criterion, for the checklist and gap guidance."""

    rule_id: str
    level: int
    description: str
    met: bool
    found: list[str] = Field(default_factory=list)  # elements found
    missing: list[str] = Field(default_factory=list)  # elements not found
    passages: list[Passage] = Field(default_factory=list)


class Guidance(Contract):
    """Assessor-style explanation of a proposal, in Indonesian (rules/guidance.py).

    ``fakta``: what the evidence shows, with citations; ``analisis``: what the next level's
    criteria require and which elements are missing; ``justifikasi``: the proposed level and
    why; ``rekomendasi``: what to add to reach the next level.
    """

    fakta: str
    analisis: str
    justifikasi: str
    rekomendasi: str


class WithheldDocument(Contract):
    """A document the proposal would have cited but does not count, e.g. another region's.

    ``level_with`` is the level the indicator would get with it; the proposal's own level
    is what the counted evidence supports.
    """

    sha256: str
    file_name: str
    reason: str  # Indonesian, shown to assessors
    level_with: int = Field(ge=0, le=5)


class Proposal(Contract):
    """A proposed maturity level for one indicator, with what justifies it."""

    framework: str
    pack_version: str
    pack_hash: str
    indicator_id: str
    level: int = Field(ge=0, le=5)  # 0 = no evidence found for the indicator
    confidence: float = Field(ge=0.0, le=1.0)
    needs_manual: bool = False  # judged on application capability, not text
    rule_ids: list[str] = Field(default_factory=list)  # rules that fired
    passages: list[Passage] = Field(default_factory=list)
    criteria: list[CriterionResult] = Field(default_factory=list)
    next_level_missing: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)  # sha256 of supporting documents
    rationale: str = ""
    guidance: Guidance | None = None  # Fakta / Analisis / Justifikasi / Rekomendasi
    withheld: list[WithheldDocument] = Field(default_factory=list)  # cited if counted; not counted
