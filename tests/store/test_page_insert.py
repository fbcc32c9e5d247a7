"""Pages go in with one bulk INSERT per document (``store.convert.page_values``): the same
rows, column for column, as ``Page`` objects through the ORM's unit of work stored."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from core.models import ExtractedDocument, OcrRegion, TextMethod
from store import Document, Page, save_document, session_scope
from store.models import Run

MakeDoc = Callable[..., ExtractedDocument]
NewRun = Callable[..., Run]
COLUMNS = "number, text, method, ocr_confidence, tables, ocr_regions"


def _varied(doc: ExtractedDocument) -> ExtractedDocument:
    """Every kind of page value: OCR regions or none, tables, a confidence or none, OCR'd pages."""
    first, second, *rest = doc.pages
    region = OcrRegion(start=0, end=4, box=(1.5, 2.0, 30.25, 40.0), confidence=88.5, reason="signature")
    return doc.model_copy(update={"pages": [
        first.model_copy(update={"ocr_regions": [region], "tables": [[["a", "b"], ["1", None]]]}),
        second.model_copy(update={"method": TextMethod.ocr, "ocr_confidence": 71.25}),
        *rest]})


def _raw_pages(engine: Engine, document_id: int) -> list[tuple]:
    """The stored column values as the database returns them (JSON as its text, NULL as None)."""
    with engine.connect() as connection:
        cast = "CAST({0} AS TEXT)" if engine.dialect.name == "postgresql" else "{0}"
        columns = ", ".join(cast.format(c) if c in {"tables", "ocr_regions"} else c
                            for c in COLUMNS.split(", "))
        query = text(f"SELECT {columns} FROM pages WHERE document_id = :d ORDER BY number")
        return list(connection.execute(query, {"d": document_id}))


def _orm_pages(session: Session, document_id: int, doc: ExtractedDocument) -> None:
    """What ``save_document`` stored before: one ``Page`` object per page, flushed by the session."""
    for page in doc.pages:
        session.add(Page(document_id=document_id, number=page.number, text=page.text,
                         method=page.method.value, ocr_confidence=page.ocr_confidence, tables=page.tables,
                         ocr_regions=[r.model_dump(mode="json") for r in page.ocr_regions] or None))


def test_bulk_pages_are_the_rows_the_orm_stored(engine: Engine, new_run: NewRun,
                                                make_document: MakeDoc) -> None:
    doc = _varied(make_document("a", pages=4))
    with session_scope(engine) as session:
        run = new_run(session)
        bulk_id = save_document(session, run, doc).id
        other = Document(submission_id=run.submission_id, sha256="f" * 64, first_seen_run=run,
                         last_seen_run=run, path="p", name="n", format="pdf", mime_type="application/pdf",
                         size=1, status="success", extractor_version="1", extraction_hash="h", page_count=4)
        session.add(other)
        session.flush()
        _orm_pages(session, other.id, doc)
        orm_id = other.id
    bulk, orm = _raw_pages(engine, bulk_id), _raw_pages(engine, orm_id)
    assert len(bulk) == 4
    assert bulk == orm
    assert bulk[2][5] == orm[2][5]  # a page without OCR regions: stored the same way (NULL or JSON null)


def test_saved_row_reads_its_bulk_inserted_pages(engine: Engine, new_run: NewRun,
                                                 make_document: MakeDoc) -> None:
    doc = _varied(make_document("b", pages=3))
    with session_scope(engine) as session:
        row = save_document(session, new_run(session), doc)
        assert [(p.number, p.text, p.ocr_confidence) for p in row.pages] == [
            (p.number, p.text, p.ocr_confidence) for p in doc.pages]
    newer = make_document("b", pages=2, extractor_version="2.0")
    with session_scope(engine) as session:
        row = save_document(session, new_run(session), newer)
        assert [p.text for p in row.pages] == [p.text for p in newer.pages]
