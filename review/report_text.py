"""The printed report's cells as text, shared by the PDF (``review.pdf_tables``) and the HTML report.

Cells stay short so one indicator takes a few lines: evidence is written as ``[n] hlm. 1, 3``
where ``n`` numbers the document in the list of documents assessed, what holds for every
indicator is said once in the notes (``NOTES``), and a missing item many indicators share is
written once as K1, K2 … and cited by its mark. The long per-criterion explanation is left to the
XLSX sheet and the review app.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.timefmt import to_wib
from review.report import Report, ReportLine
from review.templating import format_number
from review.views import DocumentRow, SubmissionSummary
from rules.schema import RulePack
from rules.scoring import predicate_for

INDICATOR_HEAD = ("No", "Indikator", "Tingkat", "Status", "Bukti dukung", "Catatan")
INDEX_HEAD = ("Bagian", "Bobot (%)", "Indeks usulan", "Predikat usulan", "Indeks terkonfirmasi",
              "Predikat terkonfirmasi")
DOCUMENT_HEAD = ("No", "Berkas", "Identitas dokumen", "Hlm.", "Dibaca", "Keterangan")
# A missing item shared by at least this many indicators (e.g. "Lampirkan dokumen layanan …" on
# every service indicator) is written once in the notes as K1, K2 … and cited by its mark.
SHARED_GAP_MIN = 4
# Rows of the signature block: the accounts whose decisions are in force, then empty lines up
# to this many, so a team member who reviewed without deciding can sign too.
MIN_SIGNATURE_ROWS = 4
SIGNATURE_PLACE = "Ditetapkan di ______________________, tanggal ______________________"
SIGNATURE_STATEMENT = (
    "Tim penilai menyatakan telah memeriksa bukti dan tingkat yang tercantum dalam laporan ini."
)

NOTES = (
    "Tingkat adalah tingkat yang diputuskan penilai; indikator berstatus Belum ditinjau menampilkan "
    "tingkat usulan. \u201c5 (usulan 4)\u201d: penilai mengubah tingkat usulan 4 menjadi 5, dengan alasan "
    "pada kolom Catatan.",
    "Indeks usulan dihitung dari tingkat usulan saja; indeks terkonfirmasi memakai tingkat yang diputuskan "
    "penilai dan tingkat usulan untuk indikator yang belum diputuskan.",
    "Bukti dukung ditulis sebagai [nomor dokumen] dan halaman; nomor merujuk ke daftar dokumen yang dinilai "
    "(bagian 3). Kutipan lengkap dan kekurangan per kriteria ada di lembar kerja XLSX dan aplikasi reviu.",
    "Indikator bertanda \u201cpenilaian manual\u201d tidak diusulkan otomatis (mis. kapabilitas aplikasi "
    "layanan): tingkatnya ditetapkan penilai dari bukti yang diunggah.",
    "Dokumen yang penerbit atau wilayahnya bukan wilayah pengajuan tidak dihitung sebagai bukti kecuali "
    "diterima penilai dengan alasan.",
    "Laporan ini disusun dengan bukti (perangkat penilaian terbuka). Usulan tingkat adalah bantuan bagi "
    "penilai; yang berlaku adalah keputusan tim penilai yang menandatangani laporan ini.",
)
SHARED_GAPS_INTRO = "Kekurangan yang sama pada banyak indikator (dirujuk dengan tanda K pada kolom Catatan):"


@dataclass(frozen=True)
class IndexRow:
    cells: tuple[str, ...]  # in INDEX_HEAD order
    total_or_domain: bool  # shaded and bold; aspects are indented under their domain


@dataclass(frozen=True)
class AspectRows:
    title: str  # "Domain D1 · Aspek A1. Kebijakan Internal …"
    rows: tuple[tuple[str, ...], ...]  # in INDICATOR_HEAD order


def confirmed_text(summary: SubmissionSummary, predicate: bool = False) -> str:
    """The confirmed index with what it covers, "2,10 (mencakup 12 dari 47 indikator)" (then
    ", Cukup" with ``predicate``), or "— (0 dari 47 ditinjau)" before any decision: a value then
    would only repeat the proposals. The CLI and every export write it so."""
    if not summary.decided:
        return f"\u2014 (0 dari {summary.total} ditinjau)"
    text = (f"{format_number(summary.confirmed.total)} "
            f"(mencakup {summary.decided} dari {summary.total} indikator)")
    return f"{text}, {summary.confirmed.predicate}" if predicate else text


def index_rows(report: Report, pack: RulePack) -> list[IndexRow]:
    """Total, then each domain and its aspects: weight, both indices and their predicates."""
    summary = report.view.summary
    prov, conf = summary.provisional, summary.confirmed

    def row(label: str, weight: float, provisional: float, confirmed: float, top: bool) -> IndexRow:
        cells = (label, format_number(weight), format_number(provisional), predicate_for(provisional, pack),
                 format_number(confirmed), predicate_for(confirmed, pack))
        return IndexRow(cells, top)

    rows = [row(f"Indeks {summary.framework}", 100.0, prov.total, conf.total, True)]
    for d_prov, d_conf in zip(prov.domains, conf.domains, strict=True):
        domain = f"Domain {d_prov.id}. {d_prov.name}"
        rows.append(row(domain, d_prov.weight, d_prov.index, d_conf.index, True))
        rows += [row(f"Aspek {a_prov.id}. {a_prov.name}", a_prov.weight, a_prov.index, a_conf.index, False)
                 for a_prov, a_conf in zip(d_prov.aspects, d_conf.aspects, strict=True)]
    return rows


def shared_gaps(report: Report) -> dict[str, tuple[str, list[str]]]:
    """Gap text -> (mark "K1", the indicators it is missing from), for gaps shared widely."""
    holders: dict[str, list[str]] = {}
    for line in report.lines:
        for gap in dict.fromkeys(line.gaps):
            holders.setdefault(gap, []).append(line.row.indicator_id)
    common = [gap for gap, ids in holders.items() if len(ids) >= SHARED_GAP_MIN]
    return {gap: (f"K{n}", holders[gap]) for n, gap in enumerate(common, start=1)}


def indicator_groups(report: Report) -> list[AspectRows]:
    """The indicator rows under their domain and aspect, in framework order."""
    by_id = {line.row.indicator_id: line for line in report.lines}
    marks = {gap: mark for gap, (mark, _) in shared_gaps(report).items()}
    numbers = report.document_numbers()
    names = {doc.id: doc.file_name for doc in report.documents}
    groups = []
    for domain in report.view.domains:
        for aspect in domain.aspects:
            rows = tuple(
                (line.row.indicator_id, line.row.name, level_text(line), status_text(line),
                 evidence_text(line, numbers, names), note_text(line, marks))
                for line in (by_id[r.indicator_id] for r in aspect.rows if r.indicator_id in by_id)
            )
            groups.append(AspectRows(f"Domain {domain.id} \u00b7 Aspek {aspect.id}. {aspect.name}", rows))
    return groups


def level_text(line: ReportLine) -> str:
    """The level in force; "5 (usulan 4)" when an assessor set another level than proposed."""
    row = line.row
    level = row.final_label
    decided, proposed = row.decided_level, row.proposed_level
    if decided is not None and proposed is not None and decided != proposed:
        level += f" (usulan {proposed})"
    return level


def status_text(line: ReportLine) -> str:
    """The review status, then who decided and on which day (WIB)."""
    row = line.row
    if not row.decided_by:
        return row.status_label
    when = f", {to_wib(line.decided_at):%d-%m-%Y}" if line.decided_at is not None else ""
    return f"{row.status_label}\n{row.decided_by}{when}"


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
    ``marks`` by its mark only), and documents of another government: what differs per indicator."""
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


