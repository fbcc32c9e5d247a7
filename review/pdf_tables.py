"""The tables of the PDF report: indices, indicators by aspect, documents assessed, foreign documents.

Cells stay short so one indicator takes a few lines: evidence is written as ``[n] hlm. 1, 3``
where ``n`` numbers the document in the list of documents assessed, and the long per-criterion
explanation is left to the XLSX sheet and the review app.
"""

from __future__ import annotations

from reportlab.platypus import LongTable

from review.pdf_style import GROUP_BG, Styles, min_width, para, table, widths
from review.report import FOREIGN_COLUMNS, Report, ReportLine, to_wib
from review.templating import format_number
from review.views import STATUS_LABELS, DocumentRow
from rules.schema import RulePack
from rules.scoring import predicate_for

INDICATOR_HEAD = ("No", "Indikator", "Tingkat", "Status", "Bukti dukung", "Catatan")
INDEX_HEAD = ("Bagian", "Bobot (%)", "Indeks usulan", "Predikat usulan", "Indeks terkonfirmasi",
              "Predikat terkonfirmasi")
DOCUMENT_HEAD = ("No", "Berkas", "Identitas dokumen", "Hlm.", "Dibaca", "Keterangan")
# A missing item shared by at least this many indicators (e.g. "Lampirkan dokumen layanan …" on
# every service indicator) is written once in Keterangan as K1, K2 … and cited by its mark.
SHARED_GAP_MIN = 4


def shared_gaps(report: Report) -> dict[str, tuple[str, list[str]]]:
    """Gap text -> (mark "K1", the indicators it is missing from), for gaps shared widely."""
    holders: dict[str, list[str]] = {}
    for line in report.lines:
        for gap in dict.fromkeys(line.gaps):
            holders.setdefault(gap, []).append(line.row.indicator_id)
    common = [gap for gap, ids in holders.items() if len(ids) >= SHARED_GAP_MIN]
    return {gap: (f"K{n}", holders[gap]) for n, gap in enumerate(common, start=1)}


def index_table(report: Report, s: Styles, width: float, pack: RulePack) -> LongTable:
    """Total, then each domain and its aspects: weight, both indices and their predicates."""
    summary = report.view.summary
    prov, conf = summary.provisional, summary.confirmed
    rows: list[list[object]] = [[para(h, s.head) for h in INDEX_HEAD]]
    rows.append(_index_row(f"Indeks {summary.framework}", 100.0, prov.total, conf.total, s, pack, bold=True))
    bold_rows = [1]
    for d_prov, d_conf in zip(prov.domains, conf.domains, strict=True):
        bold_rows.append(len(rows))
        rows.append(_index_row(f"Domain {d_prov.id}. {d_prov.name}", d_prov.weight, d_prov.index,
                               d_conf.index, s, pack, bold=True))
        for a_prov, a_conf in zip(d_prov.aspects, d_conf.aspects, strict=True):
            rows.append(_index_row(f"    Aspek {a_prov.id}. {a_prov.name}", a_prov.weight, a_prov.index,
                                   a_conf.index, s, pack))
    shading = [("BACKGROUND", (0, r), (-1, r), GROUP_BG) for r in bold_rows]
    return table(rows, widths(width, (None, 40, 44, 56, 60, 66), INDEX_HEAD, s), shading)


def _index_row(label: str, weight: float, provisional: float, confirmed: float, s: Styles, pack: RulePack,
               bold: bool = False) -> list[object]:
    values = (label, format_number(weight), format_number(provisional), predicate_for(provisional, pack),
              format_number(confirmed), predicate_for(confirmed, pack))
    return [para(v, s.cell, bold=bold) for v in values]


