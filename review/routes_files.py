"""Cited pages (stored text, rendered image), downloads of the exports, and the app's one script."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from review.exports import ExportFormat, export_submission
from review.pages import citation_spans, cited_indicator, page_source, render_page_png
from review.service import load_submission
from review.web import CitationId, CurrentUser, DbId, DbSession, render

router = APIRouter()
SCRIPT = Path(__file__).resolve().parent / "static" / "review.js"


@router.get("/submissions/{submission_id}/documents/{document_id}/pages/{number}")
def page(
    request: Request,
    submission_id: DbId,
    document_id: DbId,
    number: DbId,
    user: CurrentUser,
    db: DbSession,
    kutipan: CitationId = None,
) -> Response:
    """The page image when the stored file allows, and the stored text with the citation marked."""
    submission = load_submission(db, submission_id, user)
    source = page_source(db, submission.id, document_id, number, request.app.state.render_limits)
    spans = citation_spans(db, document_id, number, kutipan)
    context = {"source": source, "spans": spans, "submission": submission,
               "citation": kutipan if spans else None,
               "indicator": cited_indicator(db, submission.id, kutipan) if spans else None}
    return render(request, "page.html", context)


@router.get("/submissions/{submission_id}/documents/{document_id}/pages/{number}/image.png")
def page_image(
    request: Request,
    submission_id: DbId,
    document_id: DbId,
    number: DbId,
    user: CurrentUser,
    db: DbSession,
    kutipan: CitationId = None,
) -> Response:
    """The page as PNG; with ``kutipan`` (a citation id on this page) its words are boxed."""
    submission = load_submission(db, submission_id, user)
    limits = request.app.state.render_limits
    png = render_page_png(db, submission.id, document_id, number, kutipan, limits=limits)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})


@router.get("/submissions/{submission_id}/export/{fmt}")
def export(submission_id: DbId, fmt: ExportFormat, user: CurrentUser, db: DbSession) -> Response:
    """A submission's review as a download (XLSX, CSV, PDF) or an HTML page."""
    exported = export_submission(db, submission_id, fmt, user)
    disposition = "inline" if fmt is ExportFormat.html else "attachment"
    return Response(
        exported.content,
        media_type=exported.media_type,
        headers={"Content-Disposition": f'{disposition}; filename="{exported.filename}"'},
    )


@router.get("/static/review.js")
def script(user: CurrentUser) -> Response:
    """Keyboard shortcuts and the cited page's scroll (review/static/review.js); logged-in screens only."""
    return Response(
        SCRIPT.read_bytes(),
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300"},
    )
