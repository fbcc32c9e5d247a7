"""What the review screens, exports and CLI show and do, as typed library functions.

Access rules live here, not in the routes: admins see every region, other users only their
regions, and only admins and assessors decide. Indices come from the rule pack of the
submission's framework: the provisional index from the current proposals alone, the confirmed
index from the decided level where an indicator was decided, else its proposal.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from review.errors import AccessDeniedError, DecisionInputError, NotFoundError
from review.foreign import foreign_documents
from review.packs import get_pack
from review.settings import LOW_CONFIDENCE
from review.views import (
    AspectGroup,
    DecisionView,
    DomainGroup,
    IndicatorRow,
    SubmissionSummary,
    SubmissionView,
)
from rules.schema import RulePack
from rules.scoring import IndexResult, compute_index
from store.acceptances import AcceptanceAction, DocumentAcceptance, add_acceptance
from store.decisions import add_decision, decisions_for, reason_too_long
from store.models import Decision, DecisionAction, Document, ProposalRow, Run, Submission
from store.repository import get_submission, list_submissions
from store.review_repo import IndicatorState, ReviewStatus, review_states
from store.users import User

# --- access ------------------------------------------------------------------------------


def visible_submissions(session: Session, user: User | None) -> list[Submission]:
    """The submissions ``user`` may see (None: the local operator, who sees all), newest year first."""
    return [s for s in list_submissions(session) if user is None or user.can_see(s.region)]


def load_submission(session: Session, submission_id: int, user: User | None) -> Submission:
    """The submission, if it exists and ``user`` may see its region (None: the local operator)."""
    submission = get_submission(session, submission_id)
    if submission is None:
        raise NotFoundError(f"pengajuan {submission_id} tidak ditemukan")
    if user is not None and not user.can_see(submission.region):
        raise AccessDeniedError(f"akun {user.name} tidak memiliki akses ke wilayah {submission.region}")
    return submission


# --- submissions -------------------------------------------------------------------------


def submission_summaries(session: Session, user: User | None) -> list[SubmissionSummary]:
    """One summary per submission visible to ``user``."""
    return [
        build_summary(session, s, review_states(session, s.id)) for s in visible_submissions(session, user)
    ]


def submission_view(session: Session, submission_id: int, user: User | None) -> SubmissionView:
    """A submission's indicators grouped by domain and aspect, with both indices."""
    submission = load_submission(session, submission_id, user)
    states = review_states(session, submission.id)
    summary = build_summary(session, submission, states)
    pack = get_pack(submission.framework)
    rows = indicator_rows(pack, states)
    domains = []
    for domain, d_score, c_score in zip(
        pack.domains, summary.provisional.domains, summary.confirmed.domains, strict=True
    ):
        aspects = tuple(
            AspectGroup(a.id, a.name, a_score.index, c_aspect.index, tuple(rows[i.id] for i in a.indicators))
            for a, a_score, c_aspect in zip(domain.aspects, d_score.aspects, c_score.aspects, strict=True)
        )
        domains.append(DomainGroup(domain.id, domain.name, d_score.index, c_score.index, aspects))
    return SubmissionView(summary=summary, domains=tuple(domains))


def build_summary(
    session: Session, submission: Submission, states: Mapping[str, IndicatorState]
) -> SubmissionSummary:
    """Counts, both indices and run facts of one submission."""
    pack = get_pack(submission.framework)
    known = {i.id for i in pack.indicators()}
    decided = [s for i, s in states.items() if i in known and s.decision is not None]
    return SubmissionSummary(
        id=submission.id,
        region=submission.region,
        year=submission.year,
        framework=submission.framework,
        pack_version=pack.version,
        total=len(known),
        reviewed=sum(1 for s in decided if s.status is not ReviewStatus.stale),
        stale=sum(1 for s in decided if s.status is ReviewStatus.stale),
        provisional=provisional_index(pack, states),
        confirmed=confirmed_index(pack, states),
        last_run_at=session.scalar(
            select(func.max(Run.finished_at)).where(Run.submission_id == submission.id)
        ),
        pack_outdated=any(
            s.proposal is not None and s.proposal.pack_hash != pack.content_hash for s in states.values()
        ),
        documents=session.scalar(
            select(func.count(Document.id)).where(
                Document.submission_id == submission.id, Document.retired_at.is_(None)
            )
        )
        or 0,
        foreign=_set_aside_count(session, submission, pack, states),
    )


