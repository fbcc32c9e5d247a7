"""The heading of a legal instrument: kind, issuing office, NOMOR, TAHUN and TENTANG title.

Indonesian regulations and decrees open with the same anatomy (Permendagri 80/2015, UU 12/2011
lampiran II)::

    [RANCANGAN|SALINAN|LAMPIRAN I :]
    PERATURAN BUPATI BATU BARA          <- kind + issuing office
    NOMOR : 81 TAHUN 2021               <- number (or 188.45/1612/HK/2019 for a keputusan)
    TENTANG
    SISTEM PEMERINTAHAN ...             <- title, possibly several lines
    DENGAN RAHMAT TUHAN YANG MAHA ESA
    BUPATI BATU BARA,                   <- the office that enacts it
    Menimbang : ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher

from core.models import DocType
from extractors.identity.text import (
    Line,
    find_date,
    find_year,
    fix_ocr_digits,
    is_title_like,
    is_upper,
    tidy_spaces,
)

# Words that open an instrument heading, after optional draft/copy/annex prefixes.
_KINDS = r"PERATURAN|KEPUTUSAN|SURAT\s+EDARAN|INSTRUKSI|PEDOMAN|KEBIJAKAN|MAKLUMAT"
_PREFIX = re.compile(
    r"^(?:(?:SALINAN|RANCANGAN|DRAFT|KONSEP|PETIKAN)\b\s*|LAMPIRA\s*N?\s*(?:[IVX]+\b)?\s*:?\s*)+", re.I
)
# "NPERATURAN" (stray glyph) still opens a heading; the kind must be in capitals.
_HEADING = re.compile(rf"^[A-Z]?({_KINDS})\b\s*(.*)$")
# Word-processor drafts sometimes write the heading in title case ("Keputusan Bupati Katingan").
_HEADING_TITLE_CASE = re.compile(rf"^({_KINDS})\b\s*(.*)$", re.I)
_NOMOR = re.compile(r"^(?:N[O0]M[O0]R|N[O0]\.?)(?=[\s:.]|$)\s*[:.]?\s*(.*)$", re.I)
_TENTANG = re.compile(r"^TENTANG\b\s*:?\s*(.*)$", re.I)
PLACEHOLDER = re.compile(r"X{2,}|\.{3,}|_{2,}|…|-{3,}", re.I)  # what a draft prints for its number
_PREAMBLE_LABEL = re.compile(
    r"^(Menimbang|Mengingat|Membaca|Memperhatikan|Menetapkan|MEMUTUSKAN)\b\s*[:\-]?\s*$|^[a-z1-9]\.?$|^[:\-]$",
    re.I,
)
_PREAMBLE_START = re.compile(
    r"^(Menimbang|Mengingat|Membaca|Memperhatikan|Menetapkan|MEMUTUSKAN|bahwa|DENGAN\s+RAHMAT)\b", re.I
)
# First words of an enacting-office line ("BUPATI BATU BARA,").
OFFICE_START = re.compile(
    r"^(BUPATI|WALI\s*KOTA|GUBERNUR|MENTERI|PRESIDEN|KEPALA|SEKRETARIS|DIREKTUR|KETUA|JAKSA|"
    r"PANGLIMA|KEPOLISIAN|GUBERNUR|DEPUTI|CAMAT|PANEWU|LURAH|REKTOR)\b",
    re.I,
)


@dataclass
class Heading:
    """What the instrument heading says; any part may be missing."""

    kind: str  # PERATURAN, KEPUTUSAN ...
    office: str  # words after the kind, e.g. "BUPATI BATU BARA"
    line: Line
    draft_marker: bool = False
    upper: bool = True  # the heading is set in capitals (else in title case)
    index: int = 0  # position of the heading line in the lines searched
    number: str | None = None
    number_line: Line | None = None
    number_blank: bool = False
    year: int | None = None
    title: str | None = None
    title_line: Line | None = None
    dated: tuple[date, Line] | None = None
    enacting_office: str | None = None  # the "BUPATI BATU BARA," line(s) after the title
    extra: list[str] = field(default_factory=list)


def doc_type_of(kind: str, office: str) -> DocType:
    """Map an instrument heading ("PERATURAN" + "WALIKOTA DENPASAR") to a DocType."""
    kind = kind.upper().split()[0]
    office = office.upper()
    if kind == "KEPUTUSAN":
        return DocType.keputusan
    if kind == "SURAT":
        return DocType.surat_edaran
    if kind == "KEBIJAKAN":
        return DocType.kebijakan_internal
    if kind != "PERATURAN":
        return DocType.lainnya
    table = (
        (r"^DAERAH\b", DocType.peraturan_daerah),
        (r"^GUBERNUR\b", DocType.peraturan_gubernur),
        (r"^BUPATI\b", DocType.peraturan_bupati),
        (r"^WALI\s*KOTA\b", DocType.peraturan_wali_kota),
        (r"^MENTERI\b", DocType.peraturan_menteri),
        (r"^PRESIDEN\b", DocType.peraturan_presiden),
    )
    for pattern, doc_type in table:
        if re.match(pattern, office):
            return doc_type
    return DocType.peraturan_lembaga


def _heading_match(text: str) -> re.Match[str] | None:
    if is_upper(text[:40]):
        return _HEADING.match(text)
    if is_title_like(text) and len(text.split()) <= 8 and not re.search(r"\d|\bNomor\b", text, re.I):
        return _HEADING_TITLE_CASE.match(text)  # not a citation "Peraturan ... Nomor 8 Tahun 2016"
    return None


def _heading_line(text: str, upper: bool) -> bool:
    """Whether ``text`` is set like the heading: capitals, or title case for a title-case heading."""
    return is_upper(text) if upper else is_title_like(text)


def _is_number_line(text: str) -> bool:
    """A heading's NOMOR line, not a wrapped citation ("Nomor 5038);")."""
    match = _NOMOR.match(text)
    return match is not None and len(match.group(1)) <= 60 and not re.search(r"[;)]\s*$", text)


