"""The storage API the flows, the CLI and the review app call.

Every function takes an open Session and leaves committing to the caller (``session_scope``).
Database errors come out as ``core.errors.StorageError`` with a message that says what to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from core.errors import StorageError
from core.extraction_info import extraction_hash
from core.models import DocumentStatus, ExtractedDocument, Passage, Proposal
from store.coltypes import utc_now
from store.convert import (
    apply_extraction,
    apply_source,
    citation_row,
    page_values,
    proposal_row,
)
from store.db import storage_errors
from store.decisions import add_decision, decisions_for, latest_decisions
from store.models import Citation, Document, Page, ProposalRow, Run, RunStatus, Submission
from store.users import region_key

# Run outcomes after which a file missing from the folder is taken as removed.
_RETIRING_STATUSES = (RunStatus.completed, RunStatus.partial)


# --- submissions -------------------------------------------------------------------------


@storage_errors
def find_submission(session: Session, region: str, year: int, framework: str) -> Submission | None:
    """The submission for (region, year, framework), or None."""
    return session.scalar(
        select(Submission).where(
            Submission.region == region.strip(),
            Submission.year == year,
            Submission.framework == framework.strip(),
        )
    )


@storage_errors
def get_or_create_submission(session: Session, region: str, year: int, framework: str) -> Submission:
    """The submission for (region, year, framework), created when new (safe under races)."""
    found = find_submission(session, region, year, framework)
    if found is not None:
        return found
    submission = Submission(region=region.strip(), year=year, framework=framework.strip())
    try:
        with session.begin_nested():
            session.add(submission)
    except IntegrityError:
        # another process created it between our SELECT and INSERT
        found = find_submission(session, region, year, framework)
        if found is None:
            raise
        return found
    return submission


@storage_errors
def get_submission(session: Session, submission_id: int) -> Submission | None:
    """The submission with id ``submission_id``, or None."""
    return session.get(Submission, submission_id)


@storage_errors
def list_submissions(session: Session) -> list[Submission]:
    """All submissions, by region, newest year first."""
    query = select(Submission).order_by(Submission.region, Submission.year.desc(), Submission.framework)
    return list(session.scalars(query))


@storage_errors
def submission_regions(session: Session) -> list[str]:
    """Every region some submission is for, sorted."""
    return sorted(set(session.scalars(select(Submission.region))))


def unknown_regions(session: Session, regions: Iterable[str]) -> list[str]:
    """The ``regions`` no submission is for, compared as ``User.can_see`` does (case, spaces).

    An account limited to such a region sees nothing, so account tools ask before creating it.
    """
    known = {region_key(r) for r in submission_regions(session)}
    return [r for r in regions if region_key(r) not in known]


# --- runs ------------------------------------------------------------------------------


@storage_errors
def start_run(
    session: Session,
    submission: Submission,
    *,
    root: str,
    pack_version: str,
    pack_hash: str,
    options: dict[str, object],
    reference_region: str | None = None,
) -> Run:
    """Record the start of a run over ``root`` (status ``running``).

    ``reference_region``: the government documents are compared with (``pipeline.foreign``).
    """
    run = Run(
        submission_id=submission.id,
        status=RunStatus.running.value,
        framework=submission.framework,
        pack_version=pack_version,
        pack_hash=pack_hash,
        root=root,
        options=dict(options),
        reference_region=reference_region,
    )
    session.add(run)
    session.flush()
    return run


@storage_errors
def finish_run(
    session: Session,
    run: Run,
    status: RunStatus | str,
    summary: str,
    *,
    retire_missing: bool = True,
) -> None:
    """Close ``run``: store status, summary and counts of the documents it saw.

    With ``retire_missing`` (the default), a completed or partial run marks documents of the
    submission it did not see as retired: their files left the folder.
    """
    final = _run_status(status)
    counts = _document_counts(session, run)
    run.documents_ok = counts.get(DocumentStatus.success.value, 0)
    run.documents_partial = counts.get(DocumentStatus.partial_success.value, 0)
    run.documents_failed = counts.get(DocumentStatus.failure.value, 0)
    run.documents_skipped = counts.get(DocumentStatus.skipped.value, 0)
    run.pages = (
        session.scalar(
            select(func.coalesce(func.sum(Document.page_count), 0)).where(Document.last_seen_run_id == run.id)
        )
        or 0
    )
    run.status = final.value
    run.summary = summary
    run.finished_at = utc_now()
    if retire_missing and final in _RETIRING_STATUSES:
        _retire_unseen(session, run)
    session.flush()


def _run_status(status: RunStatus | str) -> RunStatus:
    try:
        final = RunStatus(status)
    except ValueError as e:
        valid = ", ".join(s.value for s in RunStatus if s is not RunStatus.running)
        raise StorageError(f"unknown run status {status!r}: use one of {valid}") from e
    if final is RunStatus.running:
        raise StorageError("a run cannot finish with status 'running': use completed, partial or failed")
    return final


def _document_counts(session: Session, run: Run) -> dict[str, int]:
    rows = session.execute(
        select(Document.status, func.count())
        .where(Document.last_seen_run_id == run.id)
        .group_by(Document.status)
    )
    return {status: count for status, count in rows}


def _retire_unseen(session: Session, run: Run) -> None:
    session.execute(
        update(Document)
        .where(
            Document.submission_id == run.submission_id,
            Document.last_seen_run_id != run.id,
            Document.retired_at.is_(None),
        )
        .values(retired_at=utc_now())
        .execution_options(synchronize_session="fetch")
    )


@storage_errors
def latest_run(session: Session, submission_id: int) -> Run | None:
    """The newest run of the submission, whatever its status, or None."""
    query = select(Run).where(Run.submission_id == submission_id).order_by(Run.id.desc()).limit(1)
    return session.scalar(query)


# --- documents ---------------------------------------------------------------------------


@storage_errors
def save_document(session: Session, run: Run, doc: ExtractedDocument) -> Document:
    """Store ``doc`` as seen by ``run``: one row per (submission, sha256).

    A file seen before keeps its ``first_seen_run_id``; its location, ``last_seen_run_id`` and
    retirement are refreshed. The extraction (metadata, issues, pages) is replaced only when it
    changed, e.g. after a new extractor version, so saving the same document twice is a no-op.
    """
    row = session.scalar(
        select(Document).where(
            Document.submission_id == run.submission_id, Document.sha256 == doc.source.sha256
        )
    )
    new_pages = row is None
    if row is None:
        row = Document(submission_id=run.submission_id, sha256=doc.source.sha256, first_seen_run=run)
        apply_extraction(row, doc)
        session.add(row)
    elif row.extraction_hash != extraction_hash(doc) or row.extractor_version != doc.extractor_version:
        apply_extraction(row, doc)
        row.pages.clear()
        new_pages = True
    apply_source(row, doc.source)
    row.last_seen_run = run
    row.retired_at = None
    session.flush()  # the row's id; its old pages, if replaced, deleted before the new ones go in
    if new_pages and doc.pages:
        # One executemany, not a Page object per page through the unit of work: the same rows
        # at about a third of the CPU (925 pages: docs/benchmarks.md, "Text: ... branch text7").
        session.execute(insert(Page), page_values(doc, row.id))
    if new_pages:
        session.expire(row, ["pages"])  # read from the table when asked for
    return row


@storage_errors
def reseen_documents(session: Session, run: Run, seen: Mapping[str, tuple[str, str, str]],
                     extractor_version: str) -> set[str]:
    """Mark as seen by ``run`` the stored documents whose extraction ``seen`` holds unchanged
    (sha256 -> (extraction hash, path, name)), moving those whose path or name changed; their
    sha256s. A few columns and one UPDATE for all that stayed in place, where loading each row
    as an object cost one UPDATE ... RETURNING per document (~0.15 s for 1,000 unchanged files)."""
    rows = session.execute(
        select(Document.id, Document.sha256, Document.extraction_hash, Document.path, Document.name)
        .where(Document.submission_id == run.submission_id, Document.sha256.in_(list(seen)),
               Document.extractor_version == extractor_version))
    in_place: list[int] = []
    found: set[str] = set()
    for doc_id, sha, stored_hash, path, name in rows:
        wanted_hash, wanted_path, wanted_name = seen[sha]
        if not wanted_hash or stored_hash != wanted_hash:
            continue
        found.add(sha)
        if (path, name) == (wanted_path, wanted_name):
            in_place.append(doc_id)
        else:
            session.execute(update(Document).where(Document.id == doc_id).values(
                path=wanted_path, name=wanted_name, last_seen_run_id=run.id, retired_at=None))
    if in_place:
        session.execute(update(Document).where(Document.id.in_(in_place))
                        .values(last_seen_run_id=run.id, retired_at=None)
                        .execution_options(synchronize_session=False))
    return found


@storage_errors
def documents_for(session: Session, submission_id: int, *, include_retired: bool = False) -> list[Document]:
    """The submission's documents by name; retired ones only when asked."""
    query = select(Document).where(Document.submission_id == submission_id)
    if not include_retired:
        query = query.where(Document.retired_at.is_(None))
    return list(session.scalars(query.order_by(Document.name, Document.id)))


