"""Re-matching after a rule-pack change in batches of files (the local run's ``process_all``).

After a pack edit every document of a folder is brought up to the new pack from its previous
match result (``rules.rematch``): a few milliseconds of a worker each. Done file by file
(``process_file``), the flow process spent as much again on each file's two transactions and
its round trip to a worker, and was the re-score's bottleneck. Here a batch of files costs one
read transaction (the previous results and their packs' tables), one worker job and one write
transaction. What the batch cannot do goes to ``process_file`` as before: a file without a
previous result it can reuse is matched in full there, and a batch whose job fails is redone
file by file, so that a bad file fails alone with its reason. The Prefect flow keeps one task a
file (``flows/assess.py``).
"""

from __future__ import annotations

import dataclasses
import logging
import time

from core.errors import StorageError
from core.models import DocumentStatus
from pipeline.incremental import (
    Lookup,
    engine_for,
    pack_table_payload,
    process_file,
    with_name_issue,
    work_of,
)
from pipeline.jobs import MatchResult, RematchItem, rematch_batch_job
from pipeline.keys import extraction_key
from pipeline.work import USABLE, DocumentWork, PlannedFile, RunContext
from pipeline.workers import run_job
from store.cache import latest_other_matches, put_matches
from store.db import session_scope

log = logging.getLogger("bukti.pipeline")

# Files per batch: enough that the flow process's share per file is small, few enough that the
# batches still spread over the workers and a batch's payloads (~30 kB a file) stay small.
REMATCH_BATCH = 25


def rematch_candidates(files: list[PlannedFile], lookups: dict[int, Lookup], ctx: RunContext) -> list[int]:
    """Indexes of the files (in order) whose extraction ``look_up`` found cached and usable but
    whose match result under this pack it did not: what a pack change leaves to redo."""
    found = []
    for i, file in enumerate(files):
        lookup = lookups.get(i)
        if (file.refused is not None or file.duplicate_of is not None or not file.sha256 or lookup is None
                or lookup.info is None or lookup.match_cached):
            continue
        info = lookup.info
        if info.key == extraction_key(file.sha256, ctx.extract) and DocumentStatus(info.status) in USABLE:
            found.append(i)
    return found


def in_batches(indexes: list[int], size: int | None = None) -> list[list[int]]:
    """``indexes`` cut into consecutive batches of ``size`` (``REMATCH_BATCH``)."""
    size = size or REMATCH_BATCH
    return [indexes[i:i + size] for i in range(0, len(indexes), size)]


def rematch_batch(files: list[PlannedFile], lookups: list[Lookup], ctx: RunContext) -> list[DocumentWork]:
    """Bring ``files`` (``rematch_candidates``, with their lookups) up to the run's pack, in order."""
    started = time.perf_counter()
    engine = engine_for(ctx.database_url)
    with session_scope(engine) as session:
        previous = latest_other_matches(session, [f.sha256 for f in files], ctx.pack_hash)
        tables = {pack: pack_table_payload(session, pack) for _, pack in previous.values()}
    items: dict[int, RematchItem] = {}
    for n, file in enumerate(files):
        payload, pack = previous.get(file.sha256, (b"", ""))
        before = tables.get(pack)
        info = lookups[n].info
        if payload and before is not None and info is not None:
            items[n] = RematchItem(payload, before, info.content_hash, file.path, file.name)
    try:
        jobs = list(items.values())
        results = run_job(rematch_batch_job, jobs, ctx.framework, ctx.pack_hash) if jobs else []
    except StorageError:
        raise
    except Exception:  # noqa: BLE001 - a worker died or a bug: file by file, each fails alone
        log.exception("re-matching a batch of %d documents failed; redoing them one by one", len(files))
        return [process_file(file, ctx, lookups[n]) for n, file in enumerate(files)]
    matched: dict[int, MatchResult] = {n: r for n, r in zip(items, results, strict=True) if r is not None}
    with session_scope(engine) as session:
        put_matches(session, [(r.key, files[n].sha256, r.payload) for n, r in matched.items()],
                    pack_hash=ctx.pack_hash)
    seconds = round((time.perf_counter() - started) / len(files), 3)
    return [_rematched(file, lookups[n], matched[n], seconds, previous[file.sha256][1]) if n in matched
            else process_file(file, ctx, dataclasses.replace(lookups[n], full_match=True))
            for n, file in enumerate(files)]


def _rematched(file: PlannedFile, lookup: Lookup, result: MatchResult, seconds: float,
               source_pack: str) -> DocumentWork:
    assert lookup.info is not None
    work = work_of(file, lookup.info, result.key, extracted=False, matched=True)
    work = work.model_copy(update={"seconds": seconds, "outcome": with_name_issue(work.outcome, file),
                                   "rematched_from": source_pack})
    log.info("document=%s status=%s pages=%d extracted=False matched=True seconds=%.3f (batch)", file.name,
             work.outcome.status.value, work.outcome.pages, seconds)
    return work
