"""Content-addressed caches of incremental runs, and per-run work counts (migration 0003).

* ``extraction_cache``: one extracted document per (sha256, extractor version, options), as
  zlib-compressed JSON, plus the small facts a run needs without unpacking it (status, page
  count, the store's extraction hash, the hash the matcher reads, a summary for reports).
* ``match_cache``: one matched document per (content hash, file name, rule-pack hash, rules
  code hash), as an opaque compressed payload (``pipeline.codec`` owns the format).
* ``run_stats``: what a run actually did (extracted, matched, proposals added) and the
  fingerprint of the evidence it scored, so an unchanged folder is recognised next time.

The caches live in the database so that workers on several machines share them. Keys are
computed by the caller (``pipeline.incremental``); this module only stores bytes. Inserts
ignore a key another worker wrote first: both wrote the same content.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.extraction_info import ExtractionInfo
from store.db import storage_errors
from store.insert_once import insert_once
from store.models import Base, Run, RunStatus


class ExtractionCacheEntry(Base):
    """An extracted document, keyed by file content, extractor version and extraction options."""

    __tablename__ = "extraction_cache"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    extractor_version: Mapped[str] = mapped_column(String(64))
    options_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))
    page_count: Mapped[int] = mapped_column(Integer)
    extraction_hash: Mapped[str] = mapped_column(String(64))  # core.extraction_info.extraction_hash
    content_hash: Mapped[str] = mapped_column(String(64))  # what the matcher reads (no path or name)
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class MatchCacheEntry(Base):
    """A document matched against one rule pack (an opaque ``pipeline.codec`` payload)."""

    __tablename__ = "match_cache"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    pack_hash: Mapped[str] = mapped_column(String(128))
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class RunStats(Base):
    """What one run did, beyond the document counts on ``runs``."""

    __tablename__ = "run_stats"

    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    evidence_fingerprint: Mapped[str] = mapped_column(String(64))
    extracted: Mapped[int] = mapped_column(default=0)
    extraction_cached: Mapped[int] = mapped_column(default=0)
    matched: Mapped[int] = mapped_column(default=0)
    match_cached: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    proposals_added: Mapped[int] = mapped_column(default=0)


_IN_CHUNK = 500  # keys per IN (...) query: under SQLite's and PostgreSQL's parameter limits
_INFO_COLUMNS = (
    ExtractionCacheEntry.key,
    ExtractionCacheEntry.sha256,
    ExtractionCacheEntry.status,
    ExtractionCacheEntry.page_count,
    ExtractionCacheEntry.extraction_hash,
    ExtractionCacheEntry.content_hash,
    ExtractionCacheEntry.summary,
)


@storage_errors
def find_extraction(session: Session, key: str) -> ExtractionInfo | None:
    """The cached extraction's facts (the payload stays in the database), or None."""
    row = session.execute(select(*_INFO_COLUMNS).where(ExtractionCacheEntry.key == key)).first()
    return ExtractionInfo(*row) if row is not None else None


@storage_errors
def find_extractions(session: Session, keys: list[str]) -> dict[str, ExtractionInfo]:
    """``find_extraction`` for many keys, by key, in a few queries (a folder's look-up)."""
    found: dict[str, ExtractionInfo] = {}
    for start in range(0, len(keys), _IN_CHUNK):
        chunk = keys[start:start + _IN_CHUNK]
        for row in session.execute(select(*_INFO_COLUMNS).where(ExtractionCacheEntry.key.in_(chunk))):
            found[row[0]] = ExtractionInfo(*row)
    return found


@storage_errors
def load_extraction_payload(session: Session, key: str) -> bytes | None:
    """The stored extraction payload under ``key``, or None when there is none."""
    return session.scalar(select(ExtractionCacheEntry.payload).where(ExtractionCacheEntry.key == key))


