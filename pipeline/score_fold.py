"""Scoring's fold: a submission's cached match results folded side by side in the workers.

``fold_evidence`` cuts the match keys into batches (``score_batches``), has each folded in a
worker (``pipeline.jobs.fold_job``: every indicator, or only those a rule-pack edit touched,
``pipeline.touched``), each batch's results loaded only when its job starts, and joins the
folds here in order (``rules.fold``): the same fold as one pass over the documents.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine

from core.errors import StorageError
from pipeline.jobs import fold_job
from pipeline.workers import WorkerDied, run_job, worker_count
from rules.fold import EvidenceFold
from rules.schema import RulePack
from store.cache import load_match_payloads
from store.db import session_scope

log = logging.getLogger("bukti.pipeline")

# Match results per scoring job at most: few enough that the batches of all workers are in memory
# at once without growing with the submission (~20-30 kB a result). Each job also costs ~40 ms
# of fixed work (its arguments and fold through the pool's queues, an empty fold, joining), so a
# submission is cut into as few batches as keep every worker busy (``score_batches``): at 1,000
# documents the fold took 0.84-0.90 s in 10 jobs against 1.25-1.38 s in 25 of 40 documents.
SCORE_BATCH = 125


def fold_evidence(engine: Engine, run_id: int, keys: list[str], pack: RulePack, framework: str,
                  only: frozenset[str] | None = None) -> EvidenceFold:
    """The match results under ``keys`` folded in order, for every indicator or those in ``only``:
    batches folded side by side in the workers, each loaded only when its job starts, joined
    here in order."""
    def one(batch: list[str]) -> EvidenceFold:
        with session_scope(engine) as session:
            found = load_match_payloads(session, batch)
        payloads = [_match_payload(found, key) for key in batch]
        try:
            return run_job(fold_job, payloads, framework, pack.content_hash, only)
        except WorkerDied:  # out of memory or killed: fold here rather than lose the run
            log.warning("run=%d scoring worker died; folding %d documents in the flow process", run_id,
                        len(batch))
            return fold_job(payloads, framework, pack.content_hash, only)

    batches = score_batches(keys, max(1, worker_count()))
    fold = EvidenceFold.empty(pack, only)
    with ThreadPoolExecutor(max(1, worker_count()), thread_name_prefix="bukti-score") as threads:
        for part in threads.map(one, batches):  # in order, whichever finishes first
            fold.absorb(part)
    return fold


def score_batches(keys: list[str], workers: int) -> list[list[str]]:
    """``keys`` cut in order into batches of at most ``SCORE_BATCH`` that differ by one at most,
    as many as a multiple of ``workers`` (fewer only when there are fewer keys), so that each
    worker folds about as many documents as the others."""
    if not keys:
        return []
    count = -(-len(keys) // SCORE_BATCH)  # fewest batches within the cap
    count = min(len(keys), -(-count // workers) * workers)  # a multiple of the workers, none empty
    size, larger = divmod(len(keys), count)  # the first ``larger`` batches hold one more
    bounds = [n * size + min(n, larger) for n in range(count + 1)]
    return [keys[start:end] for start, end in itertools.pairwise(bounds)]


def cross_digest(counted: EvidenceFold, withheld: EvidenceFold | None) -> str:
    """Digest of what the folded documents show every indicator beyond its own topic's matches
    (``rules.fold.EvidenceFold.cross``), counted documents then withheld ones."""
    data = [counted.cross, withheld.cross if withheld is not None else []]
    return hashlib.sha256(json.dumps(data).encode("utf-8")).hexdigest()


def _match_payload(found: dict[str, bytes], key: str) -> bytes:
    payload = found.get(key)
    if payload is None:
        raise StorageError(
            "entri cache pencocokan hilang selama penilaian (cache dibersihkan?): jalankan lagi"
        )
    return payload