def _set_aside_count(
    session: Session, submission: Submission, pack: RulePack, states: Mapping[str, IndicatorState]
) -> int:
    """Documents of another government no assessor accepted (the states hold the current proposals)."""
    proposals = [s.proposal for s in states.values() if s.proposal is not None]
    return sum(1 for f in foreign_documents(session, submission, pack, proposals).values() if not f.accepted)


def provisional_index(pack: RulePack, states: Mapping[str, IndicatorState]) -> IndexResult:
    """The index of the proposals alone (needs-manual indicators count as the minimum)."""
    return compute_index(_proposed_levels(pack, states), pack)


def confirmed_index(pack: RulePack, states: Mapping[str, IndicatorState]) -> IndexResult:
    """The index with each decided level in place of its proposal (stale decisions still count)."""
    levels = _proposed_levels(pack, states)
    known = {i.id for i in pack.indicators()}
    levels.update({i: s.decision.level for i, s in states.items() if i in known and s.decision is not None})
    return compute_index(levels, pack)


def _proposed_levels(pack: RulePack, states: Mapping[str, IndicatorState]) -> dict[str, int]:
    known = {i.id for i in pack.indicators()}
    return {
        i: s.proposal.level
        for i, s in states.items()
        if i in known and s.proposal is not None and not s.proposal.needs_manual
    }


def indicator_rows(pack: RulePack, states: Mapping[str, IndicatorState]) -> dict[str, IndicatorRow]:
    """A row per indicator of ``pack`` (pending with no proposal where nothing was proposed)."""
    rows = {}
    order = 0
    for domain in pack.domains:
        for aspect in domain.aspects:
            for spec in aspect.indicators:
                state = states.get(spec.id) or IndicatorState(spec.id, None, None)
                rows[spec.id] = _row(state, spec.name, domain.name, aspect.name, order, spec.manual)
                order += 1
    return rows


def _row(
    state: IndicatorState, name: str, domain: str, aspect: str, order: int, manual: bool
) -> IndicatorRow:
    proposal, decision = state.proposal, state.decision
    # A needs-manual proposal proposes nothing: its stored level 0 and confidence 0 are placeholders
    # that must not read as "level 0 proposed" (the assessor enters the level).
    proposed = proposal if proposal is not None and not proposal.needs_manual else None
    confidence = proposed.confidence if proposed is not None else None
    return IndicatorRow(
        indicator_id=state.indicator_id,
        name=name,
        domain=domain,
        aspect=aspect,
        order=order,
        proposal_id=proposal.id if proposal is not None else None,
        proposed_level=proposed.level if proposed is not None else None,
        confidence=confidence,
        needs_manual=proposal.needs_manual if proposal is not None else manual,
        status=state.status,
        decided_level=state.decided_level,
        decided_by=decision.user if decision is not None else None,
        changes=tuple(state.changes),
        low_confidence=confidence is not None and confidence < LOW_CONFIDENCE,
        withheld=len(proposal.withheld or []) if proposal is not None else 0,
    )


# --- decisions ---------------------------------------------------------------------------


def decide(
    session: Session,
    submission_id: int,
    indicator_id: str,
    user: User,
    *,
    action: DecisionAction | str,
    level: int | None = None,
    reason: str = "",
    proposal_id: int | None = None,
) -> Decision:
    """Record ``user``'s confirm or override of an indicator.

    ``proposal_id`` is the proposal the user looked at (default: the current one); a decision
    always records it, so later runs can tell whether the evidence behind it changed.
    """
    submission = load_submission(session, submission_id, user)
    if not user.can_decide:
        raise AccessDeniedError(f"akun {user.name} ({user.role}) hanya dapat melihat, tidak dapat memutuskan")
    pack = get_pack(submission.framework)
    if indicator_id not in {i.id for i in pack.indicators()}:
        raise NotFoundError(f"indikator {indicator_id} tidak ada dalam {pack.name}")
    kind = _action(action)
    _check_reason(reason)
    if proposal_id is None:
        state = review_states(session, submission.id).get(indicator_id)
        proposal_id = state.proposal.id if state is not None and state.proposal is not None else None
    if kind is DecisionAction.confirm and proposal_id is None:
        raise DecisionInputError("belum ada usulan untuk dikonfirmasi: gunakan ubah tingkat dengan alasan")
    if kind is DecisionAction.override:
        _check_override(level, reason)
    proposal = _check_proposal(session, proposal_id, submission.id, indicator_id)
    if kind is DecisionAction.confirm and proposal is not None and proposal.needs_manual:
        raise DecisionInputError("tidak ada usulan tingkat untuk dikonfirmasi (penilaian manual): "
                                 "tetapkan tingkat dengan alasan")
    return add_decision(
        session,
        submission.id,
        indicator_id,
        action=kind,
        user=user.name,
        level=level if kind is DecisionAction.override else None,
        reason=reason,
        proposal_id=proposal_id,
    )


