"""Incremental runs, document by document: plan the folder, then extract and match only what changed.

A run is: ``plan_files`` (hash every file, mark duplicates), ``process_file`` per file (one
Prefect task each), then ``pipeline.finalize.finalize_run`` (store, score, retire). Work is
cached by content in the database (``store.cache``), so it is shared by every worker:

* a file whose (sha256, extractor version, options) was extracted before is not extracted;
* a document whose (content, name, rule pack, rules code) was matched before is not matched;
* a rule-pack change therefore re-matches from cached extractions, never re-extracts, and only
  the term sets that changed (``rules.rematch``), from the document's previous match result.

``process_file`` never raises for bad input: a broken file, a crashed worker or a bug in an
extractor become a failed document with its reason. Only database errors escape, as
``StorageError`` (transient: the flow retries them).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from core.errors import StorageError
from core.extraction_info import ExtractionInfo
from core.models import DocumentStatus, Issue, Severity
from extractors.discovery.archive_folder import DiscoveredDocument
from extractors.discovery.folder import sha256_file, shown_path
from pipeline.jobs import ExtractResult, extract_job, match_job, rematch_job, summarise
from pipeline.keys import extraction_key, match_key, options_hash
from pipeline.models import DocumentOutcome
from pipeline.plan import extract_one, plan_documents
from pipeline.work import USABLE, CachedSummary, DocumentWork, PlannedFile, RunContext
from pipeline.workers import ocr_share, run_job, worker_count
from rules.schema import RulePack
from rules.signatures import encode_table, pack_table
from store.cache import (
    find_extraction,
    find_extractions,
    has_match,
    has_pack_table,
    latest_other_match,
    load_extraction_payload,
    load_pack_table,
    matched_keys,
    put_extraction,
    put_match,
    put_pack_table,
)
from store.db import get_engine, migrate_unless_current, session_scope
from store.engines import writer_engine
from store.models import RunStatus

log = logging.getLogger("bukti.pipeline")

_engines: dict[tuple[str, bool], Engine] = {}
_engines_lock = threading.Lock()


def engine_for(url: str | None) -> Engine:
    """One engine (and connection pool) per database URL per process, shared by the task threads."""
    return _shared_engine(url, writer=True)


def reader_for(url: str | None) -> Engine:
    """One engine per URL for read-only transactions: on SQLite they begin deferred, so a reader
    reads the last committed state (WAL) instead of queueing for the write lock that every
    transaction of ``engine_for`` takes when it begins."""
    return _shared_engine(url, writer=False)


def _shared_engine(url: str | None, *, writer: bool) -> Engine:
    key = (url or "", writer)
    with _engines_lock:
        if key not in _engines:
            _engines[key] = writer_engine(url) if writer else get_engine(url)
        return _engines[key]


def prepare_database(url: str | None) -> None:
    """Migrate the database once, before document tasks start using the caches."""
    migrate_unless_current(url)


def plan_files(root: Path, documents: list[DiscoveredDocument] | None = None) -> list[PlannedFile]:
    """The folder's files in processing order, hashed; later copies of a content are duplicates.

    ``documents``: ``plan_documents(root)`` when the caller has just listed them (the command
    line, for its progress bar), so the folder is not walked twice. A refused file (a link
    leaving the folder) is not even hashed: its content is never read.
    """
    seen: dict[str, str] = {}
    planned = []
    for found in plan_documents(root) if documents is None else documents:
        path = found.path
        sha, size = "", 0
        if found.refused is None:
            try:
                sha, size = sha256_file(path), path.stat().st_size
            except OSError:
                pass  # unreadable: the document task records why
        duplicate_of = seen.get(sha) if sha else None
        if sha and duplicate_of is None:
            seen[sha] = found.name
        undecodable = shown_path(path) != str(path)
        planned.append(PlannedFile(path=found.source_path, name=found.name, sha256=sha, size=size,
                                   duplicate_of=duplicate_of, refused=found.refused,
                                   disk_path=shown_path(path) if found.in_archive else None,
                                   undecodable_name=undecodable))
    return planned


@dataclass(frozen=True)
class Lookup:
    """What the caches held for one file when the run looked (``look_up``)."""

    info: ExtractionInfo | None
    match_cached: bool = False
    # a batch re-match (``pipeline.rematch_batch``) found no previous result it could reuse:
    # match the cached extraction in full without trying again
    full_match: bool = False
    # the result of its extraction job, handed to a worker before the file's task began
    # (``flows/early.py``): called instead of running the job
    pending: Callable[[], ExtractResult] | None = None


def look_up(files: list[PlannedFile], ctx: RunContext) -> dict[int, Lookup]:
    """The caches' entries for ``files`` (by index), looked up together in one transaction.

    What decides whether a run is worth a worker pool (``files_to_redo``: a one-file change in a
    large folder is one document of work, not the whole folder), and what ``process_file`` then
    need not look up again.
    """
    engine = engine_for(ctx.database_url)
    wanted = {i: f for i, f in enumerate(files) if f.duplicate_of is None}
    keys = {i: extraction_key(f.sha256, ctx.extract) for i, f in wanted.items() if f.sha256}
    with session_scope(engine) as session:
        infos = find_extractions(session, sorted(set(keys.values())))
        mkeys = {i: match_key(infos[k].content_hash, wanted[i].name, ctx.pack_hash)
                 for i, k in keys.items() if k in infos and _usable(infos[k])}
        matched = matched_keys(session, sorted(set(mkeys.values())))
    # an unreadable file (no sha256) gets Lookup(None): its task records why, quickly, but it is work
    return {i: Lookup(infos.get(keys.get(i, "")), mkeys.get(i) in matched) for i in wanted}


def files_to_redo(lookups: dict[int, Lookup]) -> int:
    """How many looked-up files need extraction or matching."""
    return sum(1 for lk in lookups.values() if lk.info is None or (_usable(lk.info) and not lk.match_cached))


def process_file(file: PlannedFile, ctx: RunContext, lookup: Lookup | None = None) -> DocumentWork:
    """Extract and match one file unless the caches already hold the result (``lookup``: what
    ``look_up`` found for it in this run, so it is not looked up again)."""
    started = time.perf_counter()
    try:
        work = _process(file, ctx, lookup)
    except StorageError:
        raise  # transient: the task is retried
    except Exception as e:  # noqa: BLE001 - a bug or crash on one file must not stop the run
        log.exception("document=%s failed unexpectedly", file.name)
        work = failed(file, "internal", f"{type(e).__name__}: {e}")
    work = work.model_copy(update={"seconds": round(time.perf_counter() - started, 3),
                                   "outcome": with_name_issue(work.outcome, file)})
    log.info("document=%s status=%s pages=%d extracted=%s matched=%s seconds=%.2f", file.name,
             work.outcome.status.value, work.outcome.pages, work.extracted, work.matched, work.seconds)
    return work


def _process(file: PlannedFile, ctx: RunContext, lookup: Lookup | None) -> DocumentWork:
    if file.refused is not None:
        return refused(file)
    if file.duplicate_of is not None:
        return _duplicate(file)
    if not file.sha256:
        return _uncached(file, ctx)
    return _cached_or_run(file, ctx, lookup)


def name_issues(file: PlannedFile) -> list[Issue]:
    """A warning for a file whose name on disk is not valid UTF-8 (it is shown escaped)."""
    if not file.undecodable_name:
        return []
    return [Issue(code="file_name", severity=Severity.warning,
                  message=f"nama berkas '{file.name}' bukan teks UTF-8 yang sah (bita yang tidak terbaca "
                          "ditulis sebagai \\xNN); isinya tetap dibaca; ganti nama berkasnya agar terbaca "
                          "dengan benar")]


def with_name_issue(outcome: DocumentOutcome, file: PlannedFile) -> DocumentOutcome:
    """``outcome`` with the file-name warning added (a success with it becomes a partial success)."""
    extra = [i for i in name_issues(file) if i.code not in {j.code for j in outcome.issues}]
    if not extra:
        return outcome
    status = DocumentStatus.partial_success if outcome.status is DocumentStatus.success else outcome.status
    return outcome.model_copy(update={"issues": [*outcome.issues, *extra], "status": status})


def _cached_or_run(file: PlannedFile, ctx: RunContext, lookup: Lookup | None = None) -> DocumentWork:
    engine = engine_for(ctx.database_url)
    ekey = extraction_key(file.sha256, ctx.extract)
    found = lookup.info if lookup is not None else None
    found = found if found is not None and found.key == ekey else None
    if found is not None and lookup is not None and lookup.match_cached:
        mkey = match_key(found.content_hash, file.name, ctx.pack_hash)
        return work_of(file, found, mkey, extracted=False, matched=False)  # found by look_up
    info = found
    if info is None and (lookup is None or lookup.pending is None):  # not looked up: one query more
        with session_scope(engine) as session:
            info = find_extraction(session, ekey)
    if info is None:
        pending = lookup.pending if lookup is not None else None
        result: ExtractResult = pending() if pending is not None else run_job(
            extract_job, file.read_path, ekey, ocr_share(ctx.extract, worker_count()), ctx.framework,
            ctx.pack_hash)
        with session_scope(engine) as session:
            put_extraction(session, result.info, extractor_version=result.extractor_version,
                           options_hash=options_hash(ctx.extract), payload=result.payload)
            if result.match is not None:
                put_match(session, result.match.key, sha256=file.sha256, pack_hash=ctx.pack_hash,
                          payload=result.match.payload)
        # the worker's key: it is what was stored, even if the rules code changed meanwhile
        stored = result.match.key if result.match is not None else None
        return work_of(file, result.info, stored, extracted=True, matched=stored is not None)
    if not _usable(info):
        return work_of(file, info, None, extracted=False, matched=False)
    mkey = match_key(info.content_hash, file.name, ctx.pack_hash)
    with session_scope(engine) as session:
        # look_up, in this run, found none (should another run store one meanwhile, ours is not stored)
        if found is None and has_match(session, mkey):
            return work_of(file, info, mkey, extracted=False, matched=False)
        previous = None if lookup is not None and lookup.full_match else (
            latest_other_match(session, file.sha256, ctx.pack_hash))
        before = pack_table_payload(session, previous[1]) if previous is not None else None
    matched = None
    if previous is not None and before is not None:  # matched with another pack version: redo what changed
        matched = run_job(rematch_job, previous[0], before, info.content_hash, file.path, file.name,
                          ctx.framework, ctx.pack_hash)
    source = previous[1] if previous is not None and matched is not None else ""
    if matched is None:
        with session_scope(engine) as session:
            payload = load_extraction_payload(session, info.key)
        if payload is None:
            raise StorageError(f"entri cache ekstraksi {info.key[:12]} hilang selama penilaian: "
                               "jalankan lagi")
        matched = run_job(match_job, payload, file.path, file.name, ctx.framework, ctx.pack_hash)
    with session_scope(engine) as session:
        put_match(session, matched.key, sha256=file.sha256, pack_hash=ctx.pack_hash, payload=matched.payload)
    work = work_of(file, info, matched.key, extracted=False, matched=True)
    return work.model_copy(update={"rematched_from": source}) if source else work


_tables: dict[str, bytes | None] = {}  # pack hash -> its stored table, read once per process


def pack_table_payload(session: Session, pack_hash: str) -> bytes | None:
    """The stored table of the pack with ``pack_hash`` (``rules.signatures``), read once per process."""
    if pack_hash not in _tables:
        _tables[pack_hash] = load_pack_table(session, pack_hash)
    return _tables[pack_hash]


def store_pack_table(url: str | None, pack: RulePack) -> None:
    """Record what this pack version's match keys look for, for the next version's re-matching."""
    with session_scope(engine_for(url)) as session:
        if not has_pack_table(session, pack.content_hash):  # computed only for a new pack version
            put_pack_table(session, pack.content_hash, encode_table(pack_table(pack)))


def _usable(info: ExtractionInfo) -> bool:
    return DocumentStatus(info.status) in USABLE


def work_of(file: PlannedFile, info: ExtractionInfo, mkey: str | None, *, extracted: bool,
            matched: bool) -> DocumentWork:
    """What a run did with ``file``, whose extraction ``info`` describes."""
    summary = CachedSummary.model_validate(info.summary)
    outcome = summary.outcome.model_copy(update={"path": file.path, "name": file.name})
    return DocumentWork(file=file, outcome=outcome, extraction_key=info.key,
                        extraction_hash=info.extraction_hash, match_key=mkey, extracted=extracted,
                        matched=matched, region=summary.region, year=summary.year)


def _duplicate(file: PlannedFile) -> DocumentWork:
    issue = Issue(code="duplicate", severity=Severity.warning,
                  message=f"isinya sama dengan {file.duplicate_of}; dihitung satu kali saja")
    outcome = DocumentOutcome(path=file.path, name=file.name, sha256=file.sha256, format="",
                              status=DocumentStatus.skipped, pages=0, issues=[issue])
    return DocumentWork(file=file, outcome=outcome)


def _uncached(file: PlannedFile, ctx: RunContext) -> DocumentWork:
    """A file we could not hash: extraction fails fast with the reason; nothing is cached."""
    doc = extract_one(Path(file.read_path), ctx.extract)
    summary = summarise(doc)
    return DocumentWork(file=file, outcome=summary.outcome, extracted=True)


def refused(file: PlannedFile) -> DocumentWork:
    """A file bukti must not read (a link leaving the evidence folder): failed, with the reason."""
    outcome = DocumentOutcome(path=file.path, name=file.name, sha256="", format="unknown",
                              status=DocumentStatus.failure, pages=0,
                              issues=[Issue(code="outside_root", severity=Severity.error,
                                            message=file.refused or "")])
    return DocumentWork(file=file, outcome=outcome)


def failed(file: PlannedFile, code: str, detail: str) -> DocumentWork:
    """A document that failed outside the extractor (crashed worker, bug): recorded, not cached."""
    message = (f"dokumen ini gagal diproses karena kesalahan internal ({detail}); jalankan penilaian lagi, "
               "dan laporkan ke pengelola bukti bila terulang")
    outcome = DocumentOutcome(path=file.path, name=file.name, sha256=file.sha256, format="unknown",
                              status=DocumentStatus.failure, pages=0,
                              issues=[Issue(code=code, severity=Severity.error, message=message)])
    return DocumentWork(file=file, outcome=outcome)


def run_status(works: list[DocumentWork]) -> RunStatus:
    """``completed`` when every document was read, else ``partial``."""
    return RunStatus.completed if all(w.outcome.ok for w in works) else RunStatus.partial
