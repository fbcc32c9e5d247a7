"""Normalise legal drafting before matching, without moving a single character.

Real regulations break literal windows in two ways. A cross-reference sits between a subject
and its verb ("Peta Rencana SPBE sebagaimana dimaksud dalam Pasal 3 ayat (3) huruf b
memuat:"), eleven tokens that a rule written as "Peta Rencana SPBE ... memuat" would have to
allow for everywhere. And OCR of a two-column regulation scan pushes ayat numbers and list
letters into a column of their own ("(4) (5) (6) (1) (2)"), which lands between sentences.

Both are masked with one filler token of the same length (``~~~~``): offsets, pages and
quotes stay exact (quotes are cut from the original page text), the matcher sees one token.
A single list marker ("a.", "(2)") is kept: it tells list items apart (``rules.criteria``).
"""

from __future__ import annotations

import re

FILLER = "~"

_MARKER = r"(?:\(\s*\d{1,2}\s*\)|\d{1,2}\.|[a-z]\.|[a-z]\))"
# "sebagaimana dimaksud dalam/pada Pasal 3 ayat (3) huruf b angka 2", "... pada ayat (1)", "... pada huruf a"
_CROSS_REFERENCE = re.compile(
    r"\b(?:sebagaimana|yang)\s+dimaksud\s+(?:dalam|pada)\s+"
    r"(?:(?:Pasal\s+\d+[A-Z]?|ayat\s*\(\s*\d+\s*\)|huruf\s+[a-z]\b|angka\s+\d+)[\s,]*(?:dan\s+)?)+",
    re.IGNORECASE,
)
# three or more list markers in a row with nothing but whitespace between them
_MARKER_RUN = re.compile(rf"(?<!\S){_MARKER}(?:\s+{_MARKER}){{2,}}(?!\S)", re.IGNORECASE)


def mask_drafting(text: str) -> str:
    """``text`` with legal cross-references and runs of list markers masked, same length."""
    text = _CROSS_REFERENCE.sub(_fill, text)
    return _MARKER_RUN.sub(_fill, text)


def _fill(match: re.Match[str]) -> str:
    span = match.group(0)
    core = span.rstrip()
    return FILLER * len(core) + span[len(core) :]


__all__ = ["FILLER", "mask_drafting"]
