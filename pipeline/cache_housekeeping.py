"""``bukti cache info|prune``: survey the caches and prune them without breaking a run.

How a run uses the caches: it extracts and matches each file *outside* any lock (the work is
content-addressed and idempotent) and then, under its submission's lease (``pipeline.lock``),
stores the documents and scores from the cache entries they point to. An entry deleted in
between fails the run ("... vanished during the run: run again"). So pruning the database:

1. takes, in one transaction, the lease of every existing submission (the lease a run's final
   step takes) and checks that nobody else holds any lease (a run on a new submission takes
   its lease before the submission row exists). If a lease is held, prune **refuses** at once
   with ``CacheBusy`` naming the holder, rather than waiting: a nightly batch takes the leases
   of one submission after another for hours, and the operator gets a clear answer now.
   While prune holds the leases (seconds), a run reaching its final step waits for them
   (``pipeline.lock`` waits up to 10 minutes);
2. never deletes an entry younger than the grace period (24 hours by default, far longer than
   a run): the extraction phase of a run holds no lease and leaves no trace in the database
   but the entries it writes, which look retired until the run stores their documents.

Not covered: a run still in its extraction phase that *hit* an old prunable entry (a file
retired long ago and now back in its folder, or a worker still on the previous bukti version
while prune runs the new one). That run's final step fails with "vanished ... run again" and
stores nothing wrong. Run prune outside the nightly window, after every worker is upgraded.
A lock that runs would hold for their whole duration would close this, at the cost of
changing every run; it was not worth it for a rare, loud, self-healing failure.

Disk caches need no lock: a missing OCR page or eval entry is a cache miss. Unpacked archives
are read by a run's extraction, so they are pruned only when asked, after at least a day unused.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine, select

from core.errors import RulePackError, StorageError
from core.timefmt import format_wib
from extractors.api import EXTRACTOR_VERSION
from extractors.ocr.reader import default_cache_dir as default_ocr_dir
from pipeline.cache_files import (
    FileEntry,
    FileTally,
    archive_cache_dir,
    archive_entries,
    eval_entries,
    ocr_entries,
    remove_entries,
    tally,
)
from pipeline.evaluate import default_cache_dir as default_eval_dir
from pipeline.keys import match_key
from pipeline.lock import DEFAULT_TTL, lock_name, new_holder
from rules.loader import available_packs, load_rule_pack
from store.cache_prune import CacheSurvey, CurrentState, delete_surveyed, survey_cache
from store.db import get_engine, session_scope
from store.engines import writer_engine
from store.locks import Lease, held_leases, release, try_acquire
from store.models import Submission

log = logging.getLogger("bukti.pipeline.cache")

# Cache names in reports (the CLI labels them).
EXTRACTION, MATCH, OCR, EVAL, ARCHIVES = "extraction", "match", "ocr", "eval", "archives"


class CacheBusy(StorageError):
    """A run holds a submission lease: the database caches are not pruned now."""

    code = "cache_busy"


class CacheOptions(BaseModel):
    """What ``bukti cache info|prune`` looks at; CLI flags map onto these one-to-one."""

    model_config = ConfigDict(extra="forbid")

    database_url: str | None = None
    ocr_cache_dir: Path | None = None  # None: <BUKTI_HOME>/ocr-cache
    eval_cache_dir: Path | None = None  # None: <BUKTI_HOME>/eval-cache
    ocr_unused_days: float = Field(default=90, ge=0)  # 0: every OCR page file
    archives_unused_days: float | None = Field(default=None, ge=1)  # None: archives are not pruned
    grace_hours: float = Field(default=24, ge=0)
    packs: list[str] = Field(default_factory=list)  # packs in use besides the shipped ones (names, folders)


@dataclass(frozen=True)
class FileCache:
    """A disk cache with its entries (kept to delete the prunable ones)."""

    tally: FileTally
    entries: list[FileEntry]


@dataclass(frozen=True)
class CacheReport:
    """Every cache: the database tables and the disk caches (OCR pages, eval, archives)."""

    database: CacheSurvey
    files: list[FileCache]


@dataclass(frozen=True)
class Removed:
    """What prune removed (or, in a dry run, would remove) from one cache."""

    cache: str
    entries: int
    bytes: int


def current_state(options: CacheOptions) -> CurrentState:
    """What a run started now looks up: this extractor version, the packs' hashes, this rules code."""
    hashes = set()
    for name in available_packs():
        try:
            hashes.add(load_rule_pack(name).content_hash)
        except RulePackError as e:  # a broken shipped pack cannot run: its matches are not current
            log.warning("rule pack %s does not load, its matches count as stale: %s", name, e)
    hashes.update(load_rule_pack(p).content_hash for p in options.packs)
    return CurrentState(extractor_version=EXTRACTOR_VERSION, pack_hashes=frozenset(hashes),
                        match_key=match_key, grace=timedelta(hours=options.grace_hours))


