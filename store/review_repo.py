"""Storage functions of the review app: accounts, and the review state of each indicator.

Staleness is computed on read, never stored: a decision records the proposal it was made on
(``decisions.proposal_id``), and it is stale when the current proposal for the indicator rests
on different evidence (supporting document sha256 set, citations) or a different rule pack
hash. Proposals and decisions are both append-only, so the answer is a pure function of rows
that never change; no pipeline entry point (CLI, Prefect flow, a script) has to remember to
write a flag, and nothing can get out of step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.errors import StorageError
from store.db import storage_errors
from store.decisions import latest_decisions
from store.document_changes import DocumentFacts, describe_document_changes, document_facts
from store.models import Citation, Decision, DecisionAction, ProposalRow
from store.repository import current_proposals
from store.sessions import revoke_user_sessions
from store.users import MIN_PASSWORD_LENGTH, Role, User, dummy_hash, hash_password, verify_password

# --- accounts ----------------------------------------------------------------------------


@storage_errors
def add_user(
    session: Session, name: str, password: str, role: Role | str, regions: Iterable[str] = ()
) -> User:
    """Create an account; non-admins need at least one region."""
    clean = name.strip()
    kind = _role(role)
    wanted = sorted({" ".join(r.split()) for r in regions if r.strip()})
    if not clean:
        raise StorageError("akun memerlukan nama pengguna")
    if get_user(session, clean) is not None:
        raise StorageError(f"pengguna {clean!r} sudah ada: pilih nama lain atau ganti kata sandinya "
                           "(`bukti user passwd`)")
    if kind is not Role.admin and not wanted:
        raise StorageError(
            f"peran {kind.value} memerlukan minimal satu --region (admin melihat semua wilayah)"
        )
    user = User(name=clean, password_hash=_hashed(password), role=kind.value, regions=wanted, active=True)
    session.add(user)
    session.flush()
    return user


@storage_errors
def set_password(session: Session, name: str, password: str) -> User:
    """Replace a user's password; their open sessions end (revoked, and the fingerprint changes)."""
    user = require_user(session, name)
    user.password_hash = _hashed(password)
    session.flush()
    revoke_user_sessions(session, user.id)
    return user


@storage_errors
def get_user(session: Session, name: str) -> User | None:
    """The account called ``name`` (surrounding spaces ignored), or None."""
    return session.scalar(select(User).where(User.name == name.strip()))


def require_user(session: Session, name: str) -> User:
    """The user called ``name``, or a StorageError that says how to create it."""
    user = get_user(session, name)
    if user is None:
        raise StorageError(
            f"pengguna {name!r} tidak ditemukan: buat dengan `bukti user add {name} --role assessor "
            "--region WILAYAH`"
        )
    return user


@storage_errors
def list_users(session: Session) -> list[User]:
    """Every account, by name."""
    return list(session.scalars(select(User).order_by(User.name)))


@storage_errors
def authenticate(session: Session, name: str, password: str) -> User | None:
    """The active user whose name and password match, else None (same work either way)."""
    user = get_user(session, name) if name.strip() else None
    ok = verify_password(password, user.password_hash if user else dummy_hash())
    return user if ok and user is not None and user.active else None


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError as e:
        raise StorageError(f"peran {role!r} tidak dikenal: gunakan admin, assessor atau viewer") from e


