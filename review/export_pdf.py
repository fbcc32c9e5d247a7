"""The printable report as PDF: what a region attaches to its self-assessment.

A4 portrait: title and status line, the index and predicate per domain and aspect, one compact
row per indicator grouped by aspect (evidence as numbers into the list of documents), the list of
documents assessed, documents of another government, the notes that hold for every indicator
(said once, not per row), and a signature block for the assessment team. The tables live in
``review.pdf_tables``; fonts and styles in ``review.pdf_style``.

Drawn with reportlab (pure Python, already a dependency) rather than printing the HTML report
with headless Chromium: no browser binary or subprocess on the server, ~0.1 s per report, and
identical output on every machine.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from core.timefmt import to_wib
from review.packs import get_pack
from review.pdf_style import Styles, para, styles
from review.pdf_tables import document_table, foreign_table, index_table, indicator_table
from review.report import Report
from review.report_text import (
    NOTES,
    SHARED_GAPS_INTRO,
    SIGNATURE_PLACE,
    SIGNATURE_STATEMENT,
    confirmed_text,
    shared_gap_notes,
    signature_names,
)
from review.templating import format_number

MARGIN = 1.6 * cm
# Room a section heading needs below it (its first table rows), else it moves to the next page.
HEADING_ROOM = 3 * cm


def to_pdf(report: Report) -> bytes:
    """The printable report of ``report`` as PDF bytes."""
    s = styles()
    summary = report.view.summary
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=1.4 * cm,
        bottomMargin=1.6 * cm,
        title=f"Laporan Penilaian Mandiri {summary.region} {summary.year}",
        author="bukti",
    )
    footer = f"Laporan Penilaian Mandiri {summary.framework} \u2014 {summary.region} {summary.year}"

    def on_page(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(s.regular, 7)
        canvas.drawString(MARGIN, 0.9 * cm, footer)
        canvas.drawRightString(A4[0] - MARGIN, 0.9 * cm, f"Halaman {document.page}")
        canvas.restoreState()

    doc.build(_story(report, s, doc.width), onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def _story(report: Report, s: Styles, width: float) -> list[Flowable]:
    pack = get_pack(report.view.summary.framework)
    story: list[Flowable] = [*_title(report, s, pack.title)]
    story += [*_heading("1. Indeks dan predikat", s), index_table(report, s, width, pack)]
    story += [*_heading("2. Tingkat per indikator", s), indicator_table(report, s, width)]
    story += _heading("3. Daftar dokumen yang dinilai", s)
    story += [document_table(report, s, width) if report.documents else para("Tidak ada dokumen.", s.text)]
    story += _heading("4. Dokumen dari wilayah lain", s)
    story += [foreign_table(report, s, width) if report.foreign else para("Tidak ada.", s.text)]
    story += _heading("5. Keterangan", s)
    story += [para(f"{number}. {note}", s.small) for number, note in enumerate(NOTES, start=1)]
    story += _shared_gap_notes(report, s)
    story += [_signature_block(report, s, width)]
    return story


def _heading(text: str, s: Styles) -> list[Flowable]:
    # a heading never ends a page alone; a long table after it still starts on the same page
    return [CondPageBreak(HEADING_ROOM), para(text, s.heading)]


def _title(report: Report, s: Styles, framework_title: str) -> list[Flowable]:
    summary = report.view.summary
    provisional = summary.provisional
    return [
        para(f"Laporan Penilaian Mandiri \u2014 {summary.region} {summary.year}", s.title),
        para(framework_title, s.text),
        para(
            f"Paket aturan {summary.framework} v{summary.pack_version}. Ditinjau {summary.reviewed} dari "
            f"{summary.total} indikator ({summary.stale} perlu ditinjau ulang); {len(report.documents)} "
            f"dokumen dinilai. Dibuat {to_wib(report.generated_at):%d-%m-%Y %H:%M} WIB.",
            s.text,
        ),
        Spacer(1, 3),
        para(
            f"Indeks terkonfirmasi {confirmed_text(summary, predicate=True)}; "
            f"indeks usulan {format_number(provisional.total)} ({provisional.predicate}).",
            s.text,
            bold=True,
        ),
    ]


def _shared_gap_notes(report: Report, s: Styles) -> list[Flowable]:
    """The missing items many indicators share, each written once with the indicators it concerns."""
    notes = shared_gap_notes(report)
    if not notes:
        return []
    return [Spacer(1, 3), para(SHARED_GAPS_INTRO, s.small), *(para(n, s.small) for n in notes)]


def _signature_block(report: Report, s: Styles, width: float) -> Flowable:
    """Place and date lines, then one row per team member: number, name, role, signature."""
    names = signature_names(report)
    rows: list[list[object]] = [[para(h, s.head) for h in ("No", "Nama", "Jabatan / peran", "Tanda tangan")]]
    rows += [[para(str(n), s.cell), para(name, s.cell), "", ""] for n, name in enumerate(names, start=1)]
    team = Table(rows, colWidths=[0.9 * cm, 0.38 * width, 0.3 * width, width - 0.9 * cm - 0.68 * width],
                 rowHeights=[None] + [1.1 * cm] * len(names))
    team.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, "grey"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return KeepTogether(
        [
            para("6. Pengesahan tim penilai", s.heading),
            para(SIGNATURE_STATEMENT, s.text),
            Spacer(1, 4),
            para(SIGNATURE_PLACE, s.text),
            Spacer(1, 6),
            team,
        ]
    )
