"""Structural headings of Indonesian legal documents, as citable page offsets.

Finds BAB (roman), Bagian (Kesatu...), Paragraf, Pasal, ayat "(1)", the diktum ordinals of a
keputusan (KESATU, KEDUA, ...) and LAMPIRAN boundaries. Only headings count: a heading is a
line that *starts* with the keyword, and for Pasal the line holds nothing else, so a reference
such as "sebagaimana dimaksud dalam Pasal 5" (even one wrapped onto a new line) is not a mark.
Offsets are character offsets into the page text as stored (the cleaned text).

The body of a regulation ends with its closing block ("Ditetapkan di ..."); what follows on later
pages is its annex even when the LAMPIRAN header was not read (an image, a boxed header that OCR
framed with "|"), so the last Pasal is not carried into the annex: an unlabelled "LAMPIRAN" mark
opens the first page after the closing block.
"""

from __future__ import annotations

import re

from core.models import PageText, StructureKind, StructureMark

_ORDINAL = (
    r"KE(?:SATU|SEPULUH|SEBELAS|DUA|TIGA|EMPAT|LIMA|ENAM|TUJUH|DELAPAN|SEMBILAN)"
    r"(?:\s+(?:BELAS|PULUH(?:\s+(?:SATU|DUA|TIGA|EMPAT|LIMA|ENAM|TUJUH|DELAPAN|SEMBILAN))?))?"
)
_BAB = re.compile(r"BAB\s+([IVXLC]+|\d{1,3})\b\.?")
_BAGIAN = re.compile(r"Bagian\s+(Ke[a-z]+(?:\s+(?:Belas|Puluh)(?:\s+[A-Z][a-z]+)?)?)\s*$", re.IGNORECASE)
_PARAGRAF = re.compile(r"Paragraf\s+(\d{1,3})\s*$", re.IGNORECASE)
_PASAL = re.compile(r"(?i:Pasal)\s+(\d{1,3}[A-Z]?|[IVX]{1,5})\s*\.?\s*$")
_AYAT = re.compile(r"\((\d{1,2})\)\s")
_DIKTUM = re.compile(rf"({_ORDINAL})(?=\s*:|\s|$)")
_LAMPIRAN = re.compile(
    r"LAMPIRAN(?:\s+([IVXLC]+|\d{1,2}|[A-Z])(?![A-Za-z]))?\s*(?::|\.|$|(?=\s+(?:PERATURAN|KEPUTUSAN|"
    r"INSTRUKSI|SURAT|NOMOR|TENTANG)\b))"
)
# A boxed annex header read by OCR keeps the box's left border: "| LAMPIRAN : KEPUTUSAN ...".
_BORDER = re.compile(r"^[|¦\]\[]+\s*")
# The closing block of a regulation's body: the place and date it was set or promulgated.
# Capitalised as a block line is; "...yang\nditetapkan di tingkat nasional" is prose wrapped in a Pasal.
_CLOSING = re.compile(r"(?:Ditetapkan|Diundangkan|DITETAPKAN|DIUNDANGKAN)\s+(?:di|DI)\b")
_BODY = frozenset({StructureKind.pasal, StructureKind.diktum})
# A heading-like line right after one of these words is a wrapped reference, not a heading.
# Lower case only: heading titles are Title Case or UPPER CASE, references run in prose.
_REFERENCE_TAIL = re.compile(
    r"(?:\b(?:dalam|pada|dimaksud|dan|atau|sesuai|berdasarkan|menurut|ketentuan|oleh|dengan|"
    r"tercantum|lihat|dari|di|ke|ayat|huruf|angka)|[,(])\s*$"
)


def is_heading_line(line: str) -> bool:
    """True when ``line`` on its own looks like a structural heading (used by cleanup)."""
    return _heading(line.strip()) is not None


def _heading(line: str) -> tuple[StructureKind, str] | None:
    if m := _BAB.match(line):
        return StructureKind.bab, f"BAB {m.group(1)}"
    if m := _BAGIAN.match(line):
        return StructureKind.bagian, "Bagian " + m.group(1).title()
    if m := _PARAGRAF.match(line):
        return StructureKind.paragraf, f"Paragraf {m.group(1)}"
    if m := _PASAL.match(line):
        return StructureKind.pasal, f"Pasal {m.group(1)}"
    if m := _DIKTUM.match(line):
        return StructureKind.diktum, " ".join(m.group(1).split())
    if m := _LAMPIRAN.match(_BORDER.sub("", line)):
        return StructureKind.lampiran, f"LAMPIRAN {m.group(1)}" if m.group(1) else "LAMPIRAN"
    return None


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.lstrip()
        out.append((offset + len(line) - len(stripped), stripped.rstrip()))
        offset += len(line) + 1
    return out


def _ayat(line: str, last: int) -> tuple[StructureKind, str] | None:
    """An ayat heading, if it numbers past the last one (a line-start "(1)" after "(2)" is a reference)."""
    m = _AYAT.match(line + " ")
    if m is None or int(m.group(1)) <= last:
        return None
    return StructureKind.ayat, f"ayat ({m.group(1)})"


def detect_structure(pages: list[PageText]) -> list[StructureMark]:
    """Structure marks of a document in reading order (page, then offset)."""
    marks: list[StructureMark] = []
    last_ayat: int | None = None  # None outside a Pasal: ayat only count inside one
    previous = ""
    closed_on: int | None = None  # page of the closing block that ended a body of Pasal/diktum
    for page in pages:
        annex = _annex_start(page.number) if closed_on is not None and page.number > closed_on else None
        if annex is not None:
            marks.append(annex)
            last_ayat, closed_on = None, None
        for offset, line in _lines_with_offsets(page.text):
            if not line:
                continue
            if _CLOSING.match(line) and any(m.kind in _BODY for m in marks):
                closed_on = page.number
            found = None
            if not _REFERENCE_TAIL.search(previous):
                found = _heading(line)
                if found is None and last_ayat is not None:
                    found = _ayat(line, last_ayat)
            if found is not None:
                kind, label = found
                if kind is StructureKind.ayat:
                    last_ayat = int(label[6:-1])
                else:
                    last_ayat = 0 if kind is StructureKind.pasal else None
                if annex is not None and kind is StructureKind.lampiran and annex in marks:
                    marks.remove(annex)  # the page's own header names the annex better
                marks.append(StructureMark(kind=kind, label=label, page=page.number, offset=offset))
            previous = line
    return marks


def _annex_start(page: int) -> StructureMark:
    return StructureMark(kind=StructureKind.lampiran, label="LAMPIRAN", page=page, offset=0)