def _hashed(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StorageError(f"kata sandi terlalu pendek: gunakan minimal {MIN_PASSWORD_LENGTH} karakter")
    return hash_password(password)


# --- review state ------------------------------------------------------------------------


class ReviewStatus(StrEnum):
    pending = "pending"  # no decision yet
    confirmed = "confirmed"  # the proposed level accepted, evidence unchanged since
    overridden = "overridden"  # another level set with a reason, evidence unchanged since
    stale = "stale"  # decided, but the evidence or rule pack behind the proposal changed since


class ChangeKind(StrEnum):
    pack = "pack"
    documents = "documents"
    citations = "citations"
    level = "level"
    proposal = "proposal"  # a proposal appeared or disappeared


@dataclass(frozen=True)
class Change:
    """One thing that changed since a decision, in words for the assessor (Indonesian)."""

    kind: ChangeKind
    detail: str


@dataclass
class IndicatorState:
    """Current proposal, decision in force and what changed between them for one indicator."""

    indicator_id: str
    proposal: ProposalRow | None
    decision: Decision | None
    changes: list[Change] = field(default_factory=list)

    @property
    def status(self) -> ReviewStatus:
        if self.decision is None:
            return ReviewStatus.pending
        if self.changes:
            return ReviewStatus.stale
        if self.decision.action == DecisionAction.override.value:
            return ReviewStatus.overridden
        return ReviewStatus.confirmed

    @property
    def decided_level(self) -> int | None:
        return self.decision.level if self.decision is not None else None


@storage_errors
def review_states(session: Session, submission_id: int) -> dict[str, IndicatorState]:
    """Review state of every indicator with a proposal or a decision, by indicator id."""
    proposals = {p.indicator_id: p for p in current_proposals(session, submission_id)}
    decisions = latest_decisions(session, submission_id)
    basis = _decision_proposals(session, decisions.values())
    facts = document_facts(session, submission_id)
    states = {}
    for indicator_id in sorted(set(proposals) | set(decisions)):
        proposal, decision = proposals.get(indicator_id), decisions.get(indicator_id)
        changes: list[Change] = []
        if decision is not None:
            changes = compare_proposals(basis.get(decision.proposal_id or -1), proposal, facts)
        states[indicator_id] = IndicatorState(indicator_id, proposal, decision, changes)
    return states


def review_state(session: Session, submission_id: int, indicator_id: str) -> IndicatorState:
    """Review state of one indicator (pending with no proposal when nothing is known)."""
    states = review_states(session, submission_id)
    return states.get(indicator_id) or IndicatorState(indicator_id, None, None)


def _decision_proposals(session: Session, decisions: Iterable[Decision]) -> dict[int, ProposalRow]:
    ids = {d.proposal_id for d in decisions if d.proposal_id is not None}
    if not ids:
        return {}
    query = (
        select(ProposalRow)
        .where(ProposalRow.id.in_(ids))
        .options(selectinload(ProposalRow.citations).selectinload(Citation.document))
    )
    return {row.id: row for row in session.scalars(query)}


def compare_proposals(
    before: ProposalRow | None, after: ProposalRow | None, facts: dict[str, DocumentFacts] | None = None
) -> list[Change]:
    """What changed from the proposal a decision was made on to the current one (empty: nothing)."""
    if before is None and after is None:
        return []
    if before is None:
        return [Change(ChangeKind.proposal, "usulan baru dibuat setelah keputusan ini")]
    if after is None:
        return [Change(ChangeKind.proposal, "indikator ini tidak lagi memiliki usulan")]
    if before.id == after.id:
        return []
    changes = []
    if before.pack_hash != after.pack_hash:
        changes.append(
            Change(
                ChangeKind.pack,
                f"paket aturan berubah: v{before.pack_version} ({before.pack_hash[:8]}) → "
                f"v{after.pack_version} ({after.pack_hash[:8]})",
            )
        )
    changes.extend(Change(ChangeKind.documents, text) for text in
                   describe_document_changes(before.document_shas, after.document_shas, facts or {}))
    changes.extend(_citation_changes(before, after))
    if before.level != after.level:
        changes.append(Change(ChangeKind.level, f"tingkat usulan berubah: {before.level} → {after.level}"))
    return changes


def citation_keys(proposal: ProposalRow) -> set[tuple[str, int, int, int, str]]:
    """What identifies the cited evidence: document content, page, span and rule."""
    return {(c.document.sha256, c.page, c.start, c.end, c.rule_id) for c in proposal.citations}


def _citation_changes(before: ProposalRow, after: ProposalRow) -> list[Change]:
    old, new = citation_keys(before), citation_keys(after)
    if old == new:
        return []
    return [
        Change(
            ChangeKind.citations,
            f"kutipan berubah: {len(new - old)} baru, {len(old - new)} hilang "
            f"(dari {len(old)} menjadi {len(new)})",
        )
    ]
