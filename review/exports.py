"""Exports of a submission's review: XLSX in the shape of the self-assessment sheet, CSV,
a printable HTML report and a PDF (``review.export_pdf``).

All formats are built from one :class:`Report`: per indicator the level in force (decided,
else proposed), the review status, the justification (the override reason, else the proposal's
rationale), the evidence list with page citations and the documents of another government it
did not count (or counts because an assessor accepted them); every format also lists all
documents of another government and their state. Text that a spreadsheet would run as a
formula (``=``, ``+``, ``-``, ``@`` first) is written as text, never as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from core.models import WithheldDocument
from review.foreign import foreign_documents
from review.packs import get_pack
from review.service import load_submission, submission_view
from review.templating import format_number, template_env
from review.views import ForeignView, IndicatorRow, SubmissionView
from store.coltypes import utc_now
from store.models import DecisionAction, ProposalRow
from store.review_repo import IndicatorState, review_states
from store.users import User


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    html = "html"
    pdf = "pdf"


MEDIA_TYPES = {
    ExportFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.csv: "text/csv; charset=utf-8",
    ExportFormat.html: "text/html; charset=utf-8",
    ExportFormat.pdf: "application/pdf",
}
COLUMNS = (
    "No",
    "Domain",
    "Aspek",
    "Indikator",
    "Tingkat",
    "Status Reviu",
    "Tingkat Usulan",
    "Keyakinan",
    "Penjelasan",
    "Bukti Dukung (dokumen, halaman)",
    "Kekurangan untuk Tingkat Berikutnya",
    "Diputuskan oleh",
    "Dokumen Wilayah Lain",
)
# Column widths of the self-assessment sheet, in characters.
WIDTHS = (6, 22, 26, 44, 9, 18, 9, 10, 60, 60, 50, 16, 50)
FOREIGN_COLUMNS = ("Berkas", "Dokumen dari", "Wilayah pengajuan", "Status", "Riwayat penerimaan")
FOREIGN_SHEET = "Dokumen Wilayah Lain"
CellValue = str | int | float | datetime | None  # what the sheets write into a cell
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ReportLine:
    """One indicator of the exported sheet."""

    row: IndicatorRow
    justification: str
    evidence: tuple[str, ...]  # "file hlm. N, Pasal X", unique, in citation order
    gaps: tuple[str, ...]
    # documents of another government: withheld from this proposal, or cited once accepted
    foreign: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    view: SubmissionView
    lines: tuple[ReportLine, ...]
    generated_at: datetime
    foreign: tuple[ForeignView, ...] = ()  # every current document of another government

    @staticmethod
    def foreign_values(view: ForeignView) -> list[str]:
        """The cells of one document of another government, in ``FOREIGN_COLUMNS`` order."""
        history = "\n".join(f"{a.created_at:%d-%m-%Y %H:%M} {a.user}: {a.action_label} — {a.reason}"
                            for a in view.history)
        return [view.file_name, view.government, view.reference, view.state_label, history]


@dataclass(frozen=True)
class ExportFile:
    filename: str
    media_type: str
    content: bytes


def build_report(session: Session, submission_id: int, user: User | None) -> Report:
    """The exportable review of a submission (``user`` None: the local operator)."""
    submission = load_submission(session, submission_id, user)
    view = submission_view(session, submission.id, user)
    states = review_states(session, submission.id)
    foreign = foreign_documents(session, submission, get_pack(submission.framework))
    by_sha = {f.sha256: f for f in foreign.values()}
    lines = tuple(_line(row, states.get(row.indicator_id), by_sha) for row in view.rows)
    ordered = tuple(sorted(foreign.values(), key=lambda f: f.file_name))
    return Report(view=view, lines=lines, generated_at=utc_now(), foreign=ordered)


def _justification(proposal: ProposalRow | None) -> str:
    """Fakta / Analisis / Justifikasi as assessors write them; the rationale for older proposals."""
    if proposal is None:
        return ""
    guidance = proposal.guidance or {}
    parts = [
        f"{label}: {guidance[key]}"
        for key, label in (("fakta", "Fakta"), ("analisis", "Analisis"), ("justifikasi", "Justifikasi"))
        if guidance.get(key)
    ]
    return "\n".join(parts) if parts else proposal.rationale


def _foreign_notes(proposal: ProposalRow | None, foreign: dict[str, ForeignView]) -> tuple[str, ...]:
    """Documents of another government for one indicator: those its proposal withheld (with the
    level they would give) and accepted ones it cites."""
    if proposal is None:
        return ()
    notes = []
    for raw in proposal.withheld or []:
        withheld = WithheldDocument.model_validate(raw)
        view = foreign.get(withheld.sha256)
        state = view.state_label if view is not None else withheld.reason
        notes.append(f"{withheld.file_name}: {state}; tingkat bila dihitung {withheld.level_with}")
    cited = dict.fromkeys(c.document.sha256 for c in proposal.citations)
    # cited: accepted, or still counted by a proposal made before it was set aside (until the next run)
    notes += [foreign[sha].export_text for sha in cited if sha in foreign]
    return tuple(notes)


def _line(row: IndicatorRow, state: IndicatorState | None, foreign: dict[str, ForeignView]) -> ReportLine:
    proposal = state.proposal if state else None
    decision = state.decision if state else None
    if decision is not None and decision.action == DecisionAction.override.value:
        justification = decision.reason
    else:
        justification = _justification(proposal)
    evidence: dict[str, None] = {}
    for citation in proposal.citations if proposal is not None else []:
        label = f"{citation.document.name} hlm. {citation.page}"
        evidence[f"{label}, {citation.location}" if citation.location else label] = None
    gaps = tuple(proposal.next_level_missing) if proposal is not None else ()
    return ReportLine(row=row, justification=justification, evidence=tuple(evidence), gaps=gaps,
                      foreign=_foreign_notes(proposal, foreign))


def export_submission(
    session: Session, submission_id: int, fmt: ExportFormat | str, user: User | None
) -> ExportFile:
    """The submission's review as a file of format ``fmt``."""
    kind = ExportFormat(fmt)
    report = build_report(session, submission_id, user)
    if kind is ExportFormat.xlsx:
        content = to_xlsx(report)
    elif kind is ExportFormat.csv:
        content = to_csv(report)
    elif kind is ExportFormat.html:
        content = to_html(report).encode("utf-8")
    else:
        from review.export_pdf import to_pdf  # reportlab is only loaded when a PDF is asked for

        content = to_pdf(report)
    summary = report.view.summary
    stem = f"penilaian-{_slug(summary.region)}-{summary.year}-{summary.framework}"
    return ExportFile(filename=f"{stem}.{kind.value}", media_type=MEDIA_TYPES[kind], content=content)


