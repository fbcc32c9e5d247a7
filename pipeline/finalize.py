"""Finish an incremental run: store documents, score only when the evidence changed, retire the rest.

Under the submission's lease (``pipeline.lock``), in short transactions:

1. close runs a dead process left 'running' (``pipeline.recovery``), open the run;
2. store documents, unpacking a cached extraction only when the stored one differs;
3. compare the evidence fingerprint with the previous finished run's: equal means no scoring
   and **no new proposals**; otherwise score from cached match results and add a proposal
   only where it differs from the current one (so unchanged indicators keep their history
   and their decisions stay fresh). Documents of another government are set aside unless an
   assessor accepted them (``pipeline.foreign``); the fingerprint covers which and why;
4. close the run: counts, work totals, and retirement of files that left the folder.

A run that fails part-way is closed as ``failed`` (its proposals never count) and the error
propagates. Memory: one document's pages at a time while storing; scoring folds the compact
match results of the evidence (never the documents' extraction) in batches, side by side in
the workers (``pipeline.jobs.fold_job``), each decoding one document at a time, and joins the
folds in order here (``rules.fold``).
"""

from __future__ import annotations

import itertools
import logging
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from core.errors import EmptyFolderError, StorageError
from core.models import DocumentStatus, ExtractedDocument, Proposal, SourceFile
from extractors.api import EXTRACTOR_VERSION
from extractors.discovery.folder import shown_path
from pipeline.codec import decode_document
from pipeline.foreign import Acceptance, find_foreign, reference_for, score_evidence, withheld_keys
from pipeline.incremental import engine_for, name_issues, reader_for, run_status
from pipeline.jobs import fold_job, with_location
from pipeline.keys import evidence_fingerprint
from pipeline.lock import DEFAULT_WAIT_SECONDS, HeldLease, lock_name, submission_lock
from pipeline.models import AssessOptions, ForeignDocument, summarise
from pipeline.recovery import close_interrupted_runs, pause_point
from pipeline.work import DocumentWork, ProposalChange, RunResult, RunWork
from pipeline.workers import WorkerDied, run_job, worker_count
from rules.fold import EvidenceFold
from rules.loader import load_rule_pack
from rules.schema import RulePack
from rules.scoring import compute_index
from store.acceptances import accepted_documents
from store.cache import (
    RunStats,
    last_fingerprint,
    load_extraction_payload,
    load_match_payloads,
    save_run_stats,
)
from store.convert import proposal_row, to_proposal
from store.db import session_scope
from store.models import Document, ProposalRow, Run, RunStatus
from store.repository import (
    current_proposals,
    finish_run,
    get_or_create_submission,
    reseen_documents,
    save_document,
    save_proposals,
    start_run,
)

log = logging.getLogger("bukti.pipeline")

DOCUMENT_BATCH = 25  # documents stored per transaction: short write locks (SQLite), lease renewed between
SEEN_BATCH = 250  # documents re-seen per transaction (a few columns each: 1,000 unchanged ones in 4)
# Match results per scoring job at most: few enough that the batches of all workers are in memory
# at once without growing with the submission (~20-30 kB a result). Each job also costs ~40 ms
# of fixed work (its arguments and fold through the pool's queues, an empty fold, joining), so a
# submission is cut into as few batches as keep every worker busy (``score_batches``): at 1,000
# documents the fold took 0.84-0.90 s in 10 jobs against 1.25-1.38 s in 25 of 40 documents.
SCORE_BATCH = 125
_BOOKKEEPING_COLUMNS = {"id", "run_id", "submission_id", "created_at"}


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
        # the fold (in the workers) runs while this process stores the documents: it reads only
        # the cached match results, and only saving proposals needs the stored documents
        with ThreadPoolExecutor(1, thread_name_prefix="bukti-fold") as ahead:
            try:
                pause_point("finalize")  # tests kill the process here: the run row says 'running'
                evidence = _evidence(works, pack, foreign)
                folds = _fold_ahead(engine, reader_for(options.database_url), run_id, submission_id, evidence,
                                    pack, options.framework, ahead)
                _store_documents(engine, run_id, works, lease)
                lease.renew()
                proposals, work = _score(engine, run_id, submission_id, works, pack, evidence, folds)
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


@dataclass(frozen=True)
class _Evidence:
    """What scoring folds: the match results that count, those set aside (``pipeline/foreign.py``)
    and why, and the evidence fingerprint that says whether anything changed since the last run."""

    counted: list[str]
    withheld: list[str]
    set_aside: dict[str, str]
    fingerprint: str


_Folds = tuple[EvidenceFold, EvidenceFold | None]  # the counted evidence's fold, the withheld's


def _evidence(works: list[DocumentWork], pack: RulePack, foreign: list[ForeignDocument]) -> _Evidence:
    evidence = [w for w in works if w.usable and w.match_key]
    set_aside = {f.sha256: f.reason for f in foreign if not f.accepted}
    counted = [w for w in evidence if w.file.sha256 not in set_aside]
    withheld = [w for w in evidence if w.file.sha256 in set_aside]
    keys = [w.match_key or "" for w in counted] + withheld_keys(withheld, foreign)
    return _Evidence([w.match_key or "" for w in counted], [w.match_key or "" for w in withheld], set_aside,
                     evidence_fingerprint(keys, pack.content_hash))