# --- proposals ---------------------------------------------------------------------------


@storage_errors
def save_proposals(
    session: Session,
    run: Run,
    proposals: Sequence[Proposal],
    documents_by_sha: Mapping[str, Document],
) -> list[ProposalRow]:
    """Add ``proposals`` made by ``run`` with their citations; earlier proposals stay."""
    documents = dict(documents_by_sha)
    rows = []
    for proposal in proposals:
        if proposal.framework != run.framework:
            raise StorageError(
                f"proposal for {proposal.indicator_id} is for framework {proposal.framework!r} "
                f"but run {run.id} evaluates {run.framework!r}: use a run of the right submission"
            )
        citations = [_citation(session, run, passage, documents) for passage in proposal.passages]
        row = proposal_row(proposal, citations)
        row.run = run
        row.submission_id = run.submission_id
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def _citation(session: Session, run: Run, passage: Passage, documents: dict[str, Document]) -> Citation:
    document = documents.get(passage.sha256)
    if document is None:
        document = session.scalar(
            select(Document).where(
                Document.submission_id == run.submission_id, Document.sha256 == passage.sha256
            )
        )
    if document is None or document.submission_id != run.submission_id:
        raise StorageError(
            f"passage cites {passage.file_name} ({passage.sha256[:12]}...) which is not a document "
            f"of submission {run.submission_id}: save the document with save_document first"
        )
    documents[passage.sha256] = document
    return citation_row(passage, document)