def _heading_start(lines: list[Line], limit: int) -> tuple[int, bool] | None:
    """Index of the first instrument heading line and whether a draft prefix preceded it."""
    draft = False
    for i, line in enumerate(lines[:limit]):
        text = line.text.strip()
        if re.match(r"^(RANCANGAN|DRAFT|KONSEP)\b", text) or re.search(r"\bDRAFT\b", text):
            draft = True
        stripped = _PREFIX.sub("", text)
        if not stripped:
            continue
        if not _heading_match(stripped):
            continue
        # a real heading is followed shortly by its NOMOR or TENTANG line
        follow = [ln.text for ln in lines[i : i + 6]]
        if any(_is_number_line(_PREFIX.sub("", t)) or _TENTANG.match(t) for t in follow):
            return i, draft
    return None


def _office_phrase(lines: list[Line], start: int) -> tuple[str, str, int]:
    """Kind and office words of the heading, joined across wrapped lines; index after them."""
    text = _PREFIX.sub("", lines[start].text.strip())
    match = _heading_match(text)
    assert match is not None
    kind, office = match.group(1), match.group(2)
    upper = is_upper(text)
    i = start + 1
    while i < len(lines) and i < start + 4:
        nxt = lines[i].text.strip()
        if _NOMOR.match(nxt) or _TENTANG.match(nxt) or re.match(r"^TANGGAL\b", nxt, re.I):
            break
        if not _heading_line(nxt, upper):
            break
        office = f"{office}{'' if office.endswith('/') else ' '}{nxt}".strip()
        i += 1
    return kind, " ".join(office.split()), i


def parse_number(rest: str) -> tuple[str | None, int | None, bool]:
    """Number and year from what follows NOMOR; (None, year, True) for blank/XXX numbers."""
    rest = fix_ocr_digits(rest.strip(" :.\t"))
    year = None
    match = re.match(r"^(.*?)\s*(?<![A-Za-z])TAHUN\b\s*(\S+)?\s*$", rest, re.I)  # also "39TAHUN 2019"
    if match:
        rest, year = match.group(1), find_year(match.group(2) or "")
    number = re.sub(r"\s*/\s*", "/", rest).strip(" :.,;")
    number = re.sub(r"\s+", " ", number)
    if "/" in number:  # glyph gaps inside a segment ("224/B APPEDA/2023"), not "KEP. 70/..."
        number = "/".join(part if "." in part else part.replace(" ", "") for part in number.split("/"))
    if not number or PLACEHOLDER.search(number) or not re.search(r"\d", number):
        return None, year, True
    if year is None:
        tail = re.search(r"/((?:19|20)\d\d)$", number)
        year = int(tail.group(1)) if tail else None
    return number, year, False


