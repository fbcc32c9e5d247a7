"""Which matched passages are shown as citations, and which are not evidence of content.

A matched phrase is not always a statement of the document: a table-of-contents line names a
chapter ("7. KEBIJAKAN INTERNAL PEMBANGUNAN APLIKASI ........ 29"), and a background section
names what is still missing ("Permasalahan ketiga adalah ... belum optimal"). Both are kept
for scoring (levels and confidence read the same passages as before) but are not *shown* as
content while a better passage exists; when they are all there is, they stay, ranked last and
flagged, so the assessor sees why the citation is weak. Passages that repeat what another
shown passage already quotes are folded into it (their matched words highlighted there).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from enum import StrEnum

from core.models import Passage

# Dot (or underscore/ellipsis) leaders between a heading and its page number.
_LEADERS = re.compile(r"(?:\.\s?){4,}|…{2,}|_{4,}|(?:·\s?){4,}")
_PAGE_AT_END = re.compile(r"(?:\d{1,3}|\s[ivxlc]{1,6})\s*$", re.IGNORECASE)
_TOC_TITLE = re.compile(r"^\s*DAFTAR\s+(?:ISI|TABEL|GAMBAR|LAMPIRAN)\b", re.IGNORECASE | re.MULTILINE)
TOC_MIN_LINES = 3  # dot-leader lines that make a page a table of contents
# What a background section says about what is lacking, in generic Indonesian words: naming a
# problem, or saying that something is not (yet) there - unless the sentence is a condition
# ("apabila berkas belum lengkap, ..."), which is how procedures and provisions use "belum".
_PROBLEM = re.compile(r"\b(?:permasalahan|kendala|hambatan|kelemahan|kekurangan|tantangan)\b", re.IGNORECASE)
_LACK = re.compile(
    r"\b(?:belum|kurangnya|minimnya|rendahnya|lemahnya|terbatasnya|tidak\s+adanya)\b", re.IGNORECASE
)
_CONDITION = re.compile(r"\b(?:apabila|jika|bila|bilamana|dalam\s+hal|sepanjang|selama)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;:!?]\s|\n\s*\n")
_BODY_LOCATION = re.compile(r"^(?:Pasal|KE[A-Z]+)\b")  # a Pasal or a diktum: the regulating text
MERGE_DISTANCE = 300  # characters between two matches on a page that one quote can show both


class Weakness(StrEnum):
    """Why a passage is not a statement of content (Indonesian texts: rules/labels.py)."""

    toc = "toc"
    problem = "problem"




def weakness(page_text: str, start: int, end: int, location: str | None) -> Weakness | None:
    """Whether the match at ``start:end`` of a page is a table-of-contents line or a problem
    statement (None: content). ``location`` is the passage's Pasal/diktum/Lampiran label."""
    if not page_text or start >= len(page_text):
        return None
    if _is_toc_line(page_text, start, end):
        return Weakness.toc
    if _is_problem(page_text, start, end, location):
        return Weakness.problem
    return None


def _lines_at(text: str, start: int, end: int) -> tuple[list[str], str]:
    """The lines the span ``start:end`` touches, and the line after them (a wrapped TOC entry)."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", max(end - 1, start))
    right = len(text) if right < 0 else right
    after = text.find("\n", right + 1)
    following = text[right + 1 : len(text) if after < 0 else after] if right < len(text) else ""
    return text[left:right].split("\n"), following


def _is_toc_line(text: str, start: int, end: int) -> bool:
    lines, following = _lines_at(text, start, end)
    if any(_LEADERS.search(line) for line in lines):
        return True
    if not _is_toc_page(text):
        return False
    # on a contents page an entry may wrap, or lose the space before its page number ("Daerah81")
    return any(_PAGE_AT_END.search(line) for line in [*lines, following]) or bool(_LEADERS.search(following))


@functools.lru_cache(maxsize=64)  # asked for every passage made on the page
def _is_toc_page(text: str) -> bool:
    """A title "DAFTAR ISI/TABEL/GAMBAR" near the top, or several dot-leader lines."""
    if _TOC_TITLE.search(text[:400]):
        return True
    if _LEADERS.search(text) is None:
        return False  # no line has leaders (one scan of the page, not one per line): most pages
    return sum(1 for line in text.split("\n") if _LEADERS.search(line)) >= TOC_MIN_LINES


def _is_problem(text: str, start: int, end: int, location: str | None) -> bool:
    """A problem word in the matched sentence, outside the regulating text (Pasal/diktum)."""
    if location and _BODY_LOCATION.match(location):
        return False
    sentence = _sentence_at(text, start, end)
    if _PROBLEM.search(sentence):
        return True
    return bool(_LACK.search(sentence)) and not _CONDITION.search(sentence)


def _sentence_at(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    after = _SENTENCE_END.search(text, end)
    return text[left : after.start() + 1 if after else len(text)]


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def _pieces(matched: str) -> list[str]:
    return [p for p in re.split(r"\s*…\s*", matched) if p.strip()]


def _covers(kept: Passage, other: Passage) -> bool:
    """Whether ``kept`` already shows ``other``: same page, close by, its words in the quote; or,
    on any page of the same document, the very same quote (a page scanned or printed twice)."""
    if kept.sha256 == other.sha256 and _words(kept.quote) == _words(other.quote):
        return True
    if kept.page != other.page or kept.sha256 != other.sha256:
        return False
    if abs(kept.start - other.start) > MERGE_DISTANCE:
        return False
    quote = _words(kept.quote)
    return all(_words(piece) in quote for piece in _pieces(other.matched))


def _fold(kept: Passage, other: Passage) -> Passage:
    """``kept`` with the matched words of ``other`` added (for highlighting), its span covering both."""
    if kept.page != other.page:
        return kept  # the same quote on another page: nothing to add
    pieces = _pieces(kept.matched)
    known = {_words(p) for p in pieces}
    extra = [p for p in _pieces(other.matched) if _words(p) not in known]
    if not extra:
        return kept
    return kept.model_copy(update={
        "matched": " … ".join([*pieces, *extra]),
        "start": min(kept.start, other.start),
        "end": max(kept.end, other.end),
        # the span now covers both: weak when either part is (as reading the union span would be)
        "weakness": kept.weakness or other.weakness,
    })


def dedupe(passages: Sequence[Passage]) -> list[Passage]:
    """Passages in order, each folded into an earlier one that already quotes its words."""
    out: list[Passage] = []
    for passage in passages:
        for n, kept in enumerate(out):
            if _covers(kept, passage):
                out[n] = _fold(kept, passage)
                break
        else:
            out.append(passage)
    return out


def curate(passages: Sequence[Passage], limit: int | None = None) -> list[Passage]:
    """The passages to show: duplicates folded, content first; weak passages only when nothing else is.

    Each passage's ``weakness`` was read from its page when it was made (``rules.hits``), so
    curating needs no page text: scoring keeps passages, not pages (``rules.fold``)."""
    unique = dedupe(passages)
    strong = [p for p in unique if p.weakness is None]
    shown = strong if strong else unique
    return shown[:limit] if limit is not None else shown
