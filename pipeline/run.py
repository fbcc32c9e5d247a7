"""An incremental assessment without Prefect: the same steps the flows run, in a thread pool.

The flows (``flows/assess.py``, ``flows/nightly.py``) call the same three steps as Prefect
tasks; this function is what tests, scripts and benchmarks call directly.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from extractors.discovery.archive_folder import DiscoveredDocument
from pipeline.finalize import finalize_run
from pipeline.incremental import (
    Lookup,
    files_to_redo,
    look_up,
    plan_files,
    prepare_database,
    process_file,
    store_pack_table,
)
from pipeline.models import AssessOptions
from pipeline.rematch_batch import in_batches, rematch_batch, rematch_candidates
from pipeline.work import DocumentWork, PlannedFile, RunContext, RunResult
from pipeline.workers import inline_when_small, worker_count
from rules.loader import load_rule_pack

ProgressFn = Callable[[DocumentWork], None]

# Files in flight per worker process. A thread hands its file's job to the pool, waits, then
# stores the result here: with one thread per worker, the worker idled while its thread stored
# and started the next job (commits, the GIL). With two, a job waits queued in the pool
# (at most one result per worker waits in memory); 0.1-0.6 s off a cold run of 30-300 files.
THREADS_PER_WORKER = 2


def run_context(options: AssessOptions) -> RunContext:
    """Load (and so validate) the rule pack, migrate the database, and fix the run's constants."""
    pack = load_rule_pack(options.framework)
    prepare_database(options.database_url)
    store_pack_table(options.database_url, pack)  # what the next pack version re-matches against
    return RunContext(framework=options.framework, pack_hash=pack.content_hash, extract=options.extract,
                      database_url=options.database_url)


def process_all(files: list[PlannedFile], ctx: RunContext, progress: ProgressFn | None = None,
                lookups: dict[int, Lookup] | None = None) -> list[DocumentWork]:
    """``process_file`` over ``files``, two at a time per worker process; files
    a rule-pack change left to re-match go in batches (``pipeline.rematch_batch``).

    Longest files first (:func:`work_order`; results keep the folder's order), with a job
    queued in the pool behind each worker's current one (``THREADS_PER_WORKER``).
    """
    found = lookups or {}
    batches = in_batches(rematch_candidates(files, found, ctx))
    batched = {i for batch in batches for i in batch}

    def one(i: int) -> list[tuple[int, DocumentWork]]:
        return [(i, process_file(files[i], ctx, found.get(i)))]

    def batch(indexes: list[int]) -> list[tuple[int, DocumentWork]]:
        return list(zip(indexes, rematch_batch([files[i] for i in indexes], [found[i] for i in indexes], ctx),
                        strict=True))

    def run(task: Callable[[], list[tuple[int, DocumentWork]]]) -> list[tuple[int, DocumentWork]]:
        done = task()
        for _, work in done:
            if progress:
                progress(work)
        return done

    singles = [i for i in work_order(files, found) if i not in batched]
    tasks = [partial(one, i) for i in singles] + [partial(batch, b) for b in batches]
    in_flight = max(1, THREADS_PER_WORKER * worker_count())
    with ThreadPoolExecutor(in_flight, thread_name_prefix="bukti-doc") as threads:
        done = dict(pair for pairs in threads.map(run, tasks) for pair in pairs)
    return [done[i] for i in range(len(files))]


def work_order(files: list[PlannedFile], lookups: dict[int, Lookup] | None = None) -> list[int]:
    """Indexes of ``files``, the most pages of work first, then the biggest.

    A 236-page regulation started last kept one worker busy for seconds after the other had run
    out of work; by size, the corpus's 20-page scan (0.9 MB) started tenth of eleven scans and
    kept one core idle for ~20 % of the run (docs/benchmarks.md, "Scans: the longest document
    first"). Files the caches hold (``lookups``) are not opened: they are no extraction work.
    """
    def pages(i: int) -> int:
        file, found = files[i], (lookups or {}).get(i)
        cached = found is not None and found.info is not None
        if cached or file.refused or file.duplicate_of or not file.sha256:
            return 0
        # imported when a file is to be extracted: PDFium and Pillow are ~0.02 CPU-s of a re-run's start
        from extractors.workload import estimated_pages

        return estimated_pages(Path(file.read_path), file.size)

    return sorted(range(len(files)), key=lambda i: (-pages(i), -files[i].size))


def assess_incremental(root: Path, options: AssessOptions, progress: ProgressFn | None = None,
                       documents: list[DiscoveredDocument] | None = None) -> RunResult:
    """Assess ``root``, redoing only what changed since earlier runs (see ``pipeline.incremental``);
    ``documents``: its ``plan_documents``, when the caller has just listed them."""
    started = time.perf_counter()
    ctx = run_context(options)
    files = plan_files(root, documents)
    lookups = look_up(files, ctx)
    with inline_when_small(files_to_redo(lookups)):
        works = process_all(files, ctx, progress, lookups)
        return finalize_run(root, works, options, started)  # scoring runs where the jobs ran
