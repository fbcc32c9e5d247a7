"""What a citation and a checklist line say to the assessor, in Indonesian sentences.

A citation is shown with its reason ("Dikutip untuk tingkat 3: <criterion> - memuat
"data induk", "basis data".") instead of the rule id it came from, and a passage that is only a
table-of-contents line or a problem statement says so. The checklist's "Ditemukan" line names
what was found by what it is: elements, terms, or documents with their class in words.
"""

from __future__ import annotations

import re

from rules.citations import weakness
from rules.labels import WEAKNESS_LABELS
from rules.schema import DocumentClassCriterion, ElementsCriterion, RulePack

MAX_TERMS = 6  # matched terms named in one line
_PIECES = re.compile(r"\s*(?:…|\.\.\.)\s*")
_LEAD = re.compile(r"^[\W\d_]*(?:[a-z]\.\s+|\d+\)\s*)?", re.IGNORECASE)  # "f. ", ") ", "2) " before a term


def criterion_kinds(pack: RulePack, indicator_id: str) -> dict[str, str]:
    """Rule id -> kind ("topic", "elements", "document_class", "terms") of an indicator's criteria."""
    rules = pack.rules_for(indicator_id)
    if rules is None:
        return {}
    kinds = {pack.topic_rule_id(indicator_id): "topic"}
    for number, level in rules.levels.items():
        for criterion in level.criteria:
            kinds[pack.rule_id(indicator_id, number, criterion.id)] = _kind(criterion)
    return kinds


def _kind(criterion: object) -> str:
    if isinstance(criterion, ElementsCriterion):
        return "elements"
    if isinstance(criterion, DocumentClassCriterion):
        return "document_class"
    return "terms"  # terms and proximity: matched words


def _term(text: str) -> str:
    return " ".join(_LEAD.sub("", text).split())


def _quoted(terms: list[str]) -> str:
    first: dict[str, str] = {}
    for term in (_term(x) for x in terms):
        if term:
            first.setdefault(term.lower(), term)  # one form per word, as first matched
    unique = list(first.values())
    shown = ", ".join(f"\u201c{t}\u201d" for t in unique[:MAX_TERMS])
    return shown + (f" dan {len(unique) - MAX_TERMS} lainnya" if len(unique) > MAX_TERMS else "")


def found_text(kind: str, found: tuple[str, ...]) -> str:
    """The checklist's "Ditemukan" line: "unsur Data induk, Basis data" or "istilah "a", "b"."."""
    if not found:
        return ""
    if kind == "elements":
        return "unsur " + ", ".join(found)
    if kind == "document_class":
        return "dokumen " + "; ".join(found)
    return "istilah " + _quoted(list(found))


def citation_reason(kind: str, level: int, description: str, matched: str) -> str:
    """Why the passage is cited, as a sentence."""
    words = _quoted(_PIECES.split(matched))
    if kind == "topic":
        return f"Dikutip karena dokumen membahas substansi indikator ini: memuat {words}."
    what = description.rstrip(". ")
    if kind == "document_class":
        return f"Dikutip sebagai dasar tingkat {level}: {what}; dokumen ini memuat {words}."
    verb = "memuat unsur" if kind == "elements" else "memuat"
    return f"Dikutip untuk tingkat {level}: {what} \u2014 {verb} {words}."


def weakness_note(page_text: str, start: int, end: int, location: str | None) -> str | None:
    """"hanya ditemukan di daftar isi" and the like for a weak passage; None for content."""
    found = weakness(page_text, start, end, location)
    return WEAKNESS_LABELS[found.value] if found is not None else None