def _parse_title(lines: list[Line], start: int, heading: Heading) -> int:
    """Read NOMOR, TENTANG and the title lines from ``start``; return the index after them."""
    i = start
    while i < len(lines) and i < start + 4:
        text = _PREFIX.sub("", lines[i].text.strip())
        nomor = _NOMOR.match(text)
        if nomor and heading.number_line is None:
            rest = nomor.group(1)
            if not rest.strip(" :") and i + 1 < len(lines) and re.match(r"^[\dA-Z:]", lines[i + 1].text):
                if re.search(r"\d|TAHUN", lines[i + 1].text) and not _TENTANG.match(lines[i + 1].text):
                    i += 1
                    rest = lines[i].text
            heading.number, heading.year, heading.number_blank = parse_number(rest)
            heading.number_line = lines[i]
        elif re.match(r"^TANGGAL\b", text, re.I):
            if (found := find_date(text)) is not None:  # a LAMPIRAN states its decree's date
                heading.dated = (found, lines[i])
        elif (tentang := _TENTANG.match(text)) is not None:
            parts = [tentang.group(1)] if tentang.group(1) else []
            return _title_lines(lines, i + 1, parts, heading)
        elif heading.number_line is not None and _heading_line(text, heading.upper):
            return _title_lines(lines, i, [], heading)  # lampiran without TENTANG
        i += 1
    return i


def _is_office_line(text: str) -> bool:
    return (
        bool(OFFICE_START.match(text))
        and text.rstrip().endswith(",")
        and (is_upper(text) or is_title_like(text))
    )


def _same_words(a: str, b: str) -> bool:
    def words(text: str) -> list[str]:
        return re.findall(r"[A-Z0-9]+", text.upper().replace("WALI KOTA", "WALIKOTA"))

    return words(a) == words(b)


def _is_speck(text: str) -> bool:
    """An OCR speck line (dirt, a rule, a stamp edge): no word of two letters or more."""
    return not re.search(r"[A-Za-z]{2}", text)


def _title_lines(lines: list[Line], i: int, parts: list[str], heading: Heading) -> int:
    skipped = 0
    first = i
    while i < len(lines) and len(parts) < 10:
        text = lines[i].text.strip()
        if (_PREAMBLE_LABEL.match(text) or _is_speck(text)) and skipped < 4 and parts:
            skipped += 1  # OCR of two-column preambles interleaves "Menimbang" with the title; specks
        elif _is_office_line(text) or _PREAMBLE_START.match(text) or re.match(r"^BAB\s+[IVX1-9]", text):
            break
        elif heading.office and _same_words(text, heading.office):
            break  # the enacting office repeated without its comma
        elif not _heading_line(text, heading.upper) or _NOMOR.match(text):
            break
        else:
            parts.append(text)
        i += 1
    if parts:
        joined = ""
        for part in parts:
            sep = "" if joined.endswith(("/", "-")) and not joined.endswith(" -") else " "
            joined = f"{joined}{sep}{part}" if joined else part
        joined = re.sub(r"\s*/\s*", "/", joined)  # "ELEKTRONIK / E-PLANNING"
        joined = re.sub(r"\b([A-Za-z])\s*[–—−-]\s*(?=[A-Za-z])", r"\1-", joined)  # "E – PLANNING"
        heading.title = tidy_spaces(joined)
        heading.title_line = lines[first - 1] if first > 0 else lines[first]
    return i


def _enacting_office(lines: list[Line], i: int) -> str | None:
    """The "BUPATI BATU BARA," line(s) between the title and Menimbang."""
    collected: list[str] = []
    for line in lines[i : i + 8]:
        text = line.text.strip()
        if re.match(r"^DENGAN\s+RAHMAT", text, re.I):
            collected = []
            continue
        if re.match(r"^(Menimbang|Mengingat|bahwa)\b", text, re.I):
            break
        if is_upper(text):
            collected.append(text)
            if text.endswith(","):
                return _office_from(collected[-4:])
        elif collected:
            collected = []
    return None


