"""Review screens: submissions list, a submission, its documents, an indicator; recording a decision
and accepting a document of another government."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from review.documents import documents_view
from review.errors import DecisionInputError
from review.indicator import indicator_view, page_preview
from review.service import decide, decide_document, submission_summaries, submission_view
from review.settings import MAX_DB_ID
from review.web import CheckedUser, CitationId, CurrentUser, DbId, DbSession, render
from store.users import User

router = APIRouter()
SORTS = ("struktur", "prioritas")


@router.get("/")
def submissions(request: Request, user: CurrentUser, db: DbSession) -> Response:
    """The submissions the user may see, with their indices."""
    return render(request, "submissions.html", {"summaries": submission_summaries(db, user)})


@router.get("/submissions/{submission_id}")
def submission(
    request: Request, submission_id: DbId, user: CurrentUser, db: DbSession, urut: str = "struktur"
) -> Response:
    """One submission's indicators, sorted by structure or another order."""
    view = submission_view(db, submission_id, user)
    sort = urut if urut in SORTS else "struktur"
    return render(request, "submission.html", {"view": view, "sort": sort})


@router.get("/submissions/{submission_id}/documents")
def documents(request: Request, submission_id: DbId, user: CurrentUser, db: DbSession) -> Response:
    """What bukti read from each file: identity, pages, issues, and whether it counts as evidence."""
    view = documents_view(db, submission_id, user)
    return render(request, "documents.html", {"view": view, "error": None, "form": {}})


@router.post("/submissions/{submission_id}/documents/{document_id}/acceptance")
def record_acceptance(
    request: Request,
    submission_id: DbId,
    document_id: DbId,
    user: CheckedUser,
    db: DbSession,
    action: Annotated[str, Form()] = "accept",
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Accept a document of another government as evidence (or revoke that), with a reason."""
    try:
        decide_document(db, submission_id, document_id, user, reason=reason, action=action)
    except DecisionInputError as e:
        view = documents_view(db, submission_id, user)
        form = {"document_id": document_id, "action": action, "reason": reason}
        return render(request, "documents.html", {"view": view, "error": str(e), "form": form}, 400)
    target = request.url_for("documents", submission_id=submission_id)
    return RedirectResponse(f"{target.path}?tersimpan={document_id}#dokumen-{document_id}", status_code=303)


@router.get("/submissions/{submission_id}/indicators/{indicator_id}")
def indicator(
    request: Request,
    submission_id: DbId,
    indicator_id: str,
    user: CurrentUser,
    db: DbSession,
    kutipan: CitationId = None,
) -> Response:
    """One indicator: decision and criteria beside the citations and the page of ``kutipan``."""
    return _indicator_page(request, db, submission_id, indicator_id, user, kutipan)


def _indicator_page(
    request: Request,
    db: Session,
    submission_id: int,
    indicator_id: str,
    user: User,
    kutipan: int | None,
    error: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    view = indicator_view(db, submission_id, indicator_id, user, kutipan)
    preview = page_preview(db, view.submission.id, view.selected, request.app.state.render_limits)
    context = {"view": view, "preview": preview, "error": error, "form": form or {}}
    return render(request, "indicator.html", context, 400 if error else 200)


@router.post("/submissions/{submission_id}/indicators/{indicator_id}/decision")
def record_decision(
    request: Request,
    submission_id: DbId,
    indicator_id: str,
    user: CheckedUser,
    db: DbSession,
    action: Annotated[str, Form()] = "",
    level: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    proposal_id: Annotated[str, Form()] = "",
) -> Response:
    """Confirm or override; a bad form re-renders the indicator with the message (400)."""
    try:
        decide(
            db,
            submission_id,
            indicator_id,
            user,
            action=action,
            level=_int(level, "tingkat"),
            reason=reason,
            proposal_id=_int(proposal_id, "usulan"),
        )
    except DecisionInputError as e:
        form = {"action": action, "level": level, "reason": reason}
        return _indicator_page(request, db, submission_id, indicator_id, user, None, str(e), form)
    target = request.url_for("indicator", submission_id=submission_id, indicator_id=indicator_id)
    return RedirectResponse(f"{target.path}?tersimpan=1", status_code=303)


def _int(raw: str, what: str) -> int | None:
    if not raw.strip():
        return None
    try:
        value = int(raw)
    except ValueError as e:
        raise DecisionInputError(f"{what} harus berupa angka, bukan {raw[:40]!r}") from e
    if not 0 <= value <= MAX_DB_ID:  # past the database's integers: a driver error, not a 400
        raise DecisionInputError(f"{what} {raw[:40]} di luar rentang")
    return value