def _check_reason(reason: str) -> None:
    """The store refuses it too; here it becomes a form error the assessor can correct."""
    problem = reason_too_long(reason)
    if problem:
        raise DecisionInputError(problem)


def _check_override(level: int | None, reason: str) -> None:
    if level is None or not reason.strip():
        raise DecisionInputError("ubah tingkat memerlukan tingkat baru dan alasan yang wajib diisi")
    if not 0 <= level <= 5:
        raise DecisionInputError(f"tingkat {level} di luar rentang: gunakan 0 sampai 5")


def _check_proposal(
    session: Session, proposal_id: int | None, submission_id: int, indicator_id: str
) -> ProposalRow | None:
    if proposal_id is None:
        return None
    proposal = session.get(ProposalRow, proposal_id)
    if proposal is None or (proposal.submission_id, proposal.indicator_id) != (submission_id, indicator_id):
        raise DecisionInputError(f"usulan {proposal_id} bukan usulan indikator {indicator_id} pengajuan ini")
    return proposal


def _action(action: DecisionAction | str) -> DecisionAction:
    try:
        return DecisionAction(action)
    except ValueError as e:
        raise DecisionInputError(f"tindakan {action!r} tidak dikenal: gunakan confirm atau override") from e


def decide_document(
    session: Session,
    submission_id: int,
    document_id: int,
    user: User,
    *,
    reason: str,
    action: AcceptanceAction | str = AcceptanceAction.accept,
) -> DocumentAcceptance:
    """Record ``user``'s acceptance of a document of another government (or its revocation).

    Only a document flagged as another government's can be accepted, only an accepted one
    revoked, and never without a reason; the next run counts (or sets aside) the document.
    """
    submission = load_submission(session, submission_id, user)
    if not user.can_decide:
        raise AccessDeniedError(f"akun {user.name} ({user.role}) hanya dapat melihat, tidak dapat memutuskan")
    kind = _acceptance_action(action)
    if not reason.strip():
        raise DecisionInputError("menerima dokumen dari wilayah lain memerlukan alasan yang wajib diisi")
    _check_reason(reason)
    flagged = foreign_documents(session, submission, get_pack(submission.framework)).get(document_id)
    if flagged is None:
        document = session.get(Document, document_id)
        if document is None or document.submission_id != submission.id:
            raise NotFoundError(f"dokumen {document_id} tidak ada dalam pengajuan {submission.id}")
        raise DecisionInputError(f"{document.name} tidak ditandai sebagai dokumen wilayah lain: "
                                 "tidak ada yang perlu diterima")
    if kind is AcceptanceAction.accept and flagged.accepted:
        raise DecisionInputError(f"{flagged.file_name} sudah diterima")
    if kind is AcceptanceAction.revoke and not flagged.accepted:
        raise DecisionInputError(f"{flagged.file_name} belum diterima: tidak ada yang dibatalkan")
    return add_acceptance(session, submission.id, document_id, user=user.name, reason=reason, action=kind)


def _acceptance_action(action: AcceptanceAction | str) -> AcceptanceAction:
    try:
        return AcceptanceAction(action)
    except ValueError as e:
        raise DecisionInputError(f"tindakan {action!r} tidak dikenal: gunakan accept atau revoke") from e


def decision_history(session: Session, submission_id: int, indicator_id: str) -> list[DecisionView]:
    """Every decision on an indicator, oldest first; the last one is in force."""
    return [
        DecisionView(d.id, d.action, d.level, d.reason, d.user, d.created_at, d.proposal_id)
        for d in decisions_for(session, submission_id, indicator_id)
    ]
