"""Assess an evidence folder: discover, extract, deduplicate, match, propose, store.

These are plain library functions; the Prefect flow (``flows/assess.py``) and the CLI
(``bukti assess``) are thin entry points over them, so both behave identically.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from core.models import DocumentStatus, ExtractedDocument, Issue, Severity
from core.settings import ExtractOptions
from extractors.api import extract_document
from extractors.discover import discover_files
from pipeline.models import AssessOptions, AssessmentResult, DocumentOutcome
from rules.engine import propose_levels
from rules.loader import load_rule_pack
from rules.scoring import compute_index
from store.db import get_engine, session_scope, upgrade_database
from store.repository import (
    finish_run,
    get_or_create_submission,
    save_document,
    save_proposals,
    start_run,
)

ProgressFn = Callable[[str], None]


def plan_folder(root: Path) -> list[Path]:
    """The files of an evidence folder in processing order (hidden and temporary files skipped).

    Paths are absolute: they are stored, and the review app renders cited pages from them later.
    """
    root = root.resolve()
    if not root.exists():
        raise FileNotFoundError(f"evidence folder not found: {root}")
    if root.is_file():
        return [root]
    return list(discover_files(root))


def extract_one(path: Path, options: ExtractOptions) -> ExtractedDocument:
    """Extract one file; bad input becomes a failed document, never an exception."""
    return extract_document(path, options, raise_errors=False)


def mark_duplicates(documents: Iterable[ExtractedDocument]) -> list[ExtractedDocument]:
    """Keep the first copy of each content hash; later copies are recorded as skipped duplicates."""
    seen: dict[str, str] = {}
    out: list[ExtractedDocument] = []
    for doc in documents:
        sha = doc.source.sha256
        if sha and sha in seen and doc.status is not DocumentStatus.failure:
            issue = Issue(code="duplicate", severity=Severity.warning,
                          message=f"same content as {seen[sha]}; counted once")
            doc = doc.model_copy(update={"status": DocumentStatus.skipped, "issues": [*doc.issues, issue]})
        elif sha:
            seen[sha] = doc.source.path
        out.append(doc)
    return out


def infer_submission(root: Path, documents: list[ExtractedDocument], options: AssessOptions) -> tuple[str, int]:
    """Region and year: explicit options first, then the ``<region>/<year>`` layout, then the documents."""
    region, year = options.region, options.year
    if year is None and root.name.isdigit() and len(root.name) == 4:
        year, region = int(root.name), region or root.parent.name
    if region is None:
        regions = [d.metadata.region.value for d in documents if d.metadata.region]
        region = max(set(regions), key=regions.count) if regions else root.name
    if year is None:
        # the most frequent document year (later year on a tie): one draft for next year must not move it
        years = [d.metadata.year.value for d in documents if d.metadata.year]
        year = max(set(years), key=lambda y: (years.count(y), y)) if years else time.localtime().tm_year
    return region, year


def assess_folder(root: Path, options: AssessOptions, progress: ProgressFn | None = None) -> AssessmentResult:
    """Run the whole pipeline on ``root`` and store the run; returns what was stored."""
    started = time.perf_counter()
    root = root.resolve()  # stored paths must still point at the file when the review app renders a page
    pack = load_rule_pack(options.framework)
    paths = plan_folder(root)
    documents = []
    for path in paths:
        documents.append(extract_one(path, options.extract))
        if progress:
            progress(path.name)
    documents = mark_duplicates(documents)
    return score_and_store(root, documents, options, pack, started)


def score_and_store(root: Path, documents: list[ExtractedDocument], options: AssessOptions, pack,  # noqa: ANN001
                    started: float) -> AssessmentResult:
    """Propose levels from the usable documents and persist documents, proposals and the run."""
    usable = [d for d in documents if d.status in (DocumentStatus.success, DocumentStatus.partial_success)]
    proposals = propose_levels(usable, pack)
    index = compute_index({p.indicator_id: p.level for p in proposals if not p.needs_manual}, pack)
    region, year = infer_submission(root, documents, options)
    url = options.database_url
    upgrade_database(url)
    engine = get_engine(url)
    with session_scope(engine) as session:
        submission = get_or_create_submission(session, region, year, pack.name)
        run = start_run(session, submission, root=str(root), pack_version=pack.version,
                        pack_hash=pack.content_hash, options=options.model_dump(mode="json"))
        rows = {d.source.sha256: save_document(session, run, d) for d in documents if d.source.sha256}
        save_proposals(session, run, proposals, rows)
        outcomes = [DocumentOutcome.from_document(d) for d in documents]
        status = "completed" if all(o.ok for o in outcomes) else "partial"
        summary = summarise(outcomes)
        finish_run(session, run, status, summary)
        run_id, submission_id = run.id, submission.id
    engine.dispose()
    return AssessmentResult(
        run_id=run_id, submission_id=submission_id, region=region, year=year, framework=pack.name,
        pack_version=pack.version, documents=outcomes, proposals=proposals, index=index,
        elapsed_seconds=time.perf_counter() - started,
    )


def summarise(outcomes: list[DocumentOutcome]) -> str:
    """'12 documents: 10 ok, 1 partial, 1 failed' — the line every batch ends with."""
    counts = {s: sum(1 for o in outcomes if o.status is s) for s in DocumentStatus}
    parts = [f"{counts[DocumentStatus.success]} ok", f"{counts[DocumentStatus.partial_success]} partial",
             f"{counts[DocumentStatus.failure]} failed"]
    if counts[DocumentStatus.skipped]:
        parts.append(f"{counts[DocumentStatus.skipped]} skipped")
    return f"{len(outcomes)} documents: " + ", ".join(parts)