def document_rows(report: Report) -> list[tuple[str, ...]]:
    """The documents assessed, numbered as the evidence column cites them (DOCUMENT_HEAD order)."""
    return [_document_cells(number, doc) for number, doc in enumerate(report.documents, start=1)]


def _document_cells(number: int, doc: DocumentRow) -> tuple[str, ...]:
    kind = " ".join(v.text for v in (doc.doc_type, doc.number) if v is not None)
    if doc.year is not None:
        kind += f" tahun {doc.year.text}"
    identity = "\n".join(part for part in (kind.strip(), doc.title.text if doc.title else "") if part)
    read = doc.extraction_label + (f"; OCR {doc.ocr_pages} hlm." if doc.ocr_pages else "")
    if doc.foreign is not None:
        note = f"dari {doc.foreign.government}; {doc.foreign.state_label}"
    else:
        note = f"tidak dihitung: {doc.not_evidence}" if doc.not_evidence else "dihitung sebagai bukti"
    return (str(number), doc.file_name, identity, str(doc.pages), read, note)


def signature_names(report: Report) -> list[str]:
    """The deciders, then empty lines up to ``MIN_SIGNATURE_ROWS`` (always at least one)."""
    names = list(report.deciders)
    return names + [""] * max(MIN_SIGNATURE_ROWS - len(names), 1)


def shared_gap_notes(report: Report) -> list[str]:
    """"K1. <missing item> (indikator 3, 4, …)" for each gap shared widely."""
    return [f"{mark}. {gap} (indikator {', '.join(ids)})" for gap, (mark, ids) in shared_gaps(report).items()]
