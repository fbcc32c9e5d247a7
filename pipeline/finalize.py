"""Finish an incremental run: store documents, score only what changed, retire the rest.

Under the submission's lease (``pipeline.lock``), in short transactions:

1. close runs a dead process left 'running' (``pipeline.recovery``), open the run;
2. store documents, unpacking a cached extraction only when the stored one differs;
3. compare the evidence fingerprint with the previous finished run's: equal means no scoring
   and **no new proposals**. After a rule-pack edit on the same evidence, fold and score only
   the indicators the edit touches (``pipeline.touched``, ``rules.indicator_digest``) and take
   the others' current proposals, stamped with the new pack; otherwise score every indicator
   from cached match results. Either way add a proposal only where it differs from the
   current one (``pipeline.changed_proposals``: unchanged indicators keep their history and
   their decisions stay fresh). Documents of another government are set aside unless an
   assessor accepted them (``pipeline.foreign``); the fingerprint covers which and why;
4. close the run: counts, work totals, and retirement of files that left the folder.

A run that fails part-way is closed as ``failed`` (its proposals never count) and the error
propagates. Memory: one document's pages at a time while storing; scoring folds the compact
match results of the evidence (never the documents' extraction) in batches, side by side in
the workers (``pipeline.score_fold``), each decoding one document at a time.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from core.errors import EmptyFolderError, StorageError
from core.models import DocumentStatus, ExtractedDocument, Proposal, SourceFile
from extractors.api import EXTRACTOR_VERSION
from extractors.discovery.folder import shown_path
from pipeline.changed_proposals import save_changed
from pipeline.codec import decode_document
from pipeline.foreign import Acceptance, find_foreign, reference_for
from pipeline.incremental import engine_for, name_issues, reader_for, run_status
from pipeline.jobs import with_location
from pipeline.lock import DEFAULT_WAIT_SECONDS, HeldLease, lock_name, submission_lock
from pipeline.models import AssessOptions, summarise
from pipeline.recovery import close_interrupted_runs, pause_point
from pipeline.score_ahead import Evidence, Scored, evidence_of, score_ahead
from pipeline.touched import remember
from pipeline.work import DocumentWork, RunResult, RunWork
from rules.loader import load_rule_pack
from rules.schema import RulePack
from rules.scoring import compute_index
from store.acceptances import accepted_documents
from store.cache import (
    RunStats,
    load_extraction_payload,
    save_run_stats,
)
from store.convert import to_proposal
from store.db import session_scope
from store.models import Run, RunStatus
from store.repository import (
    current_proposals,
    finish_run,
    get_or_create_submission,
    reseen_documents,
    save_document,
    start_run,
)

log = logging.getLogger("bukti.pipeline")

DOCUMENT_BATCH = 25  # documents stored per transaction: short write locks (SQLite), lease renewed between
SEEN_BATCH = 250  # documents re-seen per transaction (a few columns each: 1,000 unchanged ones in 4)


def finalize_run(root: Path, works: list[DocumentWork], options: AssessOptions, started: float,
                 *, lock_wait: float | None = None) -> RunResult:
    """Store and score the processed documents of ``root`` as one run of its submission.

    Raises EmptyFolderError, before touching the database, when no file of ``root`` could be
    read and ``options.allow_empty`` is off: an unmounted share must not retire a submission.
    """
    refuse_empty(root, works, options)
    pack = load_rule_pack(options.framework)
    region, year = infer_region_year(root, works, options)
    reference = reference_for(root, works, options, pack)  # pipeline/foreign.py
    engine = engine_for(options.database_url)
    wait = DEFAULT_WAIT_SECONDS if lock_wait is None else lock_wait
    with submission_lock(engine, lock_name(pack.name, region, year), wait_seconds=wait) as lease:
        with session_scope(engine) as session:
            submission = get_or_create_submission(session, region, year, pack.name)
            close_interrupted_runs(session, submission.id, lease.took_over_from)
            run = start_run(session, submission, root=shown_path(root), pack_version=pack.version,
                            pack_hash=pack.content_hash, options=options.model_dump(mode="json"),
                            reference_region=reference.label if reference else None)
            run_id, submission_id = run.id, submission.id
            accepted = {sha: Acceptance(user=row.user, reason=row.reason)
                        for sha, row in accepted_documents(session, submission_id).items()}
        foreign = find_foreign(works, reference, pack, accepted)
        # scoring (its fold in the workers) runs while this process stores the documents
        # (pipeline/score_ahead.py)
        with ThreadPoolExecutor(1, thread_name_prefix="bukti-fold") as ahead:
            try:
                pause_point("finalize")  # tests kill the process here: the run row says 'running'
                evidence = evidence_of(works, pack, foreign)
                scoring = score_ahead(engine, reader_for(options.database_url), run_id, submission_id,
                                      evidence, pack, options.framework, ahead)
                _store_documents(engine, run_id, works, lease)
                lease.renew()
                proposals, work = _score(engine, run_id, submission_id, works, pack, evidence, scoring)
                _close(engine, run_id, works, work)
            except BaseException as e:
                _fail(engine, run_id, e)  # before waiting for a fold still running (it writes nothing)
                raise
    outcomes = [w.outcome for w in works]
    index = compute_index({p.indicator_id: p.level for p in proposals if not p.needs_manual}, pack)
    log.info("run=%d submission=%d extracted=%d matched=%d rescored=%s proposals_added=%d foreign=%d", run_id,
             submission_id, work.extracted, work.matched, work.rescored, work.proposals_added, len(foreign))
    return RunResult(run_id=run_id, submission_id=submission_id, region=region, year=year,
                     framework=pack.name, pack_version=pack.version, documents=outcomes,
                     proposals=proposals, index=index, work=work, document_work=works,
                     elapsed_seconds=time.perf_counter() - started,
                     reference_region=reference.label if reference else None, foreign=foreign)


def refuse_empty(root: Path, works: list[DocumentWork], options: AssessOptions) -> None:
    """Raise EmptyFolderError when no file of ``root`` was read, unless empty runs are allowed."""
    if options.allow_empty or any(w.file.sha256 for w in works):
        return
    found = f"{len(works)} berkas, tidak satu pun terbaca" if works else "tidak ada berkas"
    raise EmptyFolderError(
        f"folder bukti {shown_path(root)} kosong ({found}): periksa lokasinya (share yang belum ter-mount?) "
        "dan izin bacanya; penilaian tidak disimpan agar dokumen pengajuan ini tidak dianggap ditarik. "
        "Bila semua dokumen memang ditarik, jalankan lagi dengan --allow-empty"
    )


def infer_region_year(root: Path, works: Iterable[DocumentWork], options: AssessOptions) -> tuple[str, int]:
    """Like ``pipeline.assess.infer_submission``: options, then ``<region>/<year>``, then documents."""
    region, year = options.region, options.year
    if year is None and root.name.isdigit() and len(root.name) == 4:
        year, region = int(root.name), region or root.parent.name
    usable = [w for w in works if w.file.duplicate_of is None]
    if region is None:
        regions = Counter(w.region for w in usable if w.region)
        region = max(regions, key=lambda r: regions[r]) if regions else root.name
    if year is None:
        years = Counter(w.year for w in usable if w.year)
        year = max(years, key=lambda y: (years[y], y)) if years else time.localtime().tm_year
    return region, year


def _store_documents(engine: Engine, run_id: int, works: list[DocumentWork], lease: HeldLease) -> None:
    """Re-see the documents the store already holds unchanged, ``SEEN_BATCH`` per transaction
    (a few columns each), and store the others ``DOCUMENT_BATCH`` per transaction (their pages)."""
    todo = [w for w in works if w.file.sha256 and w.file.duplicate_of is None]
    for start in range(0, len(todo), SEEN_BATCH):
        window = todo[start:start + SEEN_BATCH]
        with session_scope(engine) as session:
            seen = reseen_documents(session, session.get_one(Run, run_id), {
                w.file.sha256: (w.extraction_hash or "", w.file.path, w.file.name) for w in window},
                EXTRACTOR_VERSION)
            fresh = [w for w in window if w.file.sha256 not in seen]
        lease.renew()
        for first in range(0, len(fresh), DOCUMENT_BATCH):
            batch = fresh[first:first + DOCUMENT_BATCH]
            with session_scope(engine) as session:
                run = session.get_one(Run, run_id)
                for work in batch:
                    _store_document(session, run, work)
            lease.renew()


def _store_document(session: Session, run: Run, work: DocumentWork) -> None:
    saved = save_document(session, run, _document(session, work))
    session.expire(saved, ["pages"])  # let the page texts go: one document in memory at a time


def _document(session: Session, work: DocumentWork) -> ExtractedDocument:
    payload = load_extraction_payload(session, work.extraction_key) if work.extraction_key else None
    if payload is not None:
        doc = with_location(decode_document(payload), work.file.path, work.file.name)
        issues = name_issues(work.file)
        if not issues:
            return doc
        status = DocumentStatus.partial_success if doc.status is DocumentStatus.success else doc.status
        return doc.model_copy(update={"issues": [*doc.issues, *issues], "status": status})
    if work.extraction_key:  # without this check the document would be stored as failed, silently
        raise StorageError(f"extraction cache entry {work.extraction_key[:12]} of {work.file.name} vanished "
                           "during the run (cache pruned?): run again")
    outcome = work.outcome  # failed outside the extractor: nothing cached, record the failure
    source = SourceFile(path=work.file.path, name=work.file.name, sha256=work.file.sha256,
                        format=outcome.format or "unknown", mime_type="application/octet-stream",
                        size=work.file.size)
    return ExtractedDocument(source=source, issues=outcome.issues, status=DocumentStatus.failure,
                             extractor_version=EXTRACTOR_VERSION)


def _score(engine: Engine, run_id: int, submission_id: int, works: list[DocumentWork], pack: RulePack,
           evidence: Evidence, scoring: Future[Scored] | None) -> tuple[list[Proposal], RunWork]:
    """The run's proposals, folded and scored beside the storing of its documents
    (``pipeline.score_ahead``; after a rule-pack edit on the same evidence, of the indicators
    the edit touches only, ``pipeline.touched``), the changed ones saved; the current
    proposals when the evidence is the same as the previous run's (``scoring`` None)."""
    work = RunWork.count(works).model_copy(update={"fingerprint": evidence.fingerprint})
    if scoring is None:
        with session_scope(engine) as session:
            return [to_proposal(row) for row in current_proposals(session, submission_id)], work
    proposals, cross, partial = scoring.result()
    with session_scope(engine) as session:
        changes = save_changed(session, session.get_one(Run, run_id), proposals,
                               partial.rows if partial is not None else None)
        remember(session, pack, evidence.fingerprint, cross)
    scored = len(partial.touched) if partial is not None else None
    unfolded = len(partial.unmatched) if partial is not None else 0
    log.info("run=%d scored %s of %d indicators", run_id, "all" if scored is None else scored,
             len(pack.indicators()))
    return proposals, work.model_copy(update={"rescored": True, "proposals_added": len(changes),
                                              "changes": changes, "indicators_scored": scored,
                                              "indicators_unfolded": unfolded})


def _close(engine: Engine, run_id: int, works: list[DocumentWork], work: RunWork) -> None:
    with session_scope(engine) as session:
        run = session.get_one(Run, run_id)
        save_run_stats(session, RunStats(
            run_id=run_id, evidence_fingerprint=work.fingerprint, extracted=work.extracted,
            extraction_cached=work.extraction_cached, matched=work.matched, match_cached=work.match_cached,
            failed=work.failed, proposals_added=work.proposals_added))
        finish_run(session, run, run_status(works), summarise([w.outcome for w in works]))


def _fail(engine: Engine, run_id: int, error: BaseException) -> None:
    try:
        with session_scope(engine) as session:
            run = session.get_one(Run, run_id)
            finish_run(session, run, RunStatus.failed, f"failed: {type(error).__name__}: {error}",
                       retire_missing=False)
    except Exception:  # noqa: BLE001 - the original error matters more; the run stays 'running'
        log.exception("run=%d could not be marked failed", run_id)
