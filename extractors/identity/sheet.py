"""Identity of documents that are not instruments: SOP sheets, reports, minutes, covers.

An SOP (PermenPAN 35/2012 format) carries an identity table — "Nomor SOP", "Tgl. Pembuatan",
"Tgl. Efektif", "Disahkan oleh", "Nama SOP" — whose values OCR and PDF text often scatter.
Reports and policy manuals have a cover whose capitalised lines are the title, and the region or
institution they concern ("PEMERINTAH KAB. MADIUN", "KEMENTERIAN ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from core.models import DocType
from extractors.identity.heading import parse_number
from extractors.identity.region import region_in_text, region_name, spell_region_in
from extractors.identity.text import Line, find_date, is_title_like, is_upper, tidy_spaces, title_case

# Document-kind markers at the top of non-instrument documents, checked in reading order.
_MARKERS: tuple[tuple[re.Pattern[str], DocType], ...] = (
    (
        re.compile(r"^(STANDAR\s+OPERASIONAL\s+PROSEDUR|STANDARD\s+OPERATING\s+PROCEDURES?)\b", re.I),
        DocType.sop,
    ),
    (re.compile(r"^(Nomor|Nama|No\.?)\s*SOP\b", re.I), DocType.sop),
    (
        re.compile(r"^(NOTA\s+DINAS|NOTULEN|NOTULA|DAFTAR\s+HADIR|UNDANGAN|RISALAH\s+RAPAT)\b"),
        DocType.notulen_undangan,
    ),
    (re.compile(r"^(LAPORAN|INDEKS\s+SPBE|MONEV|HASIL\s+EVALUASI|KAJIAN|EVALUASI)\b"), DocType.laporan),
    (re.compile(r"^(RENCANA\s+INDUK|MASTER\s*PLAN|CETAK\s+BIRU)\b", re.I), DocType.rencana_induk),
    (re.compile(r"^KEBIJAKAN\s+INTERNAL\b", re.I), DocType.kebijakan_internal),
)
# Lines of a cover that name the author institution rather than continue the title.
_COVER_STOP = re.compile(
    r"^(FAKULTAS|UNIVERSITAS|DINAS|KEMENTERIAN|DEPUTI|BADAN|DISUSUN|OLEH|DENGAN|BIDANG|BAGIAN)\b", re.I
)
_SOP_DATE = re.compile(r"(?:Tgl\.?|Tanggal)\s*(Efektif|Pengesahan|Penetapan|Berlaku)\b\s*[:|]?\s*(.*)$", re.I)
_SOP_MADE = re.compile(r"(?:Tgl\.?|Tanggal)\s*(Pembuatan|Dibuat)\b\s*[:|]?\s*(.*)$", re.I)
_CODE = re.compile(r"^[:\s]*([0-9A-Z][0-9A-Za-z.\-]*(?:\s*/\s*[0-9A-Za-z.\-]+){2,})\s*$")
_CODE_AFTER_COLON = re.compile(r"(?:^|:)\s*([0-9][0-9A-Za-z.\-]*(?:\s*/\s*[0-9A-Za-z.\-]+){2,})\s*$")
OFFICE_LINE = re.compile(
    r"^(?:Dari|Pengirim)?[:\s]*((?:Kepala|Sekretaris|Direktur|Camat|Panewu|Lurah|Deputi)\b.*)$", re.I
)


@dataclass
class KindMarker:
    doc_type: DocType
    line: Line
    index: int


@dataclass
class SopSheet:
    """Values read from an SOP identity table; any may be missing."""

    number: tuple[str, Line] | None = None
    title: tuple[str, Line] | None = None
    date_set: tuple[date, Line] | None = None
    date_made: tuple[date, Line] | None = None
    issuer: tuple[str, Line] | None = None


def find_marker(lines: list[Line]) -> KindMarker | None:
    """The first document-kind marker line (SOP, notulen, laporan ...).

    A marker set in capitals, or an SOP field label, wins over an earlier mixed-case line that
    merely starts like one ("Rencana Induk Pengembangan ..." quoted in an SOP's legal basis).
    """
    weak: KindMarker | None = None
    table = sop_table(lines)
    for i, line in enumerate(lines):
        if table is not None and i == table.index:
            return table
        text = re.sub(r"^[^A-Za-z0-9]+", "", line.text)  # OCR specks before the heading
        if len(text.split()) <= 14 and is_upper(text) and _SOP_HEADING.search(text):
            return KindMarker(DocType.sop, line, i)  # "LOGO  STANDAR OPERASIONAL PROSEDUR" in a table row
        for pattern, doc_type in _MARKERS:
            if not pattern.match(text) or len(text.split()) > 14:
                continue
            if is_upper(text) or doc_type is DocType.sop:
                return KindMarker(doc_type, line, i)
            weak = weak or KindMarker(doc_type, line, i)
    return weak or table


# The SOP heading in its spellings (PermenPAN 35/2012 says "Standar Operasional Prosedur";
# regions also write "Standar Prosedur Operasional", "Prosedur Operasional Standar").
_SOP_HEADING = re.compile(
    r"\b(?:STANDAR[D]?\s+OPERASIONAL\s+PROSEDUR[E]?|STANDAR\s+PROSEDUR\s+OPERASIONAL|"
    r"PROSEDUR\s+OPERASIONAL\s+STANDAR|STANDARD\s+OPERATING\s+PROCEDURES?)\b",
    re.I,
)
# Labels of the SOP identity table (PermenPAN 35/2012); the first group only SOP sheets use.
_SOP_LABELS_SPECIFIC = (
    r"N(?:o|omor)\.?\s*SOP", r"Nama\s+SOP", r"(?:Tgl\.?|Tanggal)\s*Pembuatan", r"(?:Tgl\.?|Tanggal)\s*Revisi",
    r"(?:Tgl\.?|Tanggal)\s*(?:Efektif|Pengesahan)", r"Disahkan\s+[Oo]leh", r"Kualifikasi\s+Pelaksana",
    r"Pencatatan\s+dan\s+Pendataan", r"Peralatan\s*/\s*Perlengkapan",
)  # fmt: skip
_SOP_LABELS_COMMON = (r"Dasar\s+Hukum", r"Keterkaitan", r"Peringatan")
SOP_TABLE_MIN = 3  # labels of the table found (at least two of them SOP-only) make an SOP sheet
# Compiled once: built per line and label, the expressions cost a look-up in re's cache each time
# (~1 % of a text job, every line of every document is tried).
_SOP_SEARCHES = tuple((label, re.compile(rf"\b{label}\b", re.I))
                      for label in _SOP_LABELS_SPECIFIC + _SOP_LABELS_COMMON)


def sop_table(lines: list[Line]) -> KindMarker | None:
    """An SOP identity table read anywhere in the lines, whatever order the cells came out in.

    PDF text and OCR join or split the cells of the table ("PEMERINTAH KOTA X Nomor SOP ..."), so
    the labels are looked for inside lines, not at their start; the marker is the first label's line.
    """
    first: dict[str, int] = {}
    for i, line in enumerate(lines):
        for label, search in _SOP_SEARCHES:
            if label not in first and search.search(line.text):
                first[label] = i
    specific = [label for label in first if label in _SOP_LABELS_SPECIFIC]
    if len(first) < SOP_TABLE_MIN or len(specific) < 2:
        return None
    index = min(first[label] for label in specific)
    return KindMarker(DocType.sop, lines[index], index)


def cover_title(lines: list[Line], start: int) -> tuple[str, Line] | None:
    """Capitalised cover lines from ``start`` on the same page, joined (the document's own title)."""
    first = lines[start]
    parts = [re.sub(r"\s+[ivxlc]{1,5}$", "", first.text.strip())]
    sparse = sum(1 for ln in lines if ln.page == first.page) <= COVER_MAX_LINES
    if is_upper(first.text):
        for k, line in enumerate(lines[start + 1 : start + 8], start=start + 1):
            text = line.text.strip()
            if line.page != first.page or _COVER_STOP.match(text) or _author_block(lines, k):
                break
            if not is_upper(text):
                if not (sparse and len(parts) == 1 and _subtitle(text)):
                    break
                text = text.upper()  # a cover's subtitle in title case right under its first line
            parts.append(text)
    title = tidy_spaces(" ".join(parts))
    return (title, first) if title else None


# Units of a regional government, as the second line of its letterhead names them (in capitals).
_REGIONAL_UNIT = re.compile(r"^(DINAS|BADAN|SEKRETARIAT|INSPEKTORAT|KANTOR|BAGIAN|BIDANG)\b")


def _author_block(lines: list[Line], k: int) -> bool:
    """ "PEMERINTAH KABUPATEN X" over "DINAS ...": the author's letterhead, not the title going on.

    A government line followed by anything else ("Deputi ..." of a ministry) is the subject the
    title names ("Laporan Hasil Evaluasi ... Pemerintah Kabupaten X").
    """
    return (
        re.match(r"^PEMERINTAH\b", lines[k].text.strip()) is not None
        and k + 1 < len(lines)
        and lines[k + 1].page == lines[k].page
        and _REGIONAL_UNIT.match(lines[k + 1].text.strip()) is not None
    )


COVER_MAX_LINES = 15  # a page with no more lines than this is a cover, not a body page
# Lines of a letter or memo header, never a subtitle ("Hari/Tanggal : ...", "Kepada Yth. ...").
_NOT_SUBTITLE = re.compile(r"[:\d]|\b(Yth|Kepada|Dari|Hal|Perihal|Sifat|Lampiran|Tanggal|Nomor)\b", re.I)


def _subtitle(text: str) -> bool:
    """A title-case line that can continue a cover title ("Sistem Pemerintahan Berbasis Elektronik")."""
    return len(text.split()) >= 2 and is_title_like(text) and not _NOT_SUBTITLE.search(text)
_ADDRESS = re.compile(r"\b(Jalan|Jl\.|Telp|Telepon|Fax|Faks|E-?mail|Website|Laman|Kode\s*Pos|www\.)", re.I)


def title_under_letterhead(lines: list[Line]) -> tuple[str, Line] | None:
    """The capitalised title under a letterhead's address lines, for documents of no known kind.

    Only the first page's top counts, and only after an address ("Jalan ...", "Telp", "E-mail"),
    so a body sentence set in capitals is never mistaken for a title.
    """
    if not lines:
        return None
    page = [ln for ln in lines if ln.page == lines[0].page]
    address = [i for i, ln in enumerate(page[:12]) if _ADDRESS.search(ln.text)]
    if not address:
        return None
    start = address[-1] + 1
    while start < len(page) and not page[start].text.strip():
        start += 1
    if start >= min(len(page), 12) or not is_upper(page[start].text) or re.search(r"\d", page[start].text):
        return None
    return cover_title(page, start)


_LETTER_NUMBER = re.compile(r"^(?:Nomor|No\.?)\s*:\s*(.+)$", re.I)


_AFTER_NUMBER = re.compile(r"\s+(?:Lampiran|Sifat|Hal|Perihal|Tanggal)\b.*$|\s+[A-Z][a-z]+,\s*\d.*$", re.I)


def _letter_code(rest: str) -> str | None:
    """The code a "Nomor :" line gives, without what a letter prints beside it; None when blank."""
    rest = _AFTER_NUMBER.sub("", rest)  # "... Lampiran : 1 berkas", "... Denpasar, 1 Maret 2021"
    rest = re.sub(r"\s*/\s*", "/", rest.strip())
    code = rest.split()[0] if rest.split() else ""
    if "/" not in code or "//" in code or code.startswith("/") or code.endswith("/"):
        return None  # no code, or a blank segment left for the number of a draft ("005/ /2021")
    number, _, _ = parse_number(code)
    return number


_SUBJECT = re.compile(r"^(?:Perihal|Hal)\s*:\s*(.{4,})$", re.I)


def letter_subject(lines: list[Line]) -> tuple[str, Line] | None:
    """The subject of a letter or memo ("Perihal : Rapat Evaluasi SPBE") on its first page."""
    if not lines:
        return None
    for line in (ln for ln in lines if ln.page == lines[0].page):
        match = _SUBJECT.match(line.text.strip())
        if match and re.search(r"[A-Za-z]{3}", match.group(1)):
            return tidy_spaces(match.group(1)).strip(" .;:"), line
    return None


def letter_number(lines: list[Line]) -> tuple[str, Line] | None:
    """The number of a letter or memo ("Nomor : 005/26.1/411.311/2021") on its first page."""
    if not lines:
        return None
    for line in (ln for ln in lines if ln.page == lines[0].page):
        match = _LETTER_NUMBER.match(line.text.strip())
        if match and (number := _letter_code(match.group(1))):
            return number, line
    return None


def _value_after(lines: list[Line], i: int, rest: str) -> str:
    rest = rest.strip(" :.|")
    if rest or i + 1 >= len(lines):
        return rest
    return lines[i + 1].text.strip(" :.|")


def read_sop_sheet(lines: list[Line]) -> SopSheet:
    """Nomor SOP, Nama SOP, Tgl. Efektif/Pengesahan, Tgl. Pembuatan and the approving office."""
    sheet = SopSheet()
    for i, line in enumerate(lines):
        text = line.text.strip()
        if sheet.number is None and (
            m := re.search(r"N[o0]mor\s+SOP\b\s*(?:n[o0]mor)?\s*[:.]?\s*(.*)$", text, re.I)
        ):
            number, _, _ = parse_number(m.group(1))
            if number and _CODE.match(number):
                sheet.number = (number, line)
        if sheet.title is None and (m := re.search(r"Nama\s+SOP\b\s*[:.]?\s*(.*)$", text, re.I)):
            value = _value_after(lines, i, m.group(1))
            if value:
                sheet.title = (tidy_spaces(value), line)
        if sheet.date_set is None and (m := _SOP_DATE.search(text)) and (found := _date_value(lines, i, m)):
            sheet.date_set = found
        if sheet.date_made is None and (m := _SOP_MADE.search(text)) and (found := _date_value(lines, i, m)):
            sheet.date_made = found
    if sheet.number is None:
        sheet.number = _loose_code(lines)
    sheet.issuer = _sop_office(lines)
    return sheet


def _date_value(lines: list[Line], i: int, match: re.Match[str]) -> tuple[date, Line] | None:
    """The date after a "Tanggal ..." label, on its line or (table cell) on the next one."""
    if match.group(2).strip(" :|"):
        found = find_date(match.group(2))
        return (found, lines[i]) if found else None
    if i + 1 < len(lines) and (found := find_date(lines[i + 1].text)) and len(lines[i + 1].text) < 30:
        return found, lines[i + 1]
    return None


def _loose_code(lines: list[Line]) -> tuple[str, Line] | None:
    """A stand-alone ": 205/004/DKIS/2018" value where the table lost its "Nomor SOP" label."""
    for line in lines:
        match = _CODE_AFTER_COLON.search(line.text)
        if match:
            number, _, _ = parse_number(match.group(1))
            if number:
                return number, line
    return None


_APPROVED_BY = re.compile(r"^.*?\b(?:Disahkan|Ditetapkan|Mengesahkan)\s*(?:oleh)?\s*[:.]?\s*(?=\S)", re.I)


def _sop_office(lines: list[Line]) -> tuple[str, Line] | None:
    """The approving office ("Kepala Dinas ... Kota Denpasar"), completed over wrapped lines."""
    best: tuple[str, Line] | None = None
    for i, line in enumerate(lines):
        # the table cell's label may share the line ("Disahkan oleh : Kepala Dinas ...")
        match = OFFICE_LINE.match(_APPROVED_BY.sub("", line.text))
        if not match:
            continue
        office = match.group(1).strip(" ,")
        if not is_title_like(office):
            continue  # a sentence in a flowchart ("Kepala Dinas dikirim kepada OPD")
        for nxt in lines[i + 1 : i + 3]:
            if (
                region_in_text(office)
                or not nxt.text[:1].isupper()
                or is_upper(nxt.text) != is_upper(office)
            ):
                break
            if not is_title_like(nxt.text) or ":" in nxt.text:
                break  # a sentence, or the next cell of the table ("Nama SOP : ...")
            office = f"{office} {nxt.text.strip(' ,')}"
        office = tidy_spaces(office)
        if region_in_text(office):
            return spell_region_in(office), line
        best = best or (office, line)
    return best


# Lines that head every page of a document without naming it (letterhead, author, region).
_NOT_RUNNING_TITLE = re.compile(
    r"^(PEMERINTAH|DINAS|BADAN|KEMENTERIAN|SEKRETARIAT|KANTOR|BAGIAN|BIDANG|LAMPIRAN|NO\b|HALAMAN)", re.I
)


def running_title(lines: list[Line]) -> tuple[str, Line] | None:
    """The name an SOP's flowchart pages repeat at their top ("PROSEDUR PELAYANAN PENERBITAN AK/I").

    A capitalised line of three words or more that opens at least two pages, and is not a
    letterhead or a region: the SOP's name as its own pages print it, whatever its wording.
    """
    tops: dict[str, list[Line]] = {}
    for page in dict.fromkeys(line.page for line in lines):
        for line in [ln for ln in lines if ln.page == page][:2]:
            text = tidy_spaces(re.sub(r"^[^A-Za-z0-9]+", "", line.text))
            if is_upper(text) and len(text.split()) >= 3 and not _NOT_RUNNING_TITLE.match(text):
                if not region_in_text(text):
                    tops.setdefault(text, []).append(line)
    repeated = [(text, found[0]) for text, found in tops.items() if len({ln.page for ln in found}) >= 2]
    return repeated[0] if repeated else None


def sop_cover(lines: list[Line]) -> tuple[str, Line] | None:
    """The title of an SOP cover page ("STANDAR OPERASIONAL PROSEDUR (SOP) / PELAYANAN ...")."""
    for i, line in enumerate(lines[:30]):
        if _MARKERS[0][0].match(line.text.strip()) and is_upper(line.text):
            return cover_title(lines, i)
    return None


def institution_in_lines(lines: list[Line], *, prefer_upper: bool = False) -> tuple[str, Line] | None:
    """A ministry or agency named on a cover, the first one or the first set in capitals.

    A report cover names its author first and the body it concerns in capitals
    ("Kementerian Pendayagunaan ..." above "KEMENTERIAN KOORDINATOR BIDANG PEREKONOMIAN").
    """
    found = [f for f in (_institution_at(lines, i) for i in range(len(lines))) if f is not None]
    if prefer_upper:
        found.sort(key=lambda f: not is_upper(f[1].text))
    return found[0] if found else None


def _institution_at(lines: list[Line], i: int) -> tuple[str, Line] | None:
    line = lines[i]
    text = line.text.strip()
    if not re.match(r"^(KEMENTERIAN|BADAN|LEMBAGA|SEKRETARIAT)\b", text, re.I) or not _is_name_line(text):
        return None
    parts = [text]
    for nxt in lines[i + 1 : i + 3]:
        if nxt.page != line.page or is_upper(nxt.text) != is_upper(text) or find_marker([nxt]):
            break
        if not _is_name_line(nxt.text) or re.match(r"^(PEMERINTAH|INDEKS|TAHUN)\b", nxt.text.strip(), re.I):
            break
        parts.append(nxt.text.strip())
    joined = re.sub(r"\s+REPUBLIK\s+INDONESIA$", "", " ".join(parts), flags=re.I)
    return title_case(tidy_spaces(joined)), line


def _is_name_line(text: str) -> bool:
    """A short heading-like line naming something, not a sentence."""
    text = text.strip()
    return len(text.split()) <= 8 and not re.search(r"[.;:!?]$|\d", text)


def letterhead(lines: list[Line]) -> tuple[str, Line] | None:
    """The office of a letterhead ("PEMERINTAH KABUPATEN X" / "DINAS ...") as "Dinas ... Kabupaten X"."""
    for i, line in enumerate(lines[:6]):
        if not re.match(r"^PEMERINTAH\b", line.text.strip()) or i + 1 >= len(lines):
            continue
        region = region_name(line.text)
        office = lines[i + 1].text.strip()
        if region and re.match(r"^(DINAS|BADAN|KANTOR|SEKRETARIAT|INSPEKTORAT|BAGIAN)\b", office):
            return f"{title_case(office)} {region}", lines[i + 1]
    return None
