"""Assessor decisions: append-only confirm/override records per (submission, indicator).

The newest decision for an indicator is the one in force; older ones stay as the audit trail.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.errors import StorageError
from core.settings import get_settings
from store.db import storage_errors
from store.models import Decision, DecisionAction, ProposalRow, Submission


@storage_errors
def add_decision(
    session: Session,
    submission_id: int,
    indicator_id: str,
    *,
    action: DecisionAction | str,
    user: str,
    level: int | None = None,
    reason: str = "",
    proposal_id: int | None = None,
) -> Decision:
    """Record an assessor's decision.

    ``confirm`` accepts a proposal (``proposal_id`` required; ``level`` defaults to and must
    equal the proposed level). ``override`` sets another ``level`` and needs a ``reason``.
    """
    kind = _action(action)
    if not user.strip():
        raise StorageError("keputusan memerlukan nama pengguna asesor")
    check_reason_length(reason)
    if session.get(Submission, submission_id) is None:
        raise StorageError(f"pengajuan {submission_id} tidak ada; lihat `bukti review list`")
    proposal = _proposal(session, proposal_id, submission_id, indicator_id)
    if kind is DecisionAction.confirm:
        level = _confirmed_level(proposal, level)
    elif level is None or not reason.strip():
        raise StorageError("perubahan tingkat memerlukan tingkat baru dan alasannya")
    if not 0 <= level <= 5:
        raise StorageError(f"tingkat {level} di luar rentang: gunakan 0 sampai 5")
    decision = Decision(
        submission_id=submission_id,
        indicator_id=indicator_id,
        proposal_id=proposal_id,
        action=kind.value,
        level=level,
        reason=reason.strip(),
        user=user.strip(),
    )
    session.add(decision)
    session.flush()
    return decision


def reason_too_long(reason: str) -> str | None:
    """Why ``reason`` is too long to record (Indonesian), or None; BUKTI_MAX_REASON_CHARS sets the limit."""
    limit, length = get_settings().max_reason_chars, len(reason.strip())
    if length <= limit:
        return None
    return (f"alasan terlalu panjang ({_dotted(length)} karakter; maksimum {_dotted(limit)}): "
            "ringkas alasannya dan sebutkan dokumen pendukungnya alih-alih menyalin isinya")


def check_reason_length(reason: str) -> None:
    """StorageError when ``reason`` is over the limit: the append-only log would keep it for ever."""
    problem = reason_too_long(reason)
    if problem:
        raise StorageError(problem)


def _dotted(number: int) -> str:
    return f"{number:,}".replace(",", ".")  # Indonesian thousands separator


def _action(action: DecisionAction | str) -> DecisionAction:
    try:
        return DecisionAction(action)
    except ValueError as e:
        raise StorageError(
            f"tindakan keputusan {action!r} tidak dikenal: gunakan confirm atau override"
        ) from e


def _proposal(
    session: Session, proposal_id: int | None, submission_id: int, indicator_id: str
) -> ProposalRow | None:
    if proposal_id is None:
        return None
    proposal = session.get(ProposalRow, proposal_id)
    if proposal is None:
        raise StorageError(f"usulan {proposal_id} tidak ada")
    if (proposal.submission_id, proposal.indicator_id) != (submission_id, indicator_id):
        raise StorageError(
            f"usulan {proposal_id} milik pengajuan {proposal.submission_id}, indikator "
            f"{proposal.indicator_id}, bukan pengajuan {submission_id}, indikator {indicator_id}"
        )
    return proposal


def _confirmed_level(proposal: ProposalRow | None, level: int | None) -> int:
    if proposal is None:
        raise StorageError("konfirmasi memerlukan usulan yang dikonfirmasi (proposal_id)")
    if level is not None and level != proposal.level:
        raise StorageError(
            f"konfirmasi mempertahankan tingkat usulan {proposal.level}, bukan {level}: gunakan override "
            "untuk mengubahnya"
        )
    return proposal.level


@storage_errors
def decisions_for(session: Session, submission_id: int, indicator_id: str) -> list[Decision]:
    """All decisions on one indicator, oldest first; the last one is in force."""
    query = (
        select(Decision)
        .where(Decision.submission_id == submission_id, Decision.indicator_id == indicator_id)
        .order_by(Decision.id)
    )
    return list(session.scalars(query))


@storage_errors
def latest_decisions(session: Session, submission_id: int) -> dict[str, Decision]:
    """The decision in force per indicator id for one submission."""
    newest = (
        select(func.max(Decision.id))
        .where(Decision.submission_id == submission_id)
        .group_by(Decision.indicator_id)
    )
    rows = session.scalars(select(Decision).where(Decision.id.in_(newest)))
    return {decision.indicator_id: decision for decision in rows}