def indicator_table(report: Report, s: Styles, width: float) -> LongTable:
    """One row per indicator under a shaded row naming its domain and aspect."""
    by_id = {line.row.indicator_id: line for line in report.lines}
    marks = {gap: mark for gap, (mark, _) in shared_gaps(report).items()}
    numbers = report.document_numbers()
    names = {doc.id: doc.file_name for doc in report.documents}
    rows: list[list[object]] = [[para(h, s.head) for h in INDICATOR_HEAD]]
    groups = []
    for domain in report.view.domains:
        for aspect in domain.aspects:
            groups.append(len(rows))
            title = f"Domain {domain.id} \u00b7 Aspek {aspect.id}. {aspect.name}"
            rows.append([para(title, s.cell, bold=True)] + [""] * (len(INDICATOR_HEAD) - 1))
            rows += [_indicator_row(by_id[r.indicator_id], (numbers, names, marks), s)
                     for r in aspect.rows if r.indicator_id in by_id]
    # an aspect's shaded title row spans the table and never ends a page without its first indicator
    group_style = [
        cmd
        for r in groups
        for cmd in (("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), GROUP_BG),
                    ("NOSPLIT", (0, r), (-1, r + 1)))
    ]
    # the status column holds its longest word ("Dikonfirmasi") whole
    status = max(min_width(word, s) for label in STATUS_LABELS.values() for word in label.split())
    return table(rows, widths(width, (20, 150, 30, status, 64, None), INDICATOR_HEAD, s), group_style)


def _indicator_row(
    line: ReportLine, lookups: tuple[dict[int, int], dict[int, str], dict[str, str]], s: Styles
) -> list[object]:
    numbers, names, marks = lookups
    row = line.row
    status = row.status_label
    if row.decided_by:
        when = f", {to_wib(line.decided_at):%d-%m-%Y}" if line.decided_at is not None else ""
        status += f"\n{row.decided_by}{when}"
    cells = (row.indicator_id, row.name, level_text(line), status, evidence_text(line, numbers, names),
             note_text(line, marks))
    return [para(c or "-", s.cell) for c in cells]


def level_text(line: ReportLine) -> str:
    """The level in force; "5 (usulan 4)" when an assessor set another level than proposed."""
    row = line.row
    level = "-" if row.final_level is None else str(row.final_level)
    decided, proposed = row.decided_level, row.proposed_level
    if decided is not None and proposed is not None and decided != proposed:
        level += f" (usulan {proposed})"
    return level


def evidence_text(line: ReportLine, numbers: dict[int, int], names: dict[int, str]) -> str:
    """``[1] hlm. 1, 2`` per cited document, in citation order (a document no longer in the list
    of documents assessed is named instead)."""
    pages: dict[int, list[int]] = {}
    for document_id, page in line.cited:
        pages.setdefault(document_id, []).append(page)
    parts = []
    for document_id, cited in pages.items():
        known = document_id in numbers
        label = f"[{numbers[document_id]}]" if known else names.get(document_id, "dokumen lama")
        parts.append(f"{label} hlm. {', '.join(str(p) for p in sorted(set(cited)))}")
    return "\n".join(parts)


def note_text(line: ReportLine, marks: dict[str, str]) -> str:
    """The decision's reason, what changed since it, what the next level still needs (a gap in
    ``marks`` by its mark only), and documents of another government: what differs per indicator
    (the rest is in Keterangan)."""
    row = line.row
    notes = [f"Alasan: {line.decision_reason}"] if line.decision_reason else []
    notes += [f"Berubah sejak keputusan: {c.detail}" for c in row.changes]
    if row.needs_manual:
        notes.append("Penilaian manual.")
    if line.gaps and row.proposed_level is not None and row.proposed_level < 5:
        gaps = [marks.get(gap, gap) for gap in dict.fromkeys(line.gaps)]
        notes.append(f"Belum terpenuhi untuk tingkat {row.proposed_level + 1}: {'; '.join(gaps)}")
    notes += [f"Wilayah lain: {note}" for note in line.foreign]
    return "\n".join(notes)


def document_table(report: Report, s: Styles, width: float) -> LongTable:
    """The documents assessed, numbered as the evidence column cites them."""
    rows: list[list[object]] = [[para(h, s.head) for h in DOCUMENT_HEAD]]
    rows += [_document_row(number, doc, s) for number, doc in enumerate(report.documents, start=1)]
    return table(rows, widths(width, (20, 130, None, 26, 62, 110), DOCUMENT_HEAD, s))


def _document_row(number: int, doc: DocumentRow, s: Styles) -> list[object]:
    kind = " ".join(v.text for v in (doc.doc_type, doc.number) if v is not None)
    if doc.year is not None:
        kind += f" tahun {doc.year.text}"
    identity = "\n".join(part for part in (kind.strip(), doc.title.text if doc.title else "") if part)
    read = doc.extraction_label + (f"; OCR {doc.ocr_pages} hlm." if doc.ocr_pages else "")
    if doc.foreign is not None:
        note = f"dari {doc.foreign.government}; {doc.foreign.state_label}"
    else:
        note = f"tidak dihitung: {doc.not_evidence}" if doc.not_evidence else "dihitung sebagai bukti"
    cells = (str(number), doc.file_name, identity, str(doc.pages), read, note)
    return [para(c or "-", s.cell) for c in cells]


def foreign_table(report: Report, s: Styles, width: float) -> LongTable:
    """Every document of another government: origin, the submission's region, state, history."""
    rows: list[list[object]] = [[para(h, s.head) for h in FOREIGN_COLUMNS]]
    rows += [[para(v or "-", s.cell) for v in report.foreign_values(view)] for view in report.foreign]
    return table(rows, widths(width, (None, 80, 80, 110, None), FOREIGN_COLUMNS, s))