def cache_report(options: CacheOptions) -> CacheReport:
    """Count every cache's entries and bytes and find the prunable ones (nothing is deleted)."""
    state = current_state(options)
    engine = get_engine(options.database_url)
    try:
        with session_scope(engine) as session:
            survey = survey_cache(session, state)
    finally:
        engine.dispose()
    return CacheReport(database=survey, files=_file_caches(options))


def prune_caches(options: CacheOptions, *, dry_run: bool = False) -> list[Removed]:
    """Delete what ``cache_report`` finds prunable; a dry run only reports it (and takes no lease)."""
    if dry_run:
        report = cache_report(options)
        db = report.database
        return [Removed(EXTRACTION, db.extraction.prunable, db.extraction.prunable_bytes),
                Removed(MATCH, db.match.prunable, db.match.prunable_bytes),
                *(Removed(c.tally.name, c.tally.prunable, c.tally.prunable_bytes) for c in report.files)]
    removed = _prune_database(options)
    for cache in _file_caches(options):
        count, freed = remove_entries(cache.tally.root, cache.entries)
        removed.append(Removed(cache.tally.name, count, freed))
    return removed


def _prune_database(options: CacheOptions) -> list[Removed]:
    state = current_state(options)
    engine = writer_engine(options.database_url)
    try:
        with all_submission_leases(engine), session_scope(engine) as session:
            survey = survey_cache(session, state)
            extractions, matches = delete_surveyed(session, survey)
    finally:
        engine.dispose()
    log.info("cache pruned: extractions=%d matches=%d", extractions, matches)
    # payload bytes as surveyed: the guard in delete_surveyed may keep a few re-created entries
    return [Removed(EXTRACTION, extractions, survey.extraction.prunable_bytes if extractions else 0),
            Removed(MATCH, matches, survey.match.prunable_bytes if matches else 0)]


@contextmanager
def all_submission_leases(engine: Engine) -> Iterator[str]:
    """Hold the lease of every submission, or raise CacheBusy when any lease is held by a run."""
    holder = f"cache-prune:{new_holder()}"
    with session_scope(engine) as session:
        rows = session.execute(select(Submission.framework, Submission.region, Submission.year))
        names = [lock_name(framework, region, year) for framework, region, year in rows]
        for name in names:
            try_acquire(session, name, holder, DEFAULT_TTL)
        others = [lease for lease in held_leases(session) if lease.holder != holder]
        if others:  # raising rolls the transaction back: none of our leases stays taken
            raise CacheBusy(_busy_message(others))
    try:
        yield holder
    finally:
        with session_scope(engine) as session:
            for name in names:
                release(session, name, holder)


def _busy_message(leases: list[Lease]) -> str:
    first = leases[0]
    more = f" and {len(leases) - 1} more" if len(leases) > 1 else ""
    until = format_wib(first.expires_at, "%Y-%m-%d %H:%M:%S")
    return (f"a run (or another prune) is in progress: lease {first.name} is held by {first.holder} until "
            f"{until}{more}; nothing was pruned. Run `bukti cache prune` again when the runs have finished "
            "(a lease of a dead run expires by itself)")


def _file_caches(options: CacheOptions) -> list[FileCache]:
    ocr_root = options.ocr_cache_dir or default_ocr_dir()
    eval_root = options.eval_cache_dir or default_eval_dir()
    archive_root = archive_cache_dir()
    found = [
        (OCR, ocr_root, ocr_entries(ocr_root, options.ocr_unused_days)),
        (EVAL, eval_root, eval_entries(eval_root, EXTRACTOR_VERSION)),
        (ARCHIVES, archive_root, archive_entries(archive_root, options.archives_unused_days)),
    ]
    return [FileCache(tally(name, root, entries), entries) for name, root, entries in found]

