"""Documents from another government on the review screens and exports: flags and their state.

The latest finished run records the government it compared documents with
(``runs.reference_region``); a current document of the submission that would count as evidence
but names only other governments is *foreign* (``rules.regions``, the same comparison the run
made, from the same stored metadata). It is not counted unless an assessor accepts it, with a
reason (``review.service.decide_document``; ``store.acceptances``, append-only). Acceptance
takes effect at the next run; until then the document is marked as waiting, judged from the
current proposals themselves: an accepted document still withheld by one of them, or a
set-aside one still counted by one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from review.views import AcceptanceView, ForeignView
from rules.doc_classes import non_evidence_class
from rules.regions import Government, Relation, document_relation, foreign_reason, parse_government
from rules.schema import RulePack
from store.acceptances import DocumentAcceptance, acceptance_history, acceptances_in_force
from store.models import Document, ProposalRow, Run, RunStatus, Submission
from store.repository import current_proposals, documents_for

_FINISHED = (RunStatus.completed.value, RunStatus.partial.value)
_USABLE = ("success", "partial_success")


def reference_of(session: Session, submission_id: int) -> Government | None:
    """The government the latest finished run compared documents with (None: nothing compared)."""
    label = session.scalar(
        select(Run.reference_region)
        .where(Run.submission_id == submission_id, Run.status.in_(_FINISHED))
        .order_by(Run.id.desc())
        .limit(1)
    )
    return parse_government(label, bare=True) if label else None


def foreign_documents(
    session: Session, submission: Submission, pack: RulePack, proposals: Iterable[ProposalRow] | None = None
) -> dict[int, ForeignView]:
    """The submission's current documents of another government, by document id.

    ``proposals``: the current proposals when the caller has them already (else they are read).
    """
    reference = reference_of(session, submission.id)
    if reference is None:
        return {}
    in_force = acceptances_in_force(session, submission.id)
    current = list(proposals) if proposals is not None else current_proposals(session, submission.id)
    found = {}
    for document in documents_for(session, submission.id):
        government = _foreign_government(document, reference, pack)
        if government is None:
            continue
        acceptance = in_force.get(document.sha256)
        accepted = acceptance is not None and acceptance.accepted
        found[document.id] = ForeignView(
            document_id=document.id, sha256=document.sha256, file_name=document.name,
            government=government.label, reference=reference.label,
            reason=foreign_reason(government, reference), accepted=accepted,
            pending=_pending(document.sha256, accepted, current),
            history=_history(session, submission.id, document.id) if acceptance is not None else (),
        )
    return found


def _foreign_government(document: Document, reference: Government, pack: RulePack) -> Government | None:
    if document.status not in _USABLE:
        return None
    stored = document.doc_metadata or {}
    issuer, region = _value(stored, "issuer"), _value(stored, "region")
    if non_evidence_class(document.doc_type, document.legal_status, document.title, pack, issuer) is not None:
        return None  # the pack sets it aside already (a national reference): one reason is enough
    relation, government = document_relation(reference, issuer, region)
    return government if relation is Relation.different else None


def _value(stored: Mapping[str, Any], key: str) -> str | None:
    raw = stored.get(key)
    value = raw.get("value") if isinstance(raw, dict) else None
    return str(value) if value not in (None, "") else None


def _pending(sha256: str, accepted: bool, proposals: Iterable[ProposalRow]) -> bool:
    for proposal in proposals:
        withheld = {str(w.get("sha256")) for w in proposal.withheld or []}
        counted = set(proposal.document_shas) | {c.document.sha256 for c in proposal.citations}
        if (accepted and sha256 in withheld) or (not accepted and sha256 in counted):
            return True
    return False


def _history(session: Session, submission_id: int, document_id: int) -> tuple[AcceptanceView, ...]:
    return tuple(_view(row) for row in acceptance_history(session, submission_id, document_id))


def _view(row: DocumentAcceptance) -> AcceptanceView:
    return AcceptanceView(row.action, row.reason, row.user, row.created_at)
