"""The exportable review of a submission: one :class:`Report` every export format is built from.

Per indicator: the level in force (decided, else proposed), the review status, the proposal's
explanation, the decision (who, when, why), the evidence with page citations and the documents
of another government it did not count (or counts because an assessor accepted them). Per
submission: the documents assessed, every document of another government and its state, and the
accounts whose decisions are in force (the assessment team of the signature block).

The format writers (``review.exports`` for XLSX/CSV/HTML, ``review.export_pdf``) import this
module and never each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from core.models import WithheldDocument
from core.timefmt import to_wib
from review.documents import documents_view
from review.foreign import foreign_documents
from review.packs import get_pack
from review.service import load_submission, submission_view
from review.views import DocumentRow, ForeignView, IndicatorRow, SubmissionView
from store.coltypes import utc_now
from store.models import Decision, ProposalRow
from store.review_repo import IndicatorState, review_states
from store.users import User

FOREIGN_COLUMNS = ("Berkas", "Dokumen dari", "Wilayah pengajuan", "Status", "Riwayat penerimaan")
@dataclass(frozen=True)
class ReportLine:
    """One indicator of the exported sheet."""

    row: IndicatorRow
    justification: str  # the proposal's explanation (Fakta / Analisis / Justifikasi)
    evidence: tuple[str, ...]  # "file hlm. N, Pasal X", unique, in citation order
    gaps: tuple[str, ...]
    # documents of another government: withheld from this proposal, or cited once accepted
    foreign: tuple[str, ...] = ()
    decision_reason: str = ""  # the reason of the decision in force ("" for a plain confirm)
    decided_at: datetime | None = None  # when the decision in force was made (aware UTC)
    cited: tuple[tuple[int, int], ...] = ()  # (document id, page), unique, in citation order


@dataclass(frozen=True)
class Report:
    view: SubmissionView
    lines: tuple[ReportLine, ...]
    generated_at: datetime
    foreign: tuple[ForeignView, ...] = ()  # every current document of another government
    documents: tuple[DocumentRow, ...] = ()  # the documents assessed (current ones, folder order)
    deciders: tuple[str, ...] = ()  # accounts whose decisions are in force, first decision first

    @staticmethod
    def foreign_values(view: ForeignView) -> list[str]:
        """The cells of one document of another government, in ``FOREIGN_COLUMNS`` order."""
        history = "\n".join(
            f"{to_wib(a.created_at):%d-%m-%Y %H:%M} WIB {a.user}: {a.action_label} — {a.reason}"
            for a in view.history
        )
        return [view.file_name, view.government, view.reference, view.state_label, history]

    def document_numbers(self) -> dict[int, int]:
        """Document id -> its 1-based number in the list of documents assessed."""
        return {doc.id: number for number, doc in enumerate(self.documents, start=1)}


def build_report(session: Session, submission_id: int, user: User | None) -> Report:
    """The exportable review of a submission (``user`` None: the local operator)."""
    submission = load_submission(session, submission_id, user)
    view = submission_view(session, submission.id, user)
    states = review_states(session, submission.id)
    foreign = foreign_documents(session, submission, get_pack(submission.framework))
    by_sha = {f.sha256: f for f in foreign.values()}
    lines = tuple(_line(row, states.get(row.indicator_id), by_sha) for row in view.rows)
    ordered = tuple(sorted(foreign.values(), key=lambda f: f.file_name))
    documents = documents_view(session, submission.id, user).current
    return Report(view=view, lines=lines, generated_at=utc_now(), foreign=ordered,
                  documents=documents, deciders=_deciders(states.values()))


def _deciders(states: Iterable[IndicatorState]) -> tuple[str, ...]:
    """Who made the decisions in force, each once, in the order they first decided."""
    decisions: list[Decision] = [s.decision for s in states if s.decision is not None]
    return tuple(dict.fromkeys(d.user for d in sorted(decisions, key=lambda d: d.id)))


def _justification(proposal: ProposalRow | None) -> str:
    """Fakta / Analisis / Justifikasi as assessors write them; the rationale for older proposals."""
    if proposal is None:
        return ""
    guidance = proposal.guidance or {}
    parts = [
        f"{label}: {guidance[key]}"
        for key, label in (("fakta", "Fakta"), ("analisis", "Analisis"), ("justifikasi", "Justifikasi"))
        if guidance.get(key)
    ]
    return "\n".join(parts) if parts else proposal.rationale


def _foreign_notes(proposal: ProposalRow | None, foreign: dict[str, ForeignView]) -> tuple[str, ...]:
    """Documents of another government for one indicator: those its proposal withheld (with the
    level they would give) and accepted ones it cites."""
    if proposal is None:
        return ()
    notes = []
    for raw in proposal.withheld or []:
        withheld = WithheldDocument.model_validate(raw)
        view = foreign.get(withheld.sha256)
        state = view.state_label if view is not None else withheld.reason
        notes.append(f"{withheld.file_name}: {state}; tingkat bila dihitung {withheld.level_with}")
    cited = dict.fromkeys(c.document.sha256 for c in proposal.citations)
    # cited: accepted, or still counted by a proposal made before it was set aside (until the next run)
    notes += [foreign[sha].export_text for sha in cited if sha in foreign]
    return tuple(notes)


def _line(row: IndicatorRow, state: IndicatorState | None, foreign: dict[str, ForeignView]) -> ReportLine:
    proposal = state.proposal if state else None
    decision = state.decision if state else None
    evidence: dict[str, None] = {}
    cited: dict[tuple[int, int], None] = {}
    for citation in proposal.citations if proposal is not None else []:
        label = f"{citation.document.name} hlm. {citation.page}"
        evidence[f"{label}, {citation.location}" if citation.location else label] = None
        cited[(citation.document_id, citation.page)] = None
    gaps = tuple(proposal.next_level_missing) if proposal is not None else ()
    return ReportLine(
        row=row,
        justification=_justification(proposal),
        evidence=tuple(evidence),
        gaps=gaps,
        foreign=_foreign_notes(proposal, foreign),
        decision_reason=decision.reason if decision is not None else "",
        decided_at=decision.created_at if decision is not None else None,
        cited=tuple(cited),
    )

