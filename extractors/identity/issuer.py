"""Who issued a report, manual or internal policy: the organisation and, when named, its unit.

Reports and internal documents are written by a unit of an organisation - a Deputi of a ministry,
a Biro, a Bidang of a Dinas - and say so on the cover ("Deputi Bidang Kelembagaan dan Tata
Laksana" above "Kementerian ..."), on the back cover, or in the office of whoever signed the
foreword ("Kepala Biro Perencanaan / Kementerian Koordinator Bidang Perekonomian"). The issuer
is then written "Organisation (Unit)". Studies made jointly name both parties on the cover
("FAKULTAS ... UNIVERSITAS UDAYANA / DENGAN / DINAS ... KOTA DENPASAR"). Pure string work.
"""

from __future__ import annotations

import re

from extractors.identity.sheet import institution_in_lines
from extractors.identity.text import Line, is_upper, tidy_spaces, title_case

# A unit inside an organisation, at the start of a line or of an office after "Kepala".
_UNIT_WORDS = (
    r"Deputi|Biro|Bidang|Bagian|Sub\s*bagian|Sub\s*bidang|Direktorat(?:\s+Jenderal)?|Pusat|Seksi|"
    r"Inspektorat|UPTD?|Unit"
)
_HEAD_OF = r"(?:(?:Plt\.?|Plh\.?|Pj\.?|Kepala|Ketua)\s+)*"
_UNIT = re.compile(rf"^{_HEAD_OF}((?:{_UNIT_WORDS})\b.*)$", re.I)
# Units a cover names on a line of their own (not "PUSAT ...", which is often part of a title).
_COVER_UNIT = re.compile(r"^(?:Deputi|Biro|Bidang|Bagian|Sub\s*bagian|Sub\s*bidang|Direktorat)\b", re.I)
# Where an office names its organisation after the unit ("Kepala Biro X Kementerian Y").
_ORGANISATION_START = re.compile(
    r"\s+(?:pada\s+)?(?=(?:Kementerian|Badan|Dinas|Lembaga|Pemerintah|Sekretariat|Kantor|Kabupaten|Kota|"
    r"Provinsi|Universitas)\b)",
    re.I,
)
_ORGANISATION_LINE = re.compile(r"^(Kementerian|Badan|Lembaga|Dinas|Sekretariat|Kantor)\b", re.I)
# Organisations that can be parties of a joint study on a cover.
_PARTY_START = re.compile(
    r"^(FAKULTAS|UNIVERSITAS|INSTITUT|POLITEKNIK|SEKOLAH\s+TINGGI|DINAS|BADAN|KEMENTERIAN|LEMBAGA|"
    r"PUSAT|SEKRETARIAT|INSPEKTORAT|BIRO|BAGIAN|KANTOR|PEMERINTAH)\b"
)
_PARTY_CONTINUES = re.compile(r"^(UNIVERSITAS|KOTA|KABUPATEN|KAB\.|PROVINSI|REPUBLIK|INDONESIA)\b")
_JOINT = re.compile(r"^(DENGAN|BEKERJA\s*SAMA\s+DENGAN|KERJA\s*SAMA\s+DENGAN|DAN)$")


def _tidy_unit(text: str, acronyms: set[str]) -> str | None:
    unit = tidy_spaces(text).strip(" ,.;:")
    if len(unit.split()) < 2 or re.search(r"\d", unit):
        return None
    return title_case(unit, acronyms) if is_upper(unit) else unit


def unit_of_office(office: str | None, acronyms: set[str] | None = None) -> str | None:
    """The unit an office heads: "Kepala Biro Perencanaan Kementerian X" -> "Biro Perencanaan"."""
    if not office:
        return None
    match = _UNIT.match(tidy_spaces(office).strip(" ,"))
    if match is None:
        return None
    unit = _ORGANISATION_START.split(match.group(1), maxsplit=1)[0]
    return _tidy_unit(unit, acronyms or set())


def _is_short_line(text: str) -> bool:
    return 2 <= len(text.split()) <= 10 and not re.search(r"[.;:!?]$|\d", text)


def unit_on_page(lines: list[Line], page: int, acronyms: set[str] | None = None) -> tuple[str, Line] | None:
    """A unit named on its own line of a cover or back cover, a wrapped second line joined."""
    on_page = [ln for ln in lines if ln.page == page]
    for i, line in enumerate(on_page):
        text = line.text.strip()
        if not _is_short_line(text) or not _COVER_UNIT.match(text):
            continue
        if i > 0 and _ORGANISATION_LINE.match(on_page[i - 1].text.strip()):
            continue  # "KEMENTERIAN KOORDINATOR" / "BIDANG PEREKONOMIAN": a wrapped name, not a unit
        if i + 1 < len(on_page):
            nxt = on_page[i + 1].text.strip()
            if re.match(r"^(dan|&)\s", nxt, re.I) and _is_short_line(nxt):
                text = f"{text} {nxt}"  # "Deputi Bidang Kelembagaan" / "dan Tata Laksana"
        if unit := _tidy_unit(text, acronyms or set()):
            return unit, line
    return None


def unit_block(
    lines: list[Line], page: int, acronyms: set[str] | None = None
) -> tuple[str, str, Line] | None:
    """A unit line with its organisation right under it (a cover's author block): (org, unit, line)."""
    on_page = [ln for ln in lines if ln.page == page]
    found = unit_on_page(on_page, page, acronyms)
    if found is None:
        return None
    unit, line = found
    i = on_page.index(line)
    after = on_page[i + 1 : i + 5]
    while after and re.match(r"^(dan|&)\s", after[0].text.strip(), re.I):
        after = after[1:]  # the unit's own wrapped second line
    organisation = institution_in_lines(after[:3])
    return (organisation[0], unit, line) if organisation else None


def with_unit(organisation: str | None, unit: str | None) -> str | None:
    """ "Organisation (Unit)"; the organisation alone when the unit is unknown or already in it."""
    if not organisation or not unit:
        return organisation
    if unit.casefold() in organisation.casefold():
        return organisation
    return f"{organisation} ({unit})"


def joint_parties(lines: list[Line], acronyms: set[str] | None = None) -> tuple[str, Line] | None:
    """Parties of a study made jointly, as named on its cover ("A DENGAN B" -> "A dan B")."""
    if not lines:
        return None
    cover = [ln for ln in lines if ln.page == lines[0].page]
    for i, line in enumerate(cover):
        if not _PARTY_START.match(line.text.strip()):
            continue
        parties, joined = _read_parties(cover[i:])
        if len(parties) >= 2 and joined:
            names = [title_case(tidy_spaces(p), acronyms or set()) for p in parties]
            return " dan ".join(names), line
    return None


def _read_parties(lines: list[Line]) -> tuple[list[str], bool]:
    """Consecutive party names separated by "DENGAN"/"DAN" lines; whether a separator was seen."""
    parties: list[str] = []
    current: list[str] = []
    joined = False
    for line in lines:
        text = line.text.strip()
        if not is_upper(text) or (not _is_short_line(text) and not _JOINT.match(text)):
            break
        if _JOINT.match(text):
            if not current:
                break
            parties.append(" ".join(current))
            current, joined = [], True
        elif _PARTY_START.match(text) if not current else _PARTY_CONTINUES.match(text):
            current.append(text)
        else:
            break
    if current:
        parties.append(" ".join(current))
    return parties, joined


__all__ = ["joint_parties", "unit_block", "unit_of_office", "unit_on_page", "with_unit"]