def _office_from(parts: list[str]) -> str | None:
    """The office in the capitalised lines before "," - from its first office word on, so the end
    of a title the heading did not take ("... DI KOTA X" / "WALIKOTA X,") is not read as part of it."""
    start = next((k for k, part in enumerate(parts) if OFFICE_START.match(part)), None)
    if start is None:
        return None
    joined = ""
    for part in parts[start:]:
        joined = f"{joined}{'' if joined.endswith('/') else ' '}{part}".strip()
    return joined.rstrip(" ,")


def find_heading(lines: list[Line], limit: int = 40) -> Heading | None:
    """The instrument heading at the top of the document, if there is one."""
    start = _heading_start(lines, limit)
    if start is None:
        return None
    index, draft = start
    kind, office, after = _office_phrase(lines, index)
    office, _, inline_number = office.partition(" NOMOR")
    heading = Heading(kind=" ".join(kind.split()).upper(), office=office.strip(), line=lines[index])
    heading.draft_marker = draft
    heading.index = index
    heading.upper = is_upper(lines[index].text)
    if inline_number:  # "PERATURAN BUPATI X NOMOR 5 TAHUN 2020" on one line
        heading.number, heading.year, heading.number_blank = parse_number(inline_number)
        heading.number_line = lines[index]
    end = _parse_title(lines, after, heading)
    heading.enacting_office = _enacting_office(lines, end)
    return heading


def looks_garbled(number: str) -> bool:
    """An OCR-damaged number: a segment mixing digits with lower-case letters ("3x/DISKOMINFO")."""
    return any(re.search(r"\d[a-z]|[a-z]\d", part) for part in re.split(r"[/.]", number))


def lampiran_numbers(lines: list[Line]) -> list[tuple[str, Line]]:
    """Every reading of the number repeated under a LAMPIRAN heading ("LAMPIRAN I / NOMOR : 34/...")."""
    found = []
    for i, line in enumerate(lines):
        if not re.match(r"^LAMPIRA", line.text.strip(), re.I):
            continue
        for nxt in lines[i : i + 5]:
            text = re.sub(r"^LAMPIRA\S*\s*(?:[IVX]+\b)?\s*:?\s*", "", nxt.text.strip(), flags=re.I)
            if match := _NOMOR.match(text):
                number, _, _ = parse_number(match.group(1))
                if number and not looks_garbled(number):
                    found.append((number, nxt))
                break
    return found


def repaired_number(garbled: str, lines: list[Line]) -> tuple[str, Line] | None:
    """The reading of a hand-filled number that agrees best with all its readings.

    A number written or stamped in after typing is read differently on each page it is repeated
    on ("4x/DISKOMINFO/2024" in the heading, "3/..." and "34/..." under the LAMPIRAN headings): OCR
    drops or misreads digits independently, so the reading closest to all the others is kept,
    not the first one found.
    """
    readings = lampiran_numbers(lines)
    if not readings:
        return None
    everything = [garbled, *(number for number, _ in readings)]

    def agreement(number: str) -> float:
        return sum(SequenceMatcher(None, number, other).ratio() for other in everything)

    return max(readings, key=lambda reading: agreement(reading[0]))


_RECITAL = re.compile(
    r"perlu\s+(?:menetapkan|membentuk|ditetapkan)\s+(?:dengan\s+)?(?:Peraturan|Keputusan)\b[^;:]*?"
    r"\btentang\s+([^;:]+?)\s*[;:]",
    re.I,
)


def recital_title(lines: list[Line], start: int) -> str | None:
    """The title as the last Menimbang recital repeats it ("perlu menetapkan Peraturan ... tentang X;")."""
    text = " ".join(line.text for line in lines[start : start + 60])
    found = _RECITAL.findall(text)
    return tidy_spaces(found[-1]) if found else None


def complete_title(title: str, recital: str | None) -> str:
    """Put back the start of a title that OCR moved away (two-column scans), using the recital."""
    if not recital:
        return title
    head = re.findall(r"[a-z0-9]+", title.lower())
    full = re.findall(r"[a-z0-9]+", recital.lower())
    if head and len(full) > len(head) and full[-len(head) :] == head:
        return recital.upper() if is_upper(title) else recital
    return title
