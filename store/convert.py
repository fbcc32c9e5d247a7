"""Conversions between the data contract (core.models) and the ORM rows."""

from __future__ import annotations

from typing import Any

from core.extraction_info import extraction_hash
from core.models import (
    CriterionResult,
    DocumentMetadata,
    DocumentStatus,
    ExtractedDocument,
    Guidance,
    Issue,
    OcrRegion,
    PageText,
    Passage,
    Proposal,
    SourceFile,
    StructureMark,
    TextMethod,
    WithheldDocument,
)
from store.models import Citation, Document, ProposalRow


def apply_source(row: Document, source: SourceFile) -> None:
    """Copy where the file is now (it may have been moved or renamed since last seen)."""
    row.path = source.path
    row.name = source.name
    row.format = source.format
    row.mime_type = source.mime_type
    row.size = source.size


def apply_extraction(row: Document, doc: ExtractedDocument) -> None:
    """Copy the extraction (metadata, structure, issues, status) onto ``row``; pages aside."""
    meta = doc.metadata
    row.status = doc.status.value
    row.doc_metadata = meta.model_dump(mode="json", exclude_none=True)
    row.doc_type = meta.doc_type.value.value if meta.doc_type else None
    row.number = meta.number.value if meta.number else None
    row.year = meta.year.value if meta.year else None
    row.title = meta.title.value if meta.title else None
    row.legal_status = meta.status.value.value if meta.status else None
    row.structure = [mark.model_dump(mode="json") for mark in doc.structure]
    row.issues = [issue.model_dump(mode="json") for issue in doc.issues]
    row.extractor_version = doc.extractor_version
    row.extraction_hash = extraction_hash(doc)
    row.page_count = len(doc.pages)


def page_values(doc: ExtractedDocument, document_id: int) -> list[dict[str, Any]]:
    """``page_rows`` as column values for one bulk INSERT (``store.repository.save_document``)."""
    return [
        {"document_id": document_id, "number": page.number, "text": page.text, "method": page.method.value,
         "ocr_confidence": page.ocr_confidence, "tables": page.tables,
         "ocr_regions": [region.model_dump(mode="json") for region in page.ocr_regions] or None}
        for page in doc.pages
    ]


def to_extracted_document(row: Document) -> ExtractedDocument:
    """Rebuild the ExtractedDocument stored in ``row`` (with its pages)."""
    return ExtractedDocument(
        source=SourceFile(
            path=row.path,
            name=row.name,
            sha256=row.sha256,
            format=row.format,
            mime_type=row.mime_type,
            size=row.size,
        ),
        metadata=DocumentMetadata.model_validate(row.doc_metadata),
        pages=[
            PageText(
                number=page.number,
                text=page.text,
                method=TextMethod(page.method),
                ocr_confidence=page.ocr_confidence,
                tables=page.tables,
                ocr_regions=[OcrRegion.model_validate(region) for region in page.ocr_regions or []],
            )
            for page in row.pages
        ],
        structure=[StructureMark.model_validate(mark) for mark in row.structure],
        issues=[Issue.model_validate(issue) for issue in row.issues],
        status=DocumentStatus(row.status),
        extractor_version=row.extractor_version,
    )


def citation_row(passage: Passage, document: Document) -> Citation:
    """The ``Citation`` row of a cited passage of ``document``."""
    return Citation(
        document=document,
        page=passage.page,
        start=passage.start,
        end=passage.end,
        quote=passage.quote,
        matched=passage.matched,
        rule_id=passage.rule_id,
        location=passage.location,
    )


def proposal_row(proposal: Proposal, citations: list[Citation]) -> ProposalRow:
    """A new proposal row (without run/submission, which the caller sets)."""
    return ProposalRow(
        indicator_id=proposal.indicator_id,
        level=proposal.level,
        confidence=proposal.confidence,
        needs_manual=proposal.needs_manual,
        pack_version=proposal.pack_version,
        pack_hash=proposal.pack_hash,
        rule_ids=list(proposal.rule_ids),
        # a passage's weakness is not stored: the review app reads it from the page (and rows
        # stored before it existed stay equal to fresh ones)
        criteria=[criterion.model_dump(mode="json", exclude={"passages": {"__all__": {"weakness"}}})
                  for criterion in proposal.criteria],
        next_level_missing=list(proposal.next_level_missing),
        document_shas=list(proposal.documents),
        rationale=proposal.rationale,
        guidance=proposal.guidance.model_dump(mode="json") if proposal.guidance else None,
        # None when empty, as proposals stored before migration 0006: equal rows stay equal
        withheld=[w.model_dump(mode="json") for w in proposal.withheld] or None,
        citations=citations,
    )


def to_proposal(row: ProposalRow) -> Proposal:
    """Rebuild the Proposal stored in ``row``; passages name the cited file as last seen."""
    return Proposal(
        framework=row.run.framework,
        pack_version=row.pack_version,
        pack_hash=row.pack_hash,
        indicator_id=row.indicator_id,
        level=row.level,
        confidence=row.confidence,
        needs_manual=row.needs_manual,
        rule_ids=list(row.rule_ids),
        passages=[
            Passage(
                sha256=citation.document.sha256,
                file_name=citation.document.name,
                page=citation.page,
                start=citation.start,
                end=citation.end,
                quote=citation.quote,
                matched=citation.matched,
                rule_id=citation.rule_id,
                location=citation.location,
            )
            for citation in row.citations
        ],
        criteria=[CriterionResult.model_validate(criterion) for criterion in row.criteria],
        next_level_missing=list(row.next_level_missing),
        documents=list(row.document_shas),
        rationale=row.rationale,
        guidance=Guidance.model_validate(row.guidance) if row.guidance else None,
        withheld=[WithheldDocument.model_validate(w) for w in row.withheld or []],
    )
