"""What a partial re-score compares with (``pipeline.touched``): stored in the match cache.

* a pack version's per-indicator digests (``rules.indicator_digest``), once per pack hash,
  like the pack's term table (``store.cache.put_pack_table``);
* per scored evidence fingerprint, a digest of what its documents showed every indicator
  (``rules.fold.EvidenceFold.cross``);
* the previous finished run's fingerprint and pack hash.

Rows whose ``sha256`` is a marker (``store.cache.PACK_MARKERS``) instead of a file's: no schema
change, and the cache pruner keeps them while their pack version is current. A missing row
only means the next re-score scores every indicator.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.cache import EVIDENCE_CROSS, PACK_DIGESTS, RunStats, has_match, load_match_payload, put_match
from store.db import storage_errors
from store.models import Run, RunStatus


def _key(marker: str, name: str) -> str:
    return hashlib.sha256(f"{marker}|{name}".encode()).hexdigest()


@storage_errors
def put_pack_digests(session: Session, pack_hash: str, payload: bytes) -> bool:
    """Store a pack version's digests unless they are there already."""
    key = _key(PACK_DIGESTS, pack_hash)
    if has_match(session, key):
        return False
    return put_match(session, key, sha256=PACK_DIGESTS, pack_hash=pack_hash, payload=payload)


@storage_errors
def load_pack_digests(session: Session, pack_hash: str) -> bytes | None:
    """The stored digests of the rule pack with ``pack_hash``, or None."""
    return load_match_payload(session, _key(PACK_DIGESTS, pack_hash))


@storage_errors
def put_evidence_cross(session: Session, fingerprint: str, pack_hash: str, digest: str) -> bool:
    """Store what the evidence of ``fingerprint`` showed every indicator, unless stored already."""
    key = _key(EVIDENCE_CROSS, fingerprint)
    if has_match(session, key):
        return False
    return put_match(session, key, sha256=EVIDENCE_CROSS, pack_hash=pack_hash, payload=digest.encode("ascii"))


@storage_errors
def load_evidence_cross(session: Session, fingerprint: str) -> str | None:
    """The stored digest for the evidence of ``fingerprint``, or None."""
    payload = load_match_payload(session, _key(EVIDENCE_CROSS, fingerprint))
    return payload.decode("ascii") if payload is not None else None


@storage_errors
def previous_basis(session: Session, submission_id: int) -> tuple[str, str] | None:
    """(evidence fingerprint, pack hash) of the submission's latest finished run, or None
    (the run ``store.cache.last_fingerprint`` reads)."""
    query = (
        select(RunStats.evidence_fingerprint, Run.pack_hash)
        .join(Run, Run.id == RunStats.run_id)
        .where(Run.submission_id == submission_id,
               Run.status.in_([RunStatus.completed.value, RunStatus.partial.value]))
        .order_by(Run.id.desc())
        .limit(1)
    )
    row = session.execute(query).first()
    return (row[0], row[1]) if row is not None else None
