"""Exports of a submission's review: XLSX in the shape of the self-assessment sheet, CSV,
a printable HTML report and a PDF (``review.export_pdf``).

All formats are built from one :class:`review.report.Report` (what each indicator line holds is
described there). Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``
first) is written as text, never as a formula. Decision dates are given in WIB (UTC+7).
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

from core.timefmt import to_wib
from review import report_text as text
from review.packs import get_pack
from review.report import FOREIGN_COLUMNS, Report, ReportLine, build_report
from review.templating import format_number, template_env
from review.views import MANUAL_LEVEL, IndicatorRow
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
    "Penjelasan Usulan",
    "Bukti Dukung (dokumen, halaman)",
    "Kekurangan untuk Tingkat Berikutnya",
    "Diputuskan oleh",
    "Tanggal Keputusan (WIB)",
    "Alasan Keputusan",
    "Dokumen Wilayah Lain",
)
# Column widths of the self-assessment sheet, in characters.
WIDTHS = (6, 22, 26, 44, 9, 18, 9, 10, 60, 60, 50, 16, 17, 50, 50)
DATE_COLUMN = COLUMNS.index("Tanggal Keputusan (WIB)")
DATE_FORMAT = "dd-mm-yyyy hh:mm"
FOREIGN_SHEET = "Dokumen Wilayah Lain"
CellValue = str | int | float | datetime | None  # what the sheets write into a cell
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportFile:
    filename: str
    media_type: str
    content: bytes


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


def line_values(number: int, line: ReportLine) -> list[str | int | float | datetime | None]:
    """The cells of one line, in ``COLUMNS`` order; the decision date as a naive WIB datetime
    (spreadsheets have no time zones: the header says WIB)."""
    row = line.row
    return [
        number,
        row.domain,
        row.aspect,
        f"{row.indicator_id}. {row.name}",
        _level_cell(row.final_level, row),
        row.status_label,
        _level_cell(row.proposed_level, row),
        round(row.confidence, 2) if row.confidence is not None else None,
        line.justification,
        "\n".join(line.evidence),
        "\n".join(line.gaps),
        row.decided_by or "",
        to_wib(line.decided_at).replace(tzinfo=None) if line.decided_at is not None else None,
        line.decision_reason,
        "\n".join(line.foreign),
    ]


def _level_cell(level: int | None, row: IndicatorRow) -> int | str | None:
    """A number where there is a level; "manual" where nothing was proposed, never a 0."""
    return level if level is not None else (MANUAL_LEVEL if row.needs_manual else None)


def as_text(value: str) -> str:
    """A cell value a spreadsheet shows as text (OWASP CSV injection: prefix a quote)."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def to_csv(report: Report) -> bytes:
    """UTF-8 with BOM (so Excel reads the accents), one line per indicator."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for number, line in enumerate(report.lines, start=1):
        writer.writerow([_csv_cell(v) for v in line_values(number, line)])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value: str | int | float | datetime | None) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"  # sorts as text; the header says WIB
    return as_text(value) if isinstance(value, str) else value


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
        sheet.cell(header_row + number, DATE_COLUMN + 1).number_format = DATE_FORMAT
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
        f" ({s.stale} perlu ditinjau ulang); dibuat {to_wib(report.generated_at):%d-%m-%Y %H:%M} WIB",
    )
    _set(
        sheet,
        3,
        1,
        f"Indeks sementara (usulan): {format_number(s.provisional.total)} ({s.provisional.predicate});"
        f" indeks terkonfirmasi: {text.confirmed_text(report.view.summary, predicate=True)}",
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
    """The printed report as one standalone HTML page (A4 portrait when printed, no scripts, no
    external files), with the same sections and cells as the PDF (``review.report_text``)."""
    summary = report.view.summary
    pack = get_pack(summary.framework)
    template = template_env().get_template("report.html")
    return template.render(
        report=report,
        summary=summary,
        framework_title=pack.title,
        generated_wib=f"{to_wib(report.generated_at):%d-%m-%Y %H:%M} WIB",
        confirmed_text=text.confirmed_text(report.view.summary, predicate=True),
        index_head=text.INDEX_HEAD,
        index_rows=text.index_rows(report, pack),
        indicator_head=text.INDICATOR_HEAD,
        groups=text.indicator_groups(report),
        document_head=text.DOCUMENT_HEAD,
        document_rows=text.document_rows(report),
        foreign_head=FOREIGN_COLUMNS,
        notes=text.NOTES,
        shared_gaps_intro=text.SHARED_GAPS_INTRO,
        shared_gap_notes=text.shared_gap_notes(report),
        signature_statement=text.SIGNATURE_STATEMENT,
        signature_place=text.SIGNATURE_PLACE,
        signature_names=text.signature_names(report),
    )