@storage_errors
def put_extraction(session: Session, info: ExtractionInfo, *, extractor_version: str, options_hash: str,
                   payload: bytes) -> bool:
    """Store an extraction; False when another worker stored the same key first."""
    return insert_once(session, ExtractionCacheEntry, dict(
        key=info.key, sha256=info.sha256, extractor_version=extractor_version, options_hash=options_hash,
        status=info.status, page_count=info.page_count, extraction_hash=info.extraction_hash,
        content_hash=info.content_hash, summary=dict(info.summary), payload=payload,
    ))


@storage_errors
def has_match(session: Session, key: str) -> bool:
    """Whether a match result is stored under ``key``."""
    return session.scalar(select(func.count()).where(MatchCacheEntry.key == key)) == 1


@storage_errors
def matched_keys(session: Session, keys: list[str]) -> set[str]:
    """Which of ``keys`` have a match result (``has_match`` for many keys, in a few queries)."""
    found: set[str] = set()
    for start in range(0, len(keys), _IN_CHUNK):
        chunk = keys[start:start + _IN_CHUNK]
        found.update(session.scalars(select(MatchCacheEntry.key).where(MatchCacheEntry.key.in_(chunk))))
    return found


@storage_errors
def load_match_payload(session: Session, key: str) -> bytes | None:
    """The stored match result under ``key``, or None when there is none."""
    return session.scalar(select(MatchCacheEntry.payload).where(MatchCacheEntry.key == key))


@storage_errors
def load_match_payloads(session: Session, keys: list[str]) -> dict[str, bytes]:
    """``load_match_payload`` for many keys, by key, in a query per ``_IN_CHUNK`` keys (a missing
    key is absent): a query a document was ~0.4 ms of the flow process each at scoring."""
    found: dict[str, bytes] = {}
    unique = sorted(set(keys))
    for start in range(0, len(unique), _IN_CHUNK):
        chunk = unique[start:start + _IN_CHUNK]
        rows = session.execute(select(MatchCacheEntry.key, MatchCacheEntry.payload)
                               .where(MatchCacheEntry.key.in_(chunk)))
        found.update((key, payload) for key, payload in rows)  # pairs: a Result has keys() of its own
    return found


