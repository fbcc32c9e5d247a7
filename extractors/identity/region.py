"""Which region a document belongs to, read against the official region list (``gazetteer``).

Regions are named in three zones: the letterhead ("PEMERINTAH KABUPATEN X", maybe with the
kapanewon/kecamatan under it), the office that issues or signs ("BUPATI X", "KEPALA DINAS ...
KOTA Y") and, for reports, any capitalised cover line. Every name is looked up in the list, so a
name ends where the region's name ends (not at a guessed stop word), OCR-damaged names are
spelled as the list spells them, and words that are no region ("KOTA LAMA") are not taken.
"""

from __future__ import annotations

import re

from extractors.identity.gazetteer import RegionMatch, canonical_kind, find_region, region_of_office
from extractors.identity.text import Line, is_upper

_SUBDISTRICT = {"KAPANEWON": "Panewu", "KECAMATAN": "Camat", "KEMANTREN": "Mantri Pamong Praja",
                "DISTRIK": "Kepala Distrik"}  # fmt: skip
# Head-of-region offices and the kind of region each governs.
_HEAD = re.compile(r"^(BUPATI|WALI\s*KOTA|GUBERNUR)\s+(.+)$", re.I)


def region_in_text(text: str) -> tuple[RegionMatch, int, int] | None:
    """The first listed region named as "KABUPATEN X" / "KAB. X" / "KOTA X" / "PROVINSI X"."""
    return find_region(text)


def region_name(text: str) -> str | None:
    """ "Kabupaten X" for the first listed region ``text`` names, in the list's spelling."""
    found = find_region(text)
    return found[0].full if found else None


def _wrapped(lines: list[Line], i: int) -> str | None:
    """The region a line names, joining the next line when the name wraps ("KOTA BANDAR" / "LAMPUNG")."""
    text = lines[i].text.strip()
    alone = find_region(text)
    if i + 1 < len(lines) and lines[i + 1].page == lines[i].page:
        joined = find_region(f"{text} {lines[i + 1].text.strip()}")
        if joined and joined[2] > len(text) and (alone is None or joined[1] == alone[1]):
            return joined[0].full
    return alone[0].full if alone else None


# A letterhead that is nothing but "PEMERINTAH <kind> <name>": the name is the region even when the
# list does not know it (a region formed after the list was made, a made-up example region).
_LETTERHEAD = re.compile(
    r"^PEMERINTAH\s+(KABUPATEN|KAB\.|KOTA|PROVINSI)\s+([A-Z][A-Z'-]*(?:\s+[A-Z][A-Z'-]*){0,2})$"
)


def _unlisted(text: str) -> str | None:
    match = _LETTERHEAD.match(text)
    if match is None:
        return None
    kind = canonical_kind(match.group(1)) or ""
    return f"{kind} {' '.join(w.capitalize() for w in match.group(2).split())}"


def region_in_lines(lines: list[Line]) -> tuple[str, Line] | None:
    """The region of a letterhead ("PEMERINTAH KOTA X"), else of any capitalised line naming one."""
    for pass_pemerintah in (True, False):
        for i, line in enumerate(lines):
            text = line.text.strip()
            if not is_upper(text) or (pass_pemerintah and not re.match(r"^PEMERINTAH(AN)?\b", text)):
                continue
            region = _wrapped(lines, i) or (_unlisted(text) if pass_pemerintah else None)
            if region:
                unit = _subdistrict(lines, i) if pass_pemerintah else None
                return (f"{unit[0]}, {region}" if unit else region), line
    return _running_header_region(lines)


_GOVERNMENT_OF = re.compile(r"\bPemerintah(?:an)?\s+(?=(?:Kota|Kabupaten|Kab\.|Provinsi)\b)", re.I)
TOP_LINES = 4  # lines at the top of the first page where a running header names the author


def _running_header_region(lines: list[Line]) -> tuple[str, Line] | None:
    """ "Rencana Induk ... Pemerintah Kota Denpasar": a region named as the government in a header
    set in ordinary case at the top of the first page (a chapter cut out of a larger document)."""
    first = [ln for ln in lines if lines and ln.page == lines[0].page][:TOP_LINES]
    for line in first:
        match = _GOVERNMENT_OF.search(line.text)
        if match and (found := find_region(line.text[match.end() :])) and found[1] == 0:
            return found[0].full, line
    return None


def _subdistrict(lines: list[Line], i: int) -> tuple[str, str] | None:
    """A kapanewon/kecamatan named on the line after "PEMERINTAH KABUPATEN X"."""
    if i + 1 >= len(lines):
        return None
    match = re.match(rf"^({'|'.join(_SUBDISTRICT)})\s+([A-Z][A-Z .'-]+)$", lines[i + 1].text.strip())
    if not match:
        return None
    name = " ".join(w.capitalize() for w in match.group(2).split())
    return f"{match.group(1).capitalize()} {name}", f"{_SUBDISTRICT[match.group(1)]} {name}"


def subdistrict_head(lines: list[Line]) -> tuple[str, Line] | None:
    """The head of the sub-district that issued a sheet ("Panewu Pakem")."""
    for i, line in enumerate(lines):
        if re.match(r"^PEMERINTAH\b", line.text.strip()) and (unit := _subdistrict(lines, i)):
            return unit[1], lines[i + 1]
    return None


def head_region(office: str) -> str | None:
    """The region a head of region governs: "Bupati Toli-Toli" -> "Kabupaten Toli-Toli"."""
    match = _HEAD.match(office.strip())
    if match is None:
        return None
    found = region_of_office(match.group(1), match.group(2).split())
    if found is not None:
        return found.full
    name = match.group(2).strip(" ,")
    if re.fullmatch(r"[A-Z][A-Za-z'-]*(?:\s+[A-Z][A-Za-z'-]*){0,2}", name):  # a region the list does not know
        kind = {"B": "Kabupaten", "W": "Kota", "G": "Provinsi"}[match.group(1)[0].upper()]
        return f"{kind} {name}"
    return None


def spell_region_in(office: str) -> str:
    """An office with its region spelled as the list spells it ("Walikota Denpasr" -> "... Denpasar").

    Only an OCR-damaged name is replaced; a name printed right (in any of its spellings) is kept.
    """
    match = _HEAD.match(office.strip())
    if match is not None:
        found = region_of_office(match.group(1), match.group(2).split())
        if found is not None and not found.exact:
            rest = " ".join(match.group(2).split()[found.words :])
            return " ".join(f"{match.group(1)} {found.name} {rest}".split())
        return office
    found_in = find_region(office)
    if found_in is not None and not found_in[0].exact:
        match_, start, end = found_in
        kind_word = office[start:end].split()[0]
        return f"{office[:start]}{kind_word} {match_.name}{office[end:]}"
    return office


__all__ = [
    "head_region",
    "region_in_lines",
    "region_in_text",
    "region_name",
    "spell_region_in",
    "subdistrict_head",
]
