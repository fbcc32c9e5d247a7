"""Building blocks of gap guidance: short document names, level names, the pack's gap texts,
and the per-indicator guidance template shown by ``bukti rules explain``."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from core.models import REGULATION_TYPES, DocType, ExtractedDocument, Guidance, LegalStatus
from rules.rationale import type_label
from rules.schema import (
    Criterion,
    DocumentClassCriterion,
    ElementsCriterion,
    IndicatorSpec,
    ProximityCriterion,
    RulePack,
    TermsCriterion,
    termset_phrases,
)

MAX_TITLE = 60
# How assessors cite documents: regulations by their abbreviation, every other type by its name.
_SHORT: dict[DocType, str] = {t: type_label(t) for t in DocType} | {
    DocType.peraturan_daerah: "Perda",
    DocType.peraturan_gubernur: "Pergub",
    DocType.peraturan_bupati: "Perbup",
    DocType.peraturan_wali_kota: "Perwali",
    DocType.peraturan_menteri: "Permen",
    DocType.peraturan_presiden: "Perpres",
}


def short_label(document: ExtractedDocument) -> str:
    """How assessors cite a document: "Perbup Batu Bara 81/2021", "Keputusan Walikota Denpasar
    Nomor 188.45/1612/HK/2019", "Rancangan Perbup Lamongan Tahun 2021", "Laporan \u201cKajian ...\u201d";
    the file name when the type is unknown."""
    meta = document.metadata
    if meta.doc_type is None:
        return document.source.name
    doc_type = DocType(meta.doc_type.value)
    kind = _SHORT.get(doc_type, "Dokumen")
    if doc_type in REGULATION_TYPES and meta.region is not None:
        kind = f"{kind} {_place(meta.region.value)}"
    elif doc_type is DocType.keputusan and meta.issuer is not None:
        kind = f"{kind} {' '.join(meta.issuer.value.split())}"
    number = meta.number.value.strip() if meta.number else ""
    year = meta.year.value if meta.year else None
    if number.isdigit() and year:
        label = f"{kind} {number}/{year}"
    elif number:
        label = f"{kind} Nomor {number}"
    elif meta.title and doc_type not in REGULATION_TYPES | {DocType.keputusan}:
        label = _titled(kind, meta.title.value)
    else:
        label = f"{kind} Tahun {year}" if year else kind
    if meta.status is not None and meta.status.value is LegalStatus.draft:
        label = f"Rancangan {label}"
    return label


def _place(region: str) -> str:
    """ "Kabupaten Batu Bara" -> "Batu Bara" (the type is already in Perbup/Perwali/Pergub)."""
    for prefix in ("Kabupaten ", "Kota ", "Provinsi "):
        if region.startswith(prefix):
            return region[len(prefix) :]
    return region


def _titled(kind: str, title: str) -> str:
    title = " ".join(title.split())
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1].rsplit(" ", 1)[0] + " \u2026"
    return title if title.lower().startswith(kind.lower()) else f"{kind} \u201c{title}\u201d"


def regulates(document: ExtractedDocument) -> bool:
    """True for documents that set norms (regulations, decrees, SOPs, internal policies)."""
    meta = document.metadata
    return meta.doc_type is not None and DocType(meta.doc_type.value) in _NORMATIVE


_NORMATIVE = REGULATION_TYPES | {
    DocType.keputusan,
    DocType.surat_edaran,
    DocType.sop,
    DocType.kebijakan_internal,
    DocType.rencana_induk,
}


def level_label(pack: RulePack, indicator_id: str, level: int) -> str:
    """E.g. "3 (Terdefinisi)"; the bare number when the scale has no name for it."""
    name = pack.level_name(indicator_id, level)
    return f"{level} ({name})" if name else str(level)


def criterion_index(pack: RulePack, indicator_id: str) -> dict[str, tuple[str, str]]:
    """Rule id -> (kind, guidance text when unmet: the criterion's ``gap``, else its description)."""
    rules = pack.rules_for(indicator_id)
    if rules is None:
        return {}
    index = {
        pack.topic_rule_id(indicator_id): (
            "topic",
            f"Sediakan dokumen yang memenuhi: {rules.topic.description}",
        )
    }
    for number, level in rules.levels.items():
        for criterion in level.criteria:
            index[pack.rule_id(indicator_id, number, criterion.id)] = (
                criterion.kind,
                criterion.gap or criterion.description,
            )
    return index


def subject(indicator_name: str) -> str:
    """The matter of an indicator: "Tingkat Kematangan Kebijakan Internal Arsitektur SPBE Instansi
    Pusat/Pemerintah Daerah" -> "Arsitektur SPBE"."""
    text = indicator_name
    for prefix in ("Tingkat Kematangan ", "Kebijakan Internal ", "Penerapan "):
        if text.startswith(prefix) and len(text) > len(prefix) + 3:
            text = text[len(prefix) :]
    for suffix in (" Instansi Pusat/Pemerintah Daerah", " Instansi Pusat/ Pemerintah Daerah"):
        text = text.removesuffix(suffix)
    return text


def manual_guidance(spec: IndicatorSpec, pack: RulePack) -> Guidance:
    """Guidance for an indicator the engine does not score (services, or no rules yet)."""
    reason = spec.manual_reason or "belum ada aturan otomatis untuk indikator ini"
    scale = pack.level_scales.get(spec.scale)
    ladder = ", ".join(f"{n} {name}" for n, name in sorted(scale.levels.items())) if scale else ""
    return Guidance(
        fakta=f"Indikator {spec.id} ({spec.name}) tidak dinilai otomatis: {reason}.",
        analisis=(
            f"Level ditentukan asesor menurut skala {spec.scale.replace('_', ' ')}: {ladder}."
            if ladder
            else "Level ditentukan asesor."
        ),
        justifikasi="Tidak ada usulan level otomatis; asesor menetapkan level dari bukti yang diunggah.",
        rekomendasi=(
            "Lampirkan bukti kapabilitas untuk setiap level yang diklaim (tangkapan layar fungsi per "
            "level, akun uji, manual pengguna, arsitektur/API) beserta dokumen kebijakan terkait."
        ),
    )


class CriterionGuide(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule_id: str
    kind: str
    description: str
    gap: str
    elements: list[str] = Field(default_factory=list)  # element names, or the phrases looked for
    classes: list[str] = Field(default_factory=list)  # document classes (document_class criteria)


class LevelGuide(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level: int
    name: str
    evidence_classes: list[str] = Field(default_factory=list)
    criteria: list[CriterionGuide]


class IndicatorGuide(BaseModel):
    """An indicator as the pack judges it: topic, then per level the criteria and gap texts."""

    model_config = ConfigDict(extra="forbid")

    framework: str
    pack_version: str
    indicator_id: str
    name: str
    weight: float
    scale: str
    manual: bool
    manual_fallback: bool = False  # rules propose a level when the text supports one, else manual
    manual_reason: str | None = None
    topic: CriterionGuide | None = None
    levels: list[LevelGuide] = Field(default_factory=list)


def indicator_guide(pack: RulePack, indicator_id: str) -> IndicatorGuide:
    """The guidance template of one indicator (raises KeyError for an unknown id)."""
    spec = pack.indicator(indicator_id)
    rules = pack.rules_for(indicator_id)
    guide = IndicatorGuide(
        framework=pack.name,
        pack_version=pack.version,
        indicator_id=spec.id,
        name=spec.name,
        weight=spec.weight,
        scale=spec.scale,
        manual=spec.manual or rules is None,
        manual_fallback=spec.manual_fallback,
        manual_reason=spec.manual_reason,
    )
    scale = pack.level_scales.get(spec.scale)
    names = scale.levels if scale else {}
    if rules is None:
        levels = [LevelGuide(level=n, name=names.get(n, ""), criteria=[]) for n in sorted(names)]
        return guide.model_copy(update={"levels": levels})
    topic = CriterionGuide(
        rule_id=pack.topic_rule_id(spec.id),
        kind="topic",
        description=rules.topic.description,
        gap=rules.topic.description,
        elements=termset_phrases(rules.topic, pack.term_lists)[:12],
    )
    levels = [
        LevelGuide(
            level=n,
            name=names.get(n, ""),
            evidence_classes=list(level.evidence_classes),
            criteria=[_criterion_guide(pack, spec.id, n, c) for c in level.criteria],
        )
        for n, level in sorted(rules.levels.items())
    ]
    return guide.model_copy(update={"topic": topic, "levels": levels})


def _criterion_guide(pack: RulePack, indicator_id: str, number: int, criterion: Criterion) -> CriterionGuide:
    elements: list[str] = []
    classes: list[str] = []
    if isinstance(criterion, ElementsCriterion):
        elements = [e.name for e in criterion.elements]
    elif isinstance(criterion, TermsCriterion):
        elements = termset_phrases(criterion, pack.term_lists)[:12]
    elif isinstance(criterion, ProximityCriterion):
        elements = [" / ".join(termset_phrases(g, pack.term_lists)[:4]) for g in criterion.groups]
    elif isinstance(criterion, DocumentClassCriterion):
        classes = list(criterion.classes)
    return CriterionGuide(
        rule_id=pack.rule_id(indicator_id, number, criterion.id),
        kind=criterion.kind,
        description=criterion.description,
        gap=criterion.gap or criterion.description,
        elements=elements,
        classes=classes,
    )
