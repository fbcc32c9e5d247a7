"""Short Indonesian explanations: the rationale sentence and what is missing for the next level."""

from __future__ import annotations

from core.models import DocType, ExtractedDocument, LegalStatus
from rules.criteria import Evaluation
from rules.fold import IndicatorFold
from rules.labels import DOC_TYPE_LABELS
from rules.schema import IndicatorSpec, RulePack

MAX_DOCS_NAMED = 2
CAPABILITY_NOTE = (
    "Level diusulkan dari uraian fungsi aplikasi dalam dokumen; pastikan pada aplikasinya "
    "(tangkapan layar per level, akun uji)."
)



def type_label(doc_type: DocType | str) -> str:
    """The Indonesian name of a document type ("Peraturan Wali Kota"); "Dokumen" when unknown."""
    known = DocType._value2member_map_.get(str(doc_type))
    return DOC_TYPE_LABELS.get(known, "Dokumen") if isinstance(known, DocType) else "Dokumen"


def doc_label(document: ExtractedDocument) -> str:
    """E.g. "Peraturan Bupati Nomor 81 Tahun 2021" or "Rancangan Peraturan Bupati Tahun 2021"."""
    meta = document.metadata
    if meta.doc_type is None:
        return document.source.name
    parts = [type_label(meta.doc_type.value)]
    if meta.status is not None and meta.status.value is LegalStatus.draft:
        parts.insert(0, "Rancangan")
    if meta.number is not None:
        parts.append(f"Nomor {meta.number.value}")
    if meta.year is not None:
        parts.append(f"Tahun {meta.year.value}")
    return " ".join(parts)


def next_missing(evaluated: list[Evaluation], level: int) -> list[str]:
    """What is missing for ``level + 1``: unmet criteria, with missing elements named."""
    if level >= 5:
        return []
    out: list[str] = []
    for entry in evaluated:
        if entry.level != level + 1 or entry.outcome.met:
            continue
        named = [m for m in entry.outcome.missing if m not in (entry.gap, entry.description)]
        out.append(f"{entry.gap} (belum ditemukan: {', '.join(named)})" if named else entry.gap)
    return out


def rationale(
    pack: RulePack,
    spec: IndicatorSpec,
    level: int,
    seen: IndicatorFold,
    missing: list[str],
    supporting: list[str],
) -> str:
    """One or two Indonesian sentences: the level, the documents behind it, the first gap."""
    if level == 0:
        relevant = [d.document for d in seen.relevant_documents()]
        if relevant:
            named = ", ".join(doc_label(d) for d in relevant[:MAX_DOCS_NAMED])
            needed = missing[0] if missing else "rancangan, notulen, kebijakan atau laporan reviu"
            return (
                f"Substansi indikator ditemukan di {named}, tetapi jenis/status dokumennya belum memenuhi "
                f"kriteria level 1 ({needed})."
            )
        if seen.mentions:
            return (
                "Belum ada dokumen yang mengatur substansi indikator ini; hanya penyebutan sepintas "
                "(konsiderans, definisi atau daftar) yang ditemukan."
            )
        return "Tidak ditemukan bukti yang relevan untuk indikator ini."
    wanted = set(supporting)
    documents = [d.document for d in seen.documents if d.sha256 in wanted]
    named = ", ".join(doc_label(d) for d in documents[:MAX_DOCS_NAMED])
    more = f" dan {len(documents) - MAX_DOCS_NAMED} dokumen lain" if len(documents) > MAX_DOCS_NAMED else ""
    text = f"Level {level} ({pack.level_name(spec.id, level)}) didukung oleh {named}{more}."
    if missing:
        text += f" Untuk level {level + 1} belum terpenuhi: {missing[0]}."
    return text


def capability_rationale(spec: IndicatorSpec, level: int, text: str) -> str:
    """Rationale of an indicator judged on application capability (``manual_fallback``)."""
    if level > 0:
        return f"{text} {CAPABILITY_NOTE}"
    reason = spec.manual_reason or "fungsi aplikasi tidak diuraikan dalam dokumen"
    return f"Perlu penilaian manual: {reason}. {text}"