@storage_errors
def current_proposals(session: Session, submission_id: int) -> list[ProposalRow]:
    """The newest proposal per indicator, by indicator id. Proposals of failed runs do not count."""
    newest = (
        select(func.max(ProposalRow.id))
        .join(Run, Run.id == ProposalRow.run_id)
        .where(ProposalRow.submission_id == submission_id, Run.status != RunStatus.failed.value)
        .group_by(ProposalRow.indicator_id)
    )
    query = (
        select(ProposalRow)
        .where(ProposalRow.id.in_(newest))
        .order_by(ProposalRow.indicator_id)
        .options(
            selectinload(ProposalRow.citations).selectinload(Citation.document),
            selectinload(ProposalRow.run),
        )
    )
    return list(session.scalars(query))


@storage_errors
def proposal_history(session: Session, submission_id: int, indicator_id: str) -> list[ProposalRow]:
    """Every proposal ever made for one indicator, oldest first."""
    query = (
        select(ProposalRow)
        .where(ProposalRow.submission_id == submission_id, ProposalRow.indicator_id == indicator_id)
        .order_by(ProposalRow.id)
    )
    return list(session.scalars(query))


# decisions live in store.decisions; re-exported so the whole API is one import away
__all__ = [
    "add_decision",
    "current_proposals",
    "decisions_for",
    "documents_for",
    "find_submission",
    "finish_run",
    "get_or_create_submission",
    "get_submission",
    "latest_decisions",
    "latest_run",
    "list_submissions",
    "proposal_history",
    "save_document",
    "save_proposals",
    "start_run",
]
