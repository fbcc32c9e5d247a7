"""Summaries of proposals for people: rows for the terminal table and the Prefect markdown artifact."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from core.models import Passage, Proposal
from pipeline.models import AssessmentResult, DocumentOutcome
from rules.doc_classes import non_evidence_class
from rules.schema import RulePack
from rules.scoring import IndexResult


class ReportRow(BaseModel):
    """One indicator line of a report."""

    model_config = ConfigDict(extra="forbid")

    indicator_id: str
    name: str
    level: int
    confidence: float
    needs_manual: bool
    citation: str  # strongest citation, "file p.3, Pasal 8 ayat (6)"
    missing: str  # first criterion missing for the next level


def cite(passage: Passage) -> str:
    """A short human citation: file, page and Pasal when known."""
    where = f"{passage.file_name} hlm. {passage.page}"
    return f"{where}, {passage.location}" if passage.location else where


def report_rows(proposals: Sequence[Proposal], names: dict[str, str]) -> list[ReportRow]:
    """Rows in indicator order; ``names`` maps indicator id to its display name."""
    rows = []
    for p in sorted(proposals, key=lambda p: _sort_key(p.indicator_id)):
        rows.append(
            ReportRow(
                indicator_id=p.indicator_id,
                name=names.get(p.indicator_id, p.indicator_id),
                level=p.level,
                confidence=p.confidence,
                needs_manual=p.needs_manual,
                citation=cite(p.passages[0]) if p.passages else "-",
                missing=p.next_level_missing[0] if p.next_level_missing else "",
            )
        )
    return rows


def short_name(name: str) -> str:
    """Indicator name without the 'Tingkat Kematangan' prefix every indicator shares.

    Only that prefix goes: "Kebijakan Internal" and "Penerapan" are what tell indicator 1 (the
    policy on the architecture) from 11 (the architecture itself), or 3 from 23.
    """
    prefix = "Tingkat Kematangan "
    return name[len(prefix) :] if name.startswith(prefix) else name


def level_label(row: ReportRow) -> str:
    """A report row's level as shown: ``manual`` for an indicator left to the assessor."""
    if row.needs_manual and row.level == 0:
        return "manual"
    return str(row.level)


def not_evidence(documents: list[DocumentOutcome], pack: RulePack) -> list[tuple[DocumentOutcome, str]]:
    """Documents the pack does not read as evidence, with the reason (the class description)."""
    out = []
    for doc in documents:
        if not doc.ok:
            continue
        name = non_evidence_class(doc.doc_type, doc.legal_status, doc.title, pack, doc.issuer)
        if name is not None:
            out.append((doc, pack.document_classes[name].description))
    return out


def set_aside(result: AssessmentResult, pack: RulePack) -> list[tuple[DocumentOutcome, str]]:
    """Every readable document not counted, with the reason: the pack's classes, then documents
    of another government no assessor accepted."""
    outcomes = {d.sha256: d for d in result.documents}
    foreign = [(outcomes[f.sha256], f.reason) for f in result.foreign
               if not f.accepted and f.sha256 in outcomes]
    return not_evidence(result.documents, pack) + foreign


def accepted_foreign(result: AssessmentResult) -> list[tuple[str, str]]:
    """(file name, state) of the documents of another government an assessor accepted."""
    return [(f.name, f"dari {f.government}; {f.state}") for f in result.foreign if f.accepted]


def withheld_documents(proposals: Sequence[Proposal]) -> dict[str, tuple[str, list[str]]]:
    """File name -> (reason, indicators) of the documents the proposals would have cited but did not count."""
    found: dict[str, tuple[str, list[str]]] = {}
    for proposal in sorted(proposals, key=lambda p: _sort_key(p.indicator_id)):
        for withheld in proposal.withheld:
            found.setdefault(withheld.file_name, (withheld.reason, []))[1].append(proposal.indicator_id)
    return found


def render_markdown(
    rows: Sequence[ReportRow],
    index: IndexResult,
    title: str,
    summary: str,
    set_aside: Sequence[tuple[DocumentOutcome, str]] = (),
    accepted: Sequence[tuple[str, str]] = (),
) -> str:
    """The Prefect artifact: the run summary, index and predicate, one line per indicator, and
    the documents not counted (or counted only because an assessor accepted them)."""
    lines = [
        f"# {title}",
        "",
        summary,
        "",
        f"**Indeks sementara (dari usulan): {index.total:.2f} — {index.predicate}**",
        "",
        "| Indikator | Nama | Level | Keyakinan | Kutipan terkuat |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        name = short_name(r.name).replace("|", "/")
        lines.append(f"| {r.indicator_id} | {name} | {level_label(r)} | {r.confidence:.2f} | {r.citation} |")
    if set_aside:
        lines += ["", "**Tidak dihitung sebagai bukti:**", ""]
        lines += [f"- {doc.name} — {reason}" for doc, reason in set_aside]
    if accepted:
        lines += ["", "**Dokumen wilayah lain yang diterima penilai:**", ""]
        lines += [f"- {name} — {state}" for name, state in accepted]
    return "\n".join(lines)


def _sort_key(indicator_id: str) -> tuple[int, str]:
    digits = "".join(ch for ch in indicator_id if ch.isdigit())
    return (int(digits) if digits else 0, indicator_id)


class StoredReport(BaseModel):
    """The current state of one submission, read back from the database."""

    model_config = ConfigDict(extra="forbid")

    submission_id: int
    region: str
    year: int
    framework: str
    proposals: list[Proposal]
    index: IndexResult


def load_report(database_url: str | None, submission_id: int | None = None) -> StoredReport:
    """The latest proposals of ``submission_id`` (default: the most recently assessed submission)."""
    from core.errors import InputError
    from rules.loader import load_rule_pack
    from rules.scoring import compute_index
    from store.convert import to_proposal
    from store.db import get_engine, session_scope
    from store.models import Submission
    from store.repository import current_proposals, get_submission, list_submissions

    engine = get_engine(database_url)
    try:
        with session_scope(engine) as session:
            sub: Submission | None
            if submission_id is None:
                subs = list_submissions(session)
                if not subs:
                    raise InputError(
                        "belum ada pengajuan di database: jalankan `bukti assess FOLDER` lebih dulu"
                    )
                sub = max(subs, key=lambda s: max((r.id for r in s.runs), default=0))
            else:
                sub = get_submission(session, submission_id)
                if sub is None:
                    raise InputError(
                        f"pengajuan {submission_id} tidak ditemukan: `bukti review list` menampilkan "
                        "daftar pengajuan"
                    )
            proposals = [to_proposal(row) for row in current_proposals(session, sub.id)]
            pack = load_rule_pack(sub.framework)
            index = compute_index({p.indicator_id: p.level for p in proposals if not p.needs_manual}, pack)
            return StoredReport(
                submission_id=sub.id,
                region=sub.region,
                year=sub.year,
                framework=sub.framework,
                proposals=proposals,
                index=index,
            )
    finally:
        engine.dispose()
