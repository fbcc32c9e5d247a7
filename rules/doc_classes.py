"""Document classes of a rule pack: which documents count as enacted policy, draft, review record ...

A class fits a document by its metadata (type, status, title phrases present or absent) and,
for some classes, by phrases in its text. Non-evidence classes (official evaluation results,
national regulations, organisation regulations) are decided by metadata alone, so a report can
say which documents were not read as evidence without matching them again.
"""

from __future__ import annotations

import re
from functools import lru_cache

from core.models import DocType, LegalStatus
from rules.hits import DocumentMatches
from rules.schema import DocumentClass, RulePack


# A run asks this of every document up to three times (the reference government, the foreign
# documents, the printed report), ~12 phrases each: 0.04 CPU-s of an unchanged re-run of 1,000
# documents. Answers and patterns are kept (a bool per pair; a title is short).
@lru_cache(maxsize=65536)
def in_title(phrase: str, title: str) -> bool:
    """Whether ``phrase`` starts at a word of ``title`` (case and spacing aside).

    A phrase is the start of a word or words ("kemen" finds "Kemenko"), never the inside of one:
    "lembaga" is not in "Penataan Kelembagaan", "arsitektur" is not in "subarsitektur".
    """
    return _phrase_pattern(phrase).search(" ".join(title.lower().split())) is not None


@lru_cache(maxsize=1024)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![0-9a-z]){re.escape(' '.join(phrase.lower().split()))}")


def _metadata_fits(
    spec: DocumentClass, doc_type: object, status: object, title: str, issuer: str = ""
) -> bool:
    """Whether a document's type, status, title and issuer fit a class (its text conditions aside)."""
    if spec.issuer_prefixes and not issuer.lower().startswith(tuple(p.lower() for p in spec.issuer_prefixes)):
        return False
    if spec.doc_types and doc_type not in spec.doc_types:
        return False
    if spec.statuses and status not in spec.statuses:
        return False
    if spec.title_phrases and not any(in_title(p, title) for p in spec.title_phrases):
        return False
    if spec.title_excludes and not title.strip():
        return False  # what the title would exclude cannot be told without one: not this class
    return not any(in_title(p, title) for p in spec.title_excludes)


def non_evidence_class(
    doc_type: str | None, status: str | None, title: str | None, pack: RulePack, issuer: str | None = None
) -> str | None:
    """The pack's non-evidence class a document falls in (its name), from metadata alone.

    Non-evidence classes are decided by metadata only (``rules.checks`` enforces it), so reports
    can say which documents were not read as evidence without matching them again.
    """
    kind = DocType(doc_type) if doc_type and doc_type in DocType._value2member_map_ else None
    legal = LegalStatus(status) if status and status in LegalStatus._value2member_map_ else None
    for name in pack.non_evidence_classes:
        if _metadata_fits(pack.document_classes[name], kind, legal, title or "", issuer or ""):
            return name
    return None


def document_classes(matches: DocumentMatches, pack: RulePack) -> frozenset[str]:
    """Names of the pack's document classes this document belongs to."""
    meta = matches.document.metadata
    doc_type = meta.doc_type.value if meta.doc_type else None
    status = meta.status.value if meta.status else None
    title = meta.title.value if meta.title else ""
    issuer = meta.issuer.value if meta.issuer else ""
    names: set[str] = set()
    for name, spec in pack.document_classes.items():
        if not _metadata_fits(spec, doc_type, status, title, issuer):
            continue
        if spec.text_phrases and len(matches.get(pack.class_rule_id(name))) < spec.text_min:
            continue
        if matches.doc_text.length < spec.min_chars:
            continue
        names.add(name)
    return frozenset(names)


__all__ = ["document_classes", "in_title", "non_evidence_class"]
