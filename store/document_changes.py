"""How the supporting documents of a proposal changed since a decision, in words.

Documents are identified by content (sha256), so a file edited in place leaves the old
content and brings a new one. Said as "new: X" and "missing: X" that reads as if one file
were both added and lost; a removed and an added document at the same path (or, failing
that, with the same file name) are one file that *changed*, and the note says what changed:
its content hash, its page count, its identity (type, number, year, status, title).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from rules.labels import DOC_TYPE_LABELS, LEGAL_STATUS_LABELS
from store.models import Document

SHORT_HASH = 8


@dataclass(frozen=True)
class DocumentFacts:
    """What a stored document row says about one content version of a file."""

    name: str
    path: str
    pages: int
    identity: str  # "Peraturan Wali Kota Nomor 17 Tahun 2024 (Ditetapkan)"; "" when nothing was read
    title: str


def document_facts(session: Session, submission_id: int) -> dict[str, DocumentFacts]:
    """sha256 -> facts of every document of a submission, retired ones included."""
    columns = (Document.sha256, Document.name, Document.path, Document.page_count, Document.doc_type,
               Document.number, Document.year, Document.legal_status, Document.title)
    rows = session.execute(select(*columns).where(Document.submission_id == submission_id))
    return {row.sha256: _facts(row) for row in rows}


def _facts(row: Row[*tuple[Any, ...]]) -> DocumentFacts:  # a row of document_facts' columns
    parts = [DOC_TYPE_LABELS.get(row.doc_type or "", "")]
    if row.number:
        parts.append(f"Nomor {row.number}")
    if row.year:
        parts.append(f"Tahun {row.year}")
    if row.legal_status in ("enacted", "draft"):  # not_applicable says nothing about identity
        parts.append(f"({LEGAL_STATUS_LABELS[row.legal_status]})")
    identity = " ".join(p for p in parts if p)
    return DocumentFacts(row.name, row.path, row.page_count, identity, row.title or "")


def describe_document_changes(
    before: Sequence[str], after: Sequence[str], facts: dict[str, DocumentFacts]
) -> list[str]:
    """Sentences: files that changed (with what changed), then documents added, then removed."""
    added, removed = sorted(set(after) - set(before)), sorted(set(before) - set(after))
    pairs = _pair(removed, added, facts)
    changed = [_changed(old, new, facts) for old, new in pairs]
    paired = {sha for pair in pairs for sha in pair}
    out = []
    if changed:
        out.append("dokumen pendukung berubah: " + "; ".join(changed))
    fresh = [sha for sha in added if sha not in paired]
    gone = [sha for sha in removed if sha not in paired]
    if fresh:
        out.append("dokumen pendukung baru: " + _names(fresh, facts))
    if gone:
        out.append("dokumen pendukung hilang: " + _names(gone, facts))
    return out


def _pair(removed: list[str], added: list[str], facts: dict[str, DocumentFacts]) -> list[tuple[str, str]]:
    """(old, new) content versions of one file: same path first, then same file name."""
    pairs: list[tuple[str, str]] = []
    free = [sha for sha in added if sha in facts]
    for key in (lambda f: f.path, lambda f: f.name):
        for old in removed:
            if old not in facts or any(old == o for o, _ in pairs):
                continue
            new = next((sha for sha in free if key(facts[sha]) == key(facts[old])), None)
            if new is not None:
                pairs.append((old, new))
                free.remove(new)
    return pairs


def _changed(old: str, new: str, facts: dict[str, DocumentFacts]) -> str:
    a, b = facts[old], facts[new]
    what = [f"isi berkas (sha256 {old[:SHORT_HASH]}… → {new[:SHORT_HASH]}…)"]
    if a.pages != b.pages:
        what.append(f"jumlah halaman {a.pages} → {b.pages}")
    if a.identity != b.identity:
        what.append(f"identitas {a.identity or 'tidak terbaca'} → {b.identity or 'tidak terbaca'}")
    if a.title != b.title and a.identity == b.identity:
        what.append("judul")
    name = b.name if a.name == b.name else f"{a.name} → {b.name}"
    return f"{name} ({', '.join(what)})"


def _names(shas: Sequence[str], facts: dict[str, DocumentFacts]) -> str:
    return ", ".join(facts[sha].name if sha in facts else f"{sha[:12]}…" for sha in shas)
