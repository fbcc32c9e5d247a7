"""Rows for the Prefect table artifacts of a run and of a nightly pass (plain data, no Prefect)."""

from __future__ import annotations

from core.timefmt import format_wib, now_wib
from pipeline.inbox import NightlyResult
from pipeline.models import ForeignDocument
from pipeline.work import DocumentWork, RunResult


def summary_row(result: RunResult) -> dict[str, object]:
    """One row: documents, pages, failures and proposals changed, plus what was redone."""
    work = result.work
    return {
        "region": result.region, "year": result.year, "run": result.run_id,
        "documents": len(result.documents), "pages": result.pages, "failures": len(result.failed),
        "other government": sum(1 for f in result.foreign if not f.accepted),
        "proposals changed": work.proposals_added,
        "extracted": work.extracted, "from cache": work.extraction_cached, "matched": work.matched,
        "rescored": "yes" if work.rescored else "no (evidence unchanged)",
        "changes": changes_text(result),
        "seconds": round(result.elapsed_seconds, 1), "finished": format_wib(now_wib()),
    }


def changes_text(result: RunResult) -> str:
    """The proposals a run added, ``indicator: old → new level`` (``-``: the first proposal)."""
    return ", ".join(str(c) for c in result.work.changes)


def document_rows(result: RunResult) -> list[dict[str, object]]:
    """One row per file: status, pages, whether extraction and matching ran, the first issue, and
    for a document of another government whether it counts."""
    foreign = {f.sha256: f for f in result.foreign}
    return [_document_row(w, foreign.get(w.file.sha256)) for w in result.document_work]


def _document_row(work: DocumentWork, foreign: ForeignDocument | None) -> dict[str, object]:
    outcome = work.outcome
    return {
        "file": outcome.name, "status": outcome.status.value, "pages": outcome.pages,
        "extraction": _done(work.extracted, bool(work.extraction_key)),
        "matching": _done(work.matched, work.match_key is not None),
        "seconds": work.seconds, "issue": outcome.issues[0].message if outcome.issues else "",
        "other government": f"{foreign.government}: {foreign.state}" if foreign else "",
    }


def _done(ran: bool, applicable: bool) -> str:
    if ran:
        return "ran"
    return "cached" if applicable else "-"


def nightly_rows(result: NightlyResult) -> list[dict[str, object]]:
    """One row per submission; list fields joined so the table shows them in one cell."""
    return [{k: ", ".join(v) if isinstance(v, list) else v for k, v in s.model_dump().items()}
            for s in result.submissions]


def nightly_markdown(result: NightlyResult) -> str:
    """The nightly pass for a person: the summary, failed files, changed proposals and the
    folders of the inbox that were ignored (not ``<region>/<year>``)."""
    lines = [f"# Nightly {format_wib(now_wib())}", "", nightly_summary(result), "",
             f"Inbox: `{result.root}`", ""]
    for sub in result.submissions:
        lines.append(f"## {sub.region} {sub.year}: {sub.state}")
        if sub.message:
            lines.append(f"- {sub.message}")
        if sub.failed_files:
            lines.append(f"- failed files: {', '.join(sub.failed_files)}")
        lines.append(f"- proposals changed: {', '.join(sub.changes) if sub.changes else 'none'}")
        lines.append("")
    lines.append("## Ignored folders")
    lines.extend([f"- {note}" for note in result.ignored] or ["none"])
    return "\n".join(lines) + "\n"


def nightly_summary(result: NightlyResult) -> str:
    """The nightly run in one line: submissions, documents, work done, failures."""
    subs = result.submissions
    return (f"{len(subs)} submissions: {sum(s.documents for s in subs)} documents, "
            f"{sum(s.extracted for s in subs)} extracted, {sum(s.matched for s in subs)} matched, "
            f"{sum(s.proposals_added for s in subs)} proposals changed, "
            f"{len(result.partial)} with failed documents, {len(result.crashed)} runs failed")
