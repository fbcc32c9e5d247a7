"""The tables of the PDF report laid out with reportlab; their text comes from ``review.report_text``."""

from __future__ import annotations

from reportlab.platypus import LongTable

from review.pdf_style import GROUP_BG, Styles, min_width, para, table, widths
from review.report import FOREIGN_COLUMNS, Report
from review.report_text import (
    DOCUMENT_HEAD,
    INDEX_HEAD,
    INDICATOR_HEAD,
    document_rows,
    index_rows,
    indicator_groups,
)
from review.views import MANUAL_DECIDED_LABEL, STATUS_LABELS
from rules.schema import RulePack


def index_table(report: Report, s: Styles, width: float, pack: RulePack) -> LongTable:
    """Total, then each domain (shaded) and its aspects: weight, both indices and their predicates."""
    rows: list[list[object]] = [[para(h, s.head) for h in INDEX_HEAD]]
    shaded = []
    for row in index_rows(report, pack):
        if row.total_or_domain:
            shaded.append(len(rows))
        rows.append([para(c, s.cell, bold=row.total_or_domain) for c in row.cells])
    shading = [("BACKGROUND", (0, r), (-1, r), GROUP_BG) for r in shaded]
    return table(rows, widths(width, (None, 40, 44, 56, 60, 66), INDEX_HEAD, s), shading)


def indicator_table(report: Report, s: Styles, width: float) -> LongTable:
    """One row per indicator under a shaded row naming its domain and aspect."""
    rows: list[list[object]] = [[para(h, s.head) for h in INDICATOR_HEAD]]
    titles = []
    for group in indicator_groups(report):
        titles.append(len(rows))
        rows.append([para(group.title, s.cell, bold=True)] + [""] * (len(INDICATOR_HEAD) - 1))
        rows += [[para(c or "-", s.cell) for c in cells] for cells in group.rows]
    # an aspect's title row spans the table and never ends a page without its first indicator
    title_style = [
        cmd
        for r in titles
        for cmd in (("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), GROUP_BG),
                    ("NOSPLIT", (0, r), (-1, r + 1)))
    ]
    # the status column holds its longest word ("Dikonfirmasi") whole
    labels = [*STATUS_LABELS.values(), MANUAL_DECIDED_LABEL]
    status = max(min_width(word, s) for label in labels for word in label.split())
    return table(rows, widths(width, (20, 150, 30, status, 64, None), INDICATOR_HEAD, s), title_style)


def document_table(report: Report, s: Styles, width: float) -> LongTable:
    """The documents assessed, numbered as the evidence column cites them."""
    rows: list[list[object]] = [[para(h, s.head) for h in DOCUMENT_HEAD]]
    rows += [[para(c or "-", s.cell) for c in cells] for cells in document_rows(report)]
    return table(rows, widths(width, (20, 130, None, 26, 62, 110), DOCUMENT_HEAD, s))


def foreign_table(report: Report, s: Styles, width: float) -> LongTable:
    """Every document of another government: origin, the submission's region, state, history."""
    rows: list[list[object]] = [[para(h, s.head) for h in FOREIGN_COLUMNS]]
    rows += [[para(v or "-", s.cell) for v in report.foreign_values(view)] for view in report.foreign]
    return table(rows, widths(width, (None, 80, 80, 110, None), FOREIGN_COLUMNS, s))