def _fold_ahead(engine: Engine, reader: Engine, run_id: int, submission_id: int, evidence: _Evidence,
                pack: RulePack, framework: str, ahead: Executor) -> Future[_Folds] | None:
    """Start folding the evidence on ``ahead`` (``_fold_evidence``); None when it is the same as
    the previous finished run's (the lease keeps any other run from finishing meanwhile).

    The fold reads the cached match results through ``reader``, whose transactions do not take
    SQLite's write lock: with the writers' engine each of its reads waited for the transaction
    storing documents beside it to commit.
    """
    with session_scope(engine) as session:
        if last_fingerprint(session, submission_id) == evidence.fingerprint:
            return None

    def fold() -> _Folds:
        folded = _fold_evidence(reader, run_id, evidence.counted, pack, framework)
        held = None
        if evidence.withheld:
            held = _fold_evidence(reader, run_id, evidence.withheld, pack, framework)
        return folded, held

    return ahead.submit(fold)


def _score(engine: Engine, run_id: int, submission_id: int, works: list[DocumentWork], pack: RulePack,
           evidence: _Evidence, folds: Future[_Folds] | None) -> tuple[list[Proposal], RunWork]:
    """Proposals from the folded cached match results (``_fold_ahead``), unless the evidence
    is the same as the previous run's (``folds`` None: the current proposals); documents of
    another government not accepted by an assessor are scored apart (``pipeline/foreign.py``)."""
    work = RunWork.count(works).model_copy(update={"fingerprint": evidence.fingerprint})
    if folds is None:
        with session_scope(engine) as session:
            return [to_proposal(row) for row in current_proposals(session, submission_id)], work
    folded, held = folds.result()
    proposals = score_evidence(folded, held, evidence.set_aside, pack)
    with session_scope(engine) as session:
        changes = _save_changed(session, session.get_one(Run, run_id), proposals)
    return proposals, work.model_copy(update={"rescored": True, "proposals_added": len(changes),
                                              "changes": changes})


def _fold_evidence(engine: Engine, run_id: int, keys: list[str], pack: RulePack,
                   framework: str) -> EvidenceFold:
    """The match results under ``keys`` folded in order: batches folded side by side in the
    workers, each loaded only when its job starts, joined here in order."""
    def one(batch: list[str]) -> EvidenceFold:
        with session_scope(engine) as session:
            found = load_match_payloads(session, batch)
        payloads = [_match_payload(found, key) for key in batch]
        try:
            return run_job(fold_job, payloads, framework, pack.content_hash)
        except WorkerDied:  # out of memory or killed: fold here rather than lose the run
            log.warning("run=%d scoring worker died; folding %d documents in the flow process", run_id,
                        len(batch))
            return fold_job(payloads, framework, pack.content_hash)

    batches = score_batches(keys, max(1, worker_count()))
    fold = EvidenceFold.empty(pack)
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


def _match_payload(found: dict[str, bytes], key: str) -> bytes:
    payload = found.get(key)
    if payload is None:
        raise StorageError(
            "entri cache pencocokan hilang selama penilaian (cache dibersihkan?): jalankan lagi"
        )
    return payload


def _save_changed(session: Session, run: Run, proposals: list[Proposal]) -> list[ProposalChange]:
    """Add the proposals that differ from the submission's current ones; what changed, by indicator."""
    current = {row.indicator_id: row for row in current_proposals(session, run.submission_id)}
    changed = [p for p in proposals if not same_as_stored(p, current.get(p.indicator_id))]
    documents = {d.sha256: d for d in session.scalars(
        select(Document).where(Document.submission_id == run.submission_id))}
    save_proposals(session, run, changed, documents)
    return [ProposalChange(indicator_id=p.indicator_id, new_level=p.level,
                           old_level=row.level if (row := current.get(p.indicator_id)) else None)
            for p in changed]


def same_as_stored(proposal: Proposal, row: ProposalRow | None) -> bool:
    """Whether storing ``proposal`` would repeat ``row``: every stored column and citation equal."""
    if row is None:
        return False
    fresh = proposal_row(proposal, [])  # transient: only compared, never added to a session
    if any(getattr(row, name) != getattr(fresh, name) for name in _stored_columns()):
        return False
    wanted = [(p.sha256, p.page, p.start, p.end, p.quote, p.matched, p.rule_id, p.location)
              for p in proposal.passages]
    stored = [(c.document.sha256, c.page, c.start, c.end, c.quote, c.matched, c.rule_id, c.location)
              for c in row.citations]
    return wanted == stored


def _stored_columns() -> list[str]:
    """Every column of ``proposals`` that describes the proposal (not where or when it was stored)."""
    return [a.key for a in ProposalRow.__mapper__.column_attrs if a.key not in _BOOKKEEPING_COLUMNS]


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
