"""Which cache entries no run will read again, and deleting them (``bukti cache info|prune``).

An entry of ``extraction_cache`` or ``match_cache`` is *prunable* for the first of these reasons:

* ``retired``: its file (sha256) belongs to no live (non-retired) document;
* ``old_version``: an extraction made by another ``EXTRACTOR_VERSION`` (runs only look up the
  current one, so after an upgrade the old entries of live documents are dead weight);
* ``old_pack``: a match made with a rule pack whose hash is not current (not the hash of any
  pack the caller names, normally every shipped pack);
* ``old_key``: a match whose key no live document computes now: made by other ``rules`` code
  (its hash is part of the key, not a column), or for a file name or extraction the document
  no longer has.

What is current comes from the caller (:class:`CurrentState`): the key function lives in
``pipeline.keys``, above this layer. Entries younger than ``grace`` are never pruned, whatever
their state: a run in progress writes entries for files it stores only at its end, and those
look retired until then (``pipeline.cache_housekeeping`` explains the locking). Payloads are
never loaded; sizes are payload lengths.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from store.cache import PACK_MARKERS, ExtractionCacheEntry, MatchCacheEntry
from store.coltypes import utc_now
from store.db import storage_errors
from store.models import Document

DELETE_CHUNK = 500  # keys per DELETE statement: well under every driver's parameter limit
MatchKeyFn = Callable[[str, str, str], str]  # (content hash, file name, pack hash) -> current match key


class PruneReason(StrEnum):
    retired = "retired"
    old_version = "old_version"
    old_pack = "old_pack"
    old_key = "old_key"


@dataclass(frozen=True)
class CurrentState:
    """What a run started now would look up: the caller's extractor version, packs and key function."""

    extractor_version: str
    pack_hashes: frozenset[str]
    match_key: MatchKeyFn
    grace: timedelta = timedelta(hours=24)


@dataclass
class CacheTally:
    """One cache table: entries and payload bytes, and what of it is prunable, by reason."""

    entries: int = 0
    bytes: int = 0
    recent: int = 0  # younger than the grace period: kept whatever their state
    reasons: Counter[str] = field(default_factory=Counter)
    prunable_bytes: int = 0
    keys: list[str] = field(default_factory=list, repr=False)

    @property
    def prunable(self) -> int:
        return len(self.keys)

    def count(self, key: str, size: int, reason: PruneReason | None, recent: bool) -> None:
        self.entries += 1
        self.bytes += size
        if reason is None:
            return
        if recent:
            self.recent += 1
            return
        self.reasons[reason.value] += 1
        self.prunable_bytes += size
        self.keys.append(key)


@dataclass(frozen=True)
class CacheSurvey:
    """Both cache tables, as of one moment; ``cutoff``: entries created after it were kept."""

    extraction: CacheTally
    match: CacheTally
    cutoff: datetime


@storage_errors
def survey_cache(session: Session, state: CurrentState) -> CacheSurvey:
    """Count every entry and find the prunable ones (nothing is deleted)."""
    cutoff = utc_now() - state.grace
    live = set(session.scalars(select(Document.sha256).where(Document.retired_at.is_(None)).distinct()))
    extraction = CacheTally()
    rows = session.execute(select(
        ExtractionCacheEntry.key, ExtractionCacheEntry.sha256, ExtractionCacheEntry.extractor_version,
        ExtractionCacheEntry.created_at, func.length(ExtractionCacheEntry.payload)))
    for key, sha, version, created, size in rows:
        reason = (PruneReason.retired if sha not in live
                  else PruneReason.old_version if version != state.extractor_version else None)
        extraction.count(key, size or 0, reason, created > cutoff)
    current_keys = _current_match_keys(session, state)
    match = CacheTally()
    rows = session.execute(select(
        MatchCacheEntry.key, MatchCacheEntry.sha256, MatchCacheEntry.pack_hash, MatchCacheEntry.created_at,
        func.length(MatchCacheEntry.payload)))
    for key, sha, pack_hash, created, size in rows:
        match.count(key, size or 0, _match_reason(key, sha, pack_hash, live, state, current_keys),
                    created > cutoff)
    return CacheSurvey(extraction=extraction, match=match, cutoff=cutoff)


def _match_reason(key: str, sha: str, pack_hash: str, live: set[str], state: CurrentState,
                  current_keys: set[str]) -> PruneReason | None:
    if sha in PACK_MARKERS:  # a pack version's table and digests (and its runs' evidence): kept while current
        return None if pack_hash in state.pack_hashes else PruneReason.old_pack
    if sha not in live:
        return PruneReason.retired
    if pack_hash not in state.pack_hashes:
        return PruneReason.old_pack
    return None if key in current_keys else PruneReason.old_key


def _current_match_keys(session: Session, state: CurrentState) -> set[str]:
    """The match keys a run would look up now for every live document (any extraction options)."""
    sources = session.execute(
        select(ExtractionCacheEntry.content_hash, Document.name)
        .join(Document, Document.sha256 == ExtractionCacheEntry.sha256)
        .where(Document.retired_at.is_(None),
               ExtractionCacheEntry.extractor_version == state.extractor_version)
        .distinct()
    )
    return {state.match_key(content, name, pack) for content, name in sources for pack in state.pack_hashes}


@storage_errors
def delete_surveyed(session: Session, survey: CacheSurvey) -> tuple[int, int]:
    """Delete the survey's prunable entries; (extractions, matches) deleted.

    The creation-time guard is repeated in the statement: an entry another process deleted
    and wrote again since the survey is kept.
    """
    extractions = _delete_keys(session, ExtractionCacheEntry, survey.extraction.keys, survey.cutoff)
    matches = _delete_keys(session, MatchCacheEntry, survey.match.keys, survey.cutoff)
    return extractions, matches


def _delete_keys(session: Session, table: type[ExtractionCacheEntry] | type[MatchCacheEntry],
                 keys: Iterable[str], cutoff: datetime) -> int:
    chosen = list(keys)
    deleted = 0
    for start in range(0, len(chosen), DELETE_CHUNK):
        result = session.execute(
            delete(table)
            .where(table.key.in_(chosen[start:start + DELETE_CHUNK]), table.created_at <= cutoff)
            .execution_options(synchronize_session=False)
        )
        deleted += result.rowcount or 0  # type: ignore[attr-defined]
    return deleted
