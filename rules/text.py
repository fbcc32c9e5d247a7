"""Document text as the matcher sees it: one normalised string with a way back to pages.

Pages are joined into one string so phrases and proximity windows work across line and
page breaks. Whitespace runs collapse to one space (spaCy would otherwise make tokens of
newlines and double spaces) and PDF soft-hyphen marks become ``-``; ``page_offset`` maps
every normalised character back to (page number, character offset in ``PageText.text``).

Zones tell genuine regulation from passing mentions: the *preamble* (Menimbang ...
MEMUTUSKAN), *definitions* (Pasal 1 "yang dimaksud dengan:", sections titled Definisi /
Istilah yang Digunakan) and *references* (Dasar Hukum sections) are not body text.
Headings (BAB/Bagian titles, upper-case lines, numbered section titles) are marked too.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from core.models import PageText
from rules.normalise import mask_drafting
from rules.spaces import append_collapsed

QUOTE_CHARS = 200  # target length of a quote shown to assessors
_MEMUTUSKAN = re.compile(r"^\s*M\s*E\s*M\s*U\s*T\s*U\s*S\s*K\s*A\s*N\b", re.IGNORECASE)
_MENIMBANG = re.compile(r"^\s*Menimbang\b", re.IGNORECASE)
_DEF_OPEN = re.compile(r"yang dimaksud dengan\s*:?\s*$", re.IGNORECASE)
_SECTION_NUM = r"^\s*(?:\d+(?:\.\d+)*\.?\s*)?"
_DEF_HEADING = re.compile(_SECTION_NUM + r"(definisi|istilah yang digunakan|daftar istilah)\s*$", re.I)
_REF_HEADING = re.compile(_SECTION_NUM + r"dasar hukum\s*:?\s*$", re.IGNORECASE)
_ZONE_END = re.compile(
    r"^\s*(pasal\s+\d+\s*$|bab\s+[ivxlc]+\b|bagian\s+ke\w+\s*$|\d+\.\d+(\.\d+)*\.?\s+\S)", re.IGNORECASE
)
_CAPS_SECTION = re.compile(r"^\s*\d+\.\s+[A-Z][A-Z ,()/&-]{4,}$")  # "7. KEBIJAKAN INTERNAL ..." (whole line)
_MAX_ZONE_LINES = {"definitions": 400, "references": 40}  # a zone never swallows a whole document
_CAPTION = re.compile(r"^\s*(bab|bagian|paragraf)\b", re.IGNORECASE)
_MULTI_NUMBERED = re.compile(r"^\s*\d+\.\d+(\.\d+)*\.?\s+[A-Za-z]")
# Tables of contents name every chapter without containing it: "BAB IV ARSITEKTUR SPBE ....... 23"
_CONTENTS_TITLE = re.compile(r"^\s*daftar\s+(isi|tabel|gambar|lampiran|singkatan)\s*$", re.IGNORECASE)
_LEADER_ENTRY = re.compile(r"(\.{4,}|…{2,}|(\s?\.){4,}|_{4,})\s*([0-9]+|[ivxlc]+)\s*$", re.IGNORECASE)
_ENTRY_END = re.compile(r"([0-9]|[ivxlc])$", re.IGNORECASE)  # _LEADER_ENTRY's last character
_PAGE_REF_END = re.compile(r"\s([0-9]{1,3}|[ivxlc]{1,6})\s*$", re.IGNORECASE)


class Zone(StrEnum):
    body = "body"
    preamble = "preamble"
    definitions = "definitions"
    references = "references"
    contents = "contents"  # table of contents / list of tables or figures


class Line(NamedTuple):  # a tuple: built for every line of every page, 2x faster than a frozen dataclass
    page: int  # page number
    start: int  # offset in the page text
    end: int
    text: str


@dataclass
class DocText:
    """Normalised text of one document plus page/offset mapping, zones and heading lines."""

    text: str
    page_numbers: list[int]
    page_starts: list[int]  # start of each page in ``text``
    offsets: list[int]  # for each char of ``text``: offset in its page's original text
    zones: list[tuple[int, int, Zone]] = field(default_factory=list)  # (start, end) in ``text``
    headings: list[tuple[int, int]] = field(default_factory=list)  # (start, end) in ``text``
    length: int = 0  # len(text), kept when a stored match result drops the text (pipeline.codec)

    def page_offset(self, index: int) -> tuple[int, int]:
        """(page number, offset in that page's text) of a normalised character index."""
        index = min(max(index, 0), len(self.text) - 1)
        page_i = bisect.bisect_right(self.page_starts, index) - 1
        return self.page_numbers[page_i], self.offsets[index]

    def zone_at(self, index: int) -> Zone:
        i = bisect.bisect_right(self.zones, (index, len(self.text) + 1, Zone.body))
        for start, end, zone in self.zones[:i]:  # sorted by start; a contents line may sit inside a zone
            if start <= index < end:
                return zone
        return Zone.body

    def in_heading(self, index: int) -> bool:
        i = bisect.bisect_right(self.headings, (index, len(self.text) + 1)) - 1
        return i >= 0 and self.headings[i][0] <= index < self.headings[i][1]


def build_doc_text(pages: list[PageText]) -> DocText:
    """Normalise the pages of a document and locate its zones and headings."""
    parts: list[str] = []
    offsets: list[int] = []
    starts: list[int] = []
    numbers: list[int] = []
    normal_at: dict[int, Any] = {}  # page -> normalised index of each original offset (numpy)
    for page in pages:
        if parts and not parts[-1].endswith(" "):
            parts.append(" ")
            offsets.append(offsets[-1])  # the page separator maps to the previous page's last char
        starts.append(len(offsets))
        numbers.append(page.number)
        normal_at[page.number] = append_collapsed(page.text, parts, offsets)  # rules/spaces.py
    # cross-references and OCR'd marker columns masked, same length (rules/normalise.py)
    text = mask_drafting("".join(parts))
    doc = DocText(text, numbers, starts, offsets, length=len(text))
    lines = [line for page in pages for line in _lines(page)]
    contents = _contents_lines(lines)
    listed = [(*_span(lines[i], normal_at), Zone.contents) for i in contents]
    doc.zones = sorted(_zones(lines, normal_at) + listed)
    doc.headings = sorted(_headings([ln for i, ln in enumerate(lines) if i not in contents], normal_at))
    return doc


def _contents_lines(lines: list[Line]) -> set[int]:
    """Indexes of table-of-contents entries: dot-leader lines anywhere, and on a page under a
    "DAFTAR ISI" line every line that ends with a page number."""
    out = {i for i, ln in enumerate(lines) if _may_lead(ln.text) and _LEADER_ENTRY.search(ln.text)}
    listing_page = None
    for i, ln in enumerate(lines):
        if _CONTENTS_TITLE.match(ln.text):
            listing_page = ln.page
            out.add(i)
        elif ln.page == listing_page and _PAGE_REF_END.search(ln.text):
            out.add(i)
    return out


def _may_lead(text: str) -> bool:
    """False for a line :data:`_LEADER_ENTRY` cannot match (four dots, two "…" or two "_" at
    least; its last character a page number's): the expression is tried at every position of a
    line, most lines have no leader. Lines are stripped, so a match ends with its page number."""
    return ((text.count(".") >= 4 or "…" in text or "__" in text)
            and _ENTRY_END.match(text, len(text) - 1) is not None)


def _lines(page: PageText) -> list[Line]:
    out: list[Line] = []
    pos = 0
    for raw in page.text.splitlines(keepends=True):
        text = raw.rstrip("\r\n")
        stripped = text.strip()
        if stripped:
            out.append(Line(page.number, pos, pos + len(text), stripped))
        pos += len(raw)
    return out


def _span(line: Line, index: dict[int, Any]) -> tuple[int, int]:
    normal = index.get(line.page, [])
    start = _at(normal, line.start, 0)
    end = _at(normal, max(line.end - 1, line.start), start) + 1
    return start, end


def _at(normal: Any, offset: int, default: int) -> int:
    return int(normal[offset]) if 0 <= offset < len(normal) else default  # a plain int, not numpy's


def _zones(lines: list[Line], index: dict) -> list[tuple[int, int, Zone]]:
    zones: list[tuple[int, int, Zone]] = []
    opened = next((i for i, ln in enumerate(lines) if _MENIMBANG.match(ln.text)), None)
    if opened is not None:
        closed = next((i for i in range(opened, len(lines)) if _MEMUTUSKAN.match(lines[i].text)), None)
        if closed is not None:
            zones.append((_span(lines[opened], index)[0], _span(lines[closed], index)[1], Zone.preamble))
    i = 0
    while i < len(lines):
        zone = _zone_opened_by(lines[i].text)
        if zone is None:
            i += 1
            continue
        j = i + 1
        limit = min(len(lines), i + _MAX_ZONE_LINES[zone.value])
        while j < limit and not _ends_zone(lines[j].text):
            j += 1
        end = _span(lines[j - 1], index)[1]
        zones.append((_span(lines[i], index)[0], end, zone))
        i = j
    return zones


def _ends_zone(text: str) -> bool:
    return bool(_ZONE_END.match(text) or _CAPS_SECTION.match(text))


def _zone_opened_by(text: str) -> Zone | None:
    if _DEF_OPEN.search(text) or _DEF_HEADING.match(text):
        return Zone.definitions
    if _REF_HEADING.match(text):
        return Zone.references
    return None


def _headings(lines: list[Line], index: dict) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    previous = ""
    for line in lines:
        if _is_heading(line.text, previous):
            out.append(_span(line, index))
        previous = line.text
    return out


_ASCII_CAPITALS = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LETTERS = _ASCII_CAPITALS + bytes(range(ord("a"), ord("z") + 1))


def _is_heading(text: str, previous: str) -> bool:
    if not 3 <= len(text) <= 100 or text[-1] in ";,":
        return False
    if text.isascii():  # most lines: [A-Za-z] are the letters, [A-Z] the capitals, counted in C
        raw = text.encode("ascii")
        letters = len(raw) - len(raw.translate(None, _ASCII_LETTERS))  # ~6x faster than map(str.isalpha)
        capitals = len(raw) - len(raw.translate(None, _ASCII_CAPITALS))
    else:  # elsewhere some non-letters are upper case ("Ⅻ", "Ⓐ")
        alpha = [c for c in text if c.isalpha()]
        letters, capitals = len(alpha), sum(c.isupper() for c in alpha)
    upper = letters >= 4 and capitals / letters >= 0.8
    after_caption = bool(_CAPTION.match(previous)) and not _CAPTION.match(text)
    return upper or after_caption or bool(_MULTI_NUMBERED.match(text))


def make_quote(page_text: str, start: int, end: int, width: int = QUOTE_CHARS) -> str:
    """About ``width`` characters around [start, end) cut on word boundaries, whitespace collapsed."""
    pad = max((width - (end - start)) // 2, 20)
    left, right = max(start - pad, 0), min(end + pad, len(page_text))
    while left > 0 and not page_text[left - 1].isspace():
        left -= 1
    while right < len(page_text) and not page_text[right].isspace():
        right += 1
    snippet = " ".join(page_text[left:right].split())
    prefix = "… " if left > 0 else ""
    suffix = " …" if right < len(page_text) else ""
    return f"{prefix}{snippet}{suffix}"