def _slug(text: str) -> str:
    """ASCII only: the name goes into a Content-Disposition header."""
    kept = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in text.lower())
    return "-".join(kept.split()) or "wilayah"


def line_values(number: int, line: ReportLine) -> list[str | int | float | None]:
    """The cells of one line, in ``COLUMNS`` order."""
    row = line.row
    return [
        number,
        row.domain,
        row.aspect,
        f"{row.indicator_id}. {row.name}",
        row.final_level,
        row.status_label,
        row.proposed_level,
        round(row.confidence, 2) if row.confidence is not None else None,
        line.justification,
        "\n".join(line.evidence),
        "\n".join(line.gaps),
        row.decided_by or "",
        "\n".join(line.foreign),
    ]


def as_text(value: str) -> str:
    """A cell value a spreadsheet shows as text (OWASP CSV injection: prefix a quote)."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def to_csv(report: Report) -> bytes:
    """UTF-8 with BOM (so Excel reads the accents), one line per indicator."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for number, line in enumerate(report.lines, start=1):
        writer.writerow(
            ["" if v is None else as_text(v) if isinstance(v, str) else v for v in line_values(number, line)]
        )
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(report: Report) -> bytes:
    """The self-assessment sheet plus an index sheet (domain and aspect indices)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Penilaian Mandiri"
    _sheet_header(sheet, report)
    header_row = 5
    _write_row(sheet, header_row, COLUMNS, bold=True)
    for number, line in enumerate(report.lines, start=1):
        _write_row(sheet, header_row + number, line_values(number, line))
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"{get_column_letter(5)}{header_row + 1}"
    sheet.auto_filter.ref = (
        f"A{header_row}:{get_column_letter(len(COLUMNS))}{header_row + len(report.lines)}"
    )
    _index_sheet(workbook.create_sheet("Indeks"), report)
    _foreign_sheet(workbook.create_sheet(FOREIGN_SHEET), report)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_header(sheet: Worksheet, report: Report) -> None:
    s = report.view.summary
    _set(sheet, 1, 1, f"Penilaian Mandiri {s.framework} — {s.region} {s.year}").font = Font(
        bold=True, size=14
    )
    _set(
        sheet,
        2,
        1,
        f"Paket aturan v{s.pack_version}; ditinjau {s.reviewed} dari {s.total} indikator"
        f" ({s.stale} perlu ditinjau ulang); dibuat {report.generated_at:%d-%m-%Y %H:%M} UTC",
    )
    _set(
        sheet,
        3,
        1,
        f"Indeks sementara (usulan): {format_number(s.provisional.total)} ({s.provisional.predicate});"
        f" indeks terkonfirmasi: {format_number(s.confirmed.total)} ({s.confirmed.predicate})",
    )


def _index_sheet(sheet: Worksheet, report: Report) -> None:
    s = report.view.summary
    _write_row(
        sheet, 1, ("Bagian", "Nama", "Bobot (%)", "Indeks Sementara", "Indeks Terkonfirmasi"), bold=True
    )
    rows: list[Sequence[str | float]] = [
        ("Indeks", s.framework, 100.0, s.provisional.total, s.confirmed.total)
    ]
    for d_prov, d_conf in zip(s.provisional.domains, s.confirmed.domains, strict=True):
        rows.append((f"Domain {d_prov.id}", d_prov.name, d_prov.weight, d_prov.index, d_conf.index))
        for a_prov, a_conf in zip(d_prov.aspects, d_conf.aspects, strict=True):
            rows.append((f"Aspek {a_prov.id}", a_prov.name, a_prov.weight, a_prov.index, a_conf.index))
    rows.append(("Predikat", "", "", s.provisional.predicate, s.confirmed.predicate))
    for offset, values in enumerate(rows, start=2):
        _write_row(sheet, offset, values)
    for letter, width in zip("ABCDE", (14, 50, 10, 18, 20), strict=True):
        sheet.column_dimensions[letter].width = width


def _foreign_sheet(sheet: Worksheet, report: Report) -> None:
    """Every current document of another government and whether it counts (a header alone: none)."""
    _write_row(sheet, 1, FOREIGN_COLUMNS, bold=True)
    for offset, view in enumerate(report.foreign, start=2):
        _write_row(sheet, offset, report.foreign_values(view))
    for letter, width in zip("ABCDE", (40, 30, 30, 50, 60), strict=True):
        sheet.column_dimensions[letter].width = width


def _write_row(sheet: Worksheet, row: int, values: Sequence[CellValue], bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        cell = _set(sheet, row, column, value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE6F0")


def _set(sheet: Worksheet, row: int, column: int, value: CellValue) -> Cell:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store "=..." as a formula
    return cell


def to_html(report: Report) -> str:
    """A standalone, printable HTML report (A4 landscape, no scripts, no external files)."""
    template = template_env().get_template("report.html")
    return template.render(report=report, summary=report.view.summary)