@storage_errors
def latest_other_match(session: Session, sha256: str, pack_hash: str) -> tuple[bytes, str] | None:
    """(payload, pack hash) of the newest match result of this content under another pack version."""
    row = session.execute(
        select(MatchCacheEntry.payload, MatchCacheEntry.pack_hash)
        .where(MatchCacheEntry.sha256 == sha256, MatchCacheEntry.pack_hash != pack_hash)
        .order_by(MatchCacheEntry.created_at.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row is not None else None


@storage_errors
def latest_other_matches(session: Session, sha256s: list[str],
                         pack_hash: str) -> dict[str, tuple[bytes, str]]:
    """``latest_other_match`` for many contents, by sha256, in a few queries: the newest key of
    each first (no payloads), then only those payloads."""
    newest: dict[str, tuple[str, str]] = {}  # sha256 -> (key, pack hash)
    for start in range(0, len(sha256s), _IN_CHUNK):
        chunk = sha256s[start:start + _IN_CHUNK]
        rows = session.execute(
            select(MatchCacheEntry.sha256, MatchCacheEntry.key, MatchCacheEntry.pack_hash)
            .where(MatchCacheEntry.sha256.in_(chunk), MatchCacheEntry.pack_hash != pack_hash)
            .order_by(MatchCacheEntry.created_at.desc()))
        for sha, key, other in rows:
            newest.setdefault(sha, (key, other))
    wanted = {key: (sha, other) for sha, (key, other) in newest.items()}
    found: dict[str, tuple[bytes, str]] = {}
    keys = sorted(wanted)
    for start in range(0, len(keys), _IN_CHUNK):
        chunk = keys[start:start + _IN_CHUNK]
        for key, payload in session.execute(select(MatchCacheEntry.key, MatchCacheEntry.payload)
                                            .where(MatchCacheEntry.key.in_(chunk))):
            sha, other = wanted[key]
            found[sha] = (payload, other)
    return found


# A pack version's table of what its match keys look for (rules.signatures) lives in the match
# cache too, once per pack: a row whose sha256 is this marker instead of a file's.
PACK_TABLE = "pack-table"
# Likewise a pack version's per-indicator digests, and what a scored evidence fingerprint's
# documents showed every indicator (``store.rescore_basis``): kept, as the table, while their
# pack version is current.
PACK_DIGESTS = "pack-digests"
EVIDENCE_CROSS = "evidence-cross"
PACK_MARKERS = frozenset({PACK_TABLE, PACK_DIGESTS, EVIDENCE_CROSS})


def _pack_table_key(pack_hash: str) -> str:
    return hashlib.sha256(f"{PACK_TABLE}|{pack_hash}".encode()).hexdigest()


@storage_errors
def put_pack_table(session: Session, pack_hash: str, payload: bytes) -> bool:
    """Store a pack version's table unless it is there already."""
    key = _pack_table_key(pack_hash)
    if has_match(session, key):
        return False
    return insert_once(session, MatchCacheEntry, dict(key=key, sha256=PACK_TABLE, pack_hash=pack_hash,
                                                      payload=payload))


@storage_errors
def has_pack_table(session: Session, pack_hash: str) -> bool:
    """Whether the table of the rule pack with ``pack_hash`` is stored."""
    return has_match(session, _pack_table_key(pack_hash))


@storage_errors
def load_pack_table(session: Session, pack_hash: str) -> bytes | None:
    """The stored term-set table of the rule pack with ``pack_hash``, or None."""
    return load_match_payload(session, _pack_table_key(pack_hash))


@storage_errors
def put_match(session: Session, key: str, *, sha256: str, pack_hash: str, payload: bytes) -> bool:
    """Store a match result; False when another worker stored the same key first."""
    return insert_once(session, MatchCacheEntry,
                       dict(key=key, sha256=sha256, pack_hash=pack_hash, payload=payload))


@storage_errors
def put_matches(session: Session, entries: list[tuple[str, str, bytes]], *, pack_hash: str) -> int:
    """``put_match`` for many (key, sha256, payload): keys already stored found in one query, the
    others inserted in one flush; one at a time, as ``put_match``, if another worker stored one
    of them meanwhile. How many were inserted."""
    stored = matched_keys(session, [key for key, _, _ in entries])
    fresh: list[MatchCacheEntry] = []
    for key, sha, payload in entries:
        if key not in stored:  # and once each: two files may hold one text under one name
            stored.add(key)
            fresh.append(MatchCacheEntry(key=key, sha256=sha, pack_hash=pack_hash, payload=payload))
    try:
        with session.begin_nested():
            session.add_all(fresh)
    except IntegrityError:  # a concurrent run stored one of them first
        return sum(put_match(session, e.key, sha256=e.sha256, pack_hash=pack_hash, payload=e.payload)
                   for e in fresh)
    for entry in fresh:
        session.expunge(entry)  # payloads can be large: do not keep them in the identity map
    return len(fresh)


@storage_errors
def save_run_stats(session: Session, stats: RunStats) -> None:
    """Add the work counts of a run (flushed, not committed)."""
    session.add(stats)
    session.flush()


@storage_errors
def last_fingerprint(session: Session, submission_id: int) -> str | None:
    """The evidence fingerprint of the submission's latest finished (completed/partial) run."""
    query = (
        select(RunStats.evidence_fingerprint)
        .join(Run, Run.id == RunStats.run_id)
        .where(Run.submission_id == submission_id,
               Run.status.in_([RunStatus.completed.value, RunStatus.partial.value]))
        .order_by(Run.id.desc())
        .limit(1)
    )
    return session.scalar(query)


