"""OCR'd image areas of text-layer pages (migration 0005): stored, loaded, migrated both ways."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, inspect, select, text

from core.models import ExtractedDocument, OcrRegion
from store import (
    Document,
    Page,
    current_revision,
    downgrade_database,
    get_engine,
    head_revision,
    save_document,
    session_scope,
    to_extracted_document,
    upgrade_database,
)
from store.models import Run

MakeDoc = Callable[..., ExtractedDocument]
NewRun = Callable[..., Run]
SIGNATURE = "WALI KOTA JAMBI,\nttd\nSYARIF FASHA"


def _with_signature(doc: ExtractedDocument) -> ExtractedDocument:
    """``doc`` with a signature OCR'd from an image appended to its first (text-layer) page."""
    page = doc.pages[0]
    start = len(page.text) + 2
    region = OcrRegion(start=start, end=start + len(SIGNATURE), box=(310.5, 80.0, 520.0, 190.25),
                       confidence=94.6, reason="signature")
    signed = page.model_copy(update={"text": f"{page.text}\n\n{SIGNATURE}", "ocr_regions": [region]})
    return doc.model_copy(update={"pages": [signed, *doc.pages[1:]]})


def _page_columns(url: str) -> set[str]:
    engine = get_engine(url)
    try:
        with engine.connect() as connection:
            return {c["name"] for c in inspect(connection).get_columns("pages")}
    finally:
        engine.dispose()


def test_save_document_round_trips_ocr_regions(
    engine: Engine, new_run: NewRun, make_document: MakeDoc
) -> None:
    doc = _with_signature(make_document("a"))
    region = doc.pages[0].ocr_regions[0]
    assert doc.pages[0].text[region.start:region.end] == SIGNATURE
    with session_scope(engine) as session:
        doc_id = save_document(session, new_run(session), doc).id
    with session_scope(engine) as session:
        loaded = to_extracted_document(session.get_one(Document, doc_id))
        stored = session.execute(select(Page.number, Page.ocr_regions).order_by(Page.number)).all()
    assert loaded == doc
    assert loaded.pages[0].ocr_regions[0].box == (310.5, 80.0, 520.0, 190.25)
    assert stored[0].ocr_regions[0]["reason"] == "signature"
    assert [regions for _, regions in stored[1:]] == [None, None]  # no regions: nothing stored


def test_save_document_rewrites_pages_when_ocr_regions_appear(
    engine: Engine, new_run: NewRun, make_document: MakeDoc
) -> None:
    with session_scope(engine) as session:
        save_document(session, new_run(session), make_document("a"))
        doc_id = save_document(session, new_run(session), _with_signature(make_document("a"))).id
    with session_scope(engine) as session:
        assert to_extracted_document(session.get_one(Document, doc_id)).pages[0].ocr_regions


def test_migration_0005_upgrades_and_downgrades(db_url: str, make_document: MakeDoc, new_run: NewRun) -> None:
    upgrade_database(db_url)
    assert "ocr_regions" in _page_columns(db_url)
    engine = get_engine(db_url)
    with session_scope(engine) as session:
        doc_id = save_document(session, new_run(session), _with_signature(make_document("a"))).id
    engine.dispose()

    downgrade_database(db_url, "0004")
    assert "ocr_regions" not in _page_columns(db_url)
    engine = get_engine(db_url)
    with engine.connect() as connection:  # the pages themselves survive the downgrade
        kept = connection.execute(text("SELECT count(*) FROM pages WHERE document_id = :d"), {"d": doc_id})
        assert kept.scalar_one() == 3
    engine.dispose()

    upgrade_database(db_url)
    engine = get_engine(db_url)
    assert current_revision(engine) == head_revision()
    with session_scope(engine) as session:  # pages stored without the column load with no regions
        loaded = to_extracted_document(session.get_one(Document, doc_id))
        assert [p.ocr_regions for p in loaded.pages] == [[], [], []]
        assert loaded.pages[0].text.endswith(SIGNATURE)
    engine.dispose()
