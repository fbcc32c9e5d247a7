"""Store a run's proposals where they differ from the submission's current ones.

Proposals are append-only: a run adds a proposal for an indicator only when it differs from
the current one in some stored column or citation (``same_as_stored``), so an unchanged
indicator keeps its history and the decisions made on it stay fresh (``store.review_repo``).
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import Proposal
from pipeline.work import ProposalChange
from store.convert import proposal_row
from store.models import Document, ProposalRow, Run
from store.repository import current_proposals, save_proposals

_BOOKKEEPING_COLUMNS = {"id", "run_id", "submission_id", "created_at"}
_IN_CHUNK = 500  # sha256s per IN query


def save_changed(session: Session, run: Run, proposals: list[Proposal],
                 current: Mapping[str, ProposalRow] | None = None) -> list[ProposalChange]:
    """Add the proposals that differ from the submission's current ones (``current``: those rows
    as a partial re-score's plan read them under this run's lease, else read here); what
    changed, by indicator."""
    if current is None:
        current = {row.indicator_id: row for row in current_proposals(session, run.submission_id)}
    changed = [p for p in proposals if not same_as_stored(p, current.get(p.indicator_id))]
    save_proposals(session, run, changed, _cited_documents(session, run.submission_id, changed))
    return [ProposalChange(indicator_id=p.indicator_id, new_level=p.level,
                           old_level=row.level if (row := current.get(p.indicator_id)) else None)
            for p in changed]


def _cited_documents(session: Session, submission_id: int, proposals: list[Proposal]) -> dict[str, Document]:
    """The submission's documents the proposals cite, by sha256 (not all ~1,000 of them)."""
    cited = sorted({p.sha256 for proposal in proposals for p in proposal.passages})
    found: dict[str, Document] = {}
    for start in range(0, len(cited), _IN_CHUNK):
        found.update((d.sha256, d) for d in session.scalars(select(Document).where(
            Document.submission_id == submission_id, Document.sha256.in_(cited[start:start + _IN_CHUNK]))))
    return found


def same_as_stored(proposal: Proposal, row: ProposalRow | None) -> bool:
    """Whether storing ``proposal`` would repeat ``row``: every stored column and citation equal."""
    if row is None:
        return False
    fresh = proposal_row(proposal, [])  # transient: only compared, never added to a session
    if any(getattr(row, name) != getattr(fresh, name) for name in _stored_columns()):
        return False
    wanted = [(p.sha256, p.page, p.start, p.end, p.quote, p.matched, p.rule_id, p.location)
              for p in proposal.passages]
    stored = [(c.document.sha256, c.page, c.start, c.end, c.quote, c.matched, c.rule_id, c.location)
              for c in row.citations]
    return wanted == stored


def _stored_columns() -> list[str]:
    """Every column of ``proposals`` that describes the proposal (not where or when it was stored)."""
    return [a.key for a in ProposalRow.__mapper__.column_attrs if a.key not in _BOOKKEEPING_COLUMNS]
