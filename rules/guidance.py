"""Gap guidance: what a proposal rests on and what would lift it, as assessors write it.

``build_guidance`` turns a :class:`Proposal` into the four paragraphs of an assessor's
worksheet, in Indonesian:

* **Fakta** - what the evidence shows, with citations ("Perbup 81/2021 Pasal 8 ayat (6),
  hlm. 7 mengatur: Domain Arsitektur Proses Bisnis, ...");
* **Analisis** - what the criteria of the next level require, which are met and which
  elements are missing;
* **Justifikasi** - the proposed level and why the next one cannot be given yet;
* **Rekomendasi** - what to add for the next level (the pack's ``gap`` texts, with the
  missing elements named).

Everything comes from the proposal's criteria and the pack; documents are optional and only
give citations a readable name ("Perbup 81/2021" instead of a file name).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from core.models import CriterionResult, ExtractedDocument, Guidance, Passage, Proposal
from rules.guidance_text import criterion_index, level_label, manual_guidance, regulates, short_label, subject
from rules.schema import RulePack

CriterionIndex = dict[str, tuple[str, str]]  # rule id -> (kind, gap text)
DocumentNames = tuple[Mapping[str, str], Mapping[str, str]]  # (labels, verbs) by sha256
MAX_FACTS = 4  # fact sentences per proposal, strongest (highest level) first
MAX_ELEMENTS_NAMED = 7
MAX_LOCATIONS = 3


def build_guidance(
    proposal: Proposal, pack: RulePack, documents: Sequence[ExtractedDocument] = (),
    names: DocumentNames | None = None,
) -> Guidance:
    """Fakta / Analisis / Justifikasi / Rekomendasi for one proposal (``names``: ``documents``'
    ``document_names``, when the caller has them already)."""
    spec = pack.indicator(proposal.indicator_id)
    if proposal.needs_manual and pack.rules_for(spec.id) is None:
        return manual_guidance(spec, pack)
    labels, verbs = names if names is not None else document_names(documents)
    index = criterion_index(pack, proposal.indicator_id)
    target = proposal.level + 1 if proposal.level < 5 else None
    return Guidance(
        fakta=_fakta(proposal, labels, verbs, subject(spec.name), index),
        analisis=_analisis(proposal, pack, target),
        justifikasi=manual_guidance(spec, pack).justifikasi
        if proposal.needs_manual
        else _justifikasi(proposal, pack, target),
        rekomendasi=_rekomendasi(proposal, pack, target, index),
    )


def attach_guidance(
    proposals: Iterable[Proposal], pack: RulePack, documents: Sequence[ExtractedDocument] = ()
) -> list[Proposal]:
    """The proposals with their ``guidance`` filled in."""
    names = document_names(documents)  # once, not once per indicator: a submission has ~1,000 documents
    return [p.model_copy(update={"guidance": build_guidance(p, pack, names=names)}) for p in proposals]


def document_names(documents: Sequence[ExtractedDocument]) -> DocumentNames:
    """Each document's readable label and verb ("mengatur" / "membahas"), by sha256."""
    by_sha = {d.source.sha256: d for d in documents}
    return _PerDocument(by_sha, short_label), _PerDocument(by_sha, _verb)


def _verb(document: ExtractedDocument) -> str:
    return "mengatur" if regulates(document) else "membahas"


class _PerDocument(Mapping[str, str]):
    """``make(document)`` by sha256, each made when first read: guidance names only the documents
    the proposals cite, a few of a submission's ~1,000 (labelling them all was ~0.1-0.2 s of
    every scoring, in the flow process)."""

    def __init__(self, documents: dict[str, ExtractedDocument],
                 make: Callable[[ExtractedDocument], str]) -> None:
        self._documents, self._make = documents, make
        self._made: dict[str, str] = {}

    def __getitem__(self, sha256: str) -> str:
        made = self._made.get(sha256)
        if made is None:
            made = self._made[sha256] = self._make(self._documents[sha256])
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._documents)

    def __len__(self) -> int:
        return len(self._documents)


def _fakta(
    proposal: Proposal,
    labels: Mapping[str, str],
    verbs: Mapping[str, str],
    indicator_name: str,
    index: CriterionIndex,
) -> str:
    """Fact sentences in level order: the document basis, then its content, then higher evidence."""
    met = sorted(
        (c for c in proposal.criteria if c.met and c.level <= proposal.level),
        key=lambda c: (c.level, not c.rule_id.endswith("/topic")),
    )
    sentences: list[str] = []
    seen: set[tuple[str, int, int]] = set()
    for criterion in met:
        kind = index.get(criterion.rule_id, ("terms", ""))[0]
        sentence = _fact_sentence(criterion, kind, labels, verbs, indicator_name, seen)
        if sentence and sentence not in sentences:
            sentences.append(sentence)
    if sentences:
        return " ".join(sentences[:MAX_FACTS])
    if proposal.level == 0:
        topic = next((c for c in proposal.criteria if c.rule_id.endswith("/topic")), None)
        if topic is not None and topic.met and topic.passages:
            where = _cite(topic.passages[0], labels)
            return f"{_capital(where)} memuat substansi {indicator_name}. {proposal.rationale}"
        return proposal.rationale or f"Tidak ditemukan bukti yang mengatur {indicator_name}."
    return proposal.rationale


def _fact_sentence(
    criterion: CriterionResult,
    kind: str,
    labels: Mapping[str, str],
    verbs: Mapping[str, str],
    indicator_name: str,
    seen: set[tuple[str, int, int]],
) -> str:
    fresh = [p for p in criterion.passages if (p.sha256, p.page, p.start) not in seen]
    seen.update((p.sha256, p.page, p.start) for p in criterion.passages)
    if not fresh:
        return ""
    first = fresh[0]
    verb = verbs.get(first.sha256, "mengatur")
    if kind == "topic":
        return f"{_capital(_cite(first, labels))} {verb} {indicator_name}: \u201c{_excerpt(first)}\u201d."
    if kind == "elements":
        named = ", ".join(criterion.found[:MAX_ELEMENTS_NAMED])
        return f"{_capital(_cite_many(fresh, labels))} {verb} {named}."
    if kind == "document_class":
        return ""  # the document basis is named by the topic sentence and every citation
    return f"{_capital(_cite(first, labels))} memuat \u201c{_excerpt(first)}\u201d."


def _cite(passage: Passage, labels: Mapping[str, str]) -> str:
    name = labels.get(passage.sha256) or passage.file_name
    location = f" {passage.location}" if passage.location else ""
    return f"{name}{location} (hlm. {passage.page})"


def _cite_many(passages: list[Passage], labels: Mapping[str, str]) -> str:
    """One document with its distinct locations: "Perbup X/2021 Pasal 8 ayat (1), Pasal 9 (hlm. 13-14)"."""
    first = passages[0]
    same = [p for p in passages if p.sha256 == first.sha256]
    name = labels.get(first.sha256) or first.file_name
    locations = list(dict.fromkeys(p.location for p in same if p.location))[:MAX_LOCATIONS]
    pages = sorted({p.page for p in same})
    span = f"hlm. {pages[0]}" if len(pages) == 1 else f"hlm. {pages[0]}-{pages[-1]}"
    where = f" {', '.join(locations)}" if locations else ""
    return f"{name}{where} ({span})"


def _excerpt(passage: Passage, before: int = 40, after: int = 110) -> str:
    """A short piece of the quote around the matched words, cut at word boundaries."""
    quote = " ".join(passage.quote.split()).strip("… ")
    at = quote.lower().find(" ".join(passage.matched.split()).lower())
    if at < 0:
        at = 0
    start = quote.rfind(" ", 0, max(at - before, 0)) + 1 if at > before else 0
    end = quote.find(" ", at + after)
    piece = quote[start:] if end < 0 else quote[start:end]
    return ("… " if start else "") + piece + (" …" if end >= 0 else "")


def _analisis(proposal: Proposal, pack: RulePack, target: int | None) -> str:
    if target is None:
        return "Seluruh kriteria level 1 sampai 5 terpenuhi; tidak ada level berikutnya."
    wanted = [c for c in proposal.criteria if c.level == target]
    if not wanted:
        label = level_label(pack, proposal.indicator_id, target)
        return f"Kriteria level {label} tidak dirinci dalam paket aturan."
    text = (
        f"Level {level_label(pack, proposal.indicator_id, target)} mensyaratkan: "
        + "; ".join(c.description.rstrip(".") for c in wanted)
        + "."
    )
    met = [c for c in wanted if c.met]
    unmet = [c for c in wanted if not c.met]
    if met:
        text += " Sudah terpenuhi: " + "; ".join(c.description.rstrip(".") for c in met) + "."
    if unmet:
        text += " Belum terpenuhi: " + "; ".join(_unmet_text(c) for c in unmet) + "."
    return text


def _unmet_text(criterion: CriterionResult) -> str:
    named = [m for m in criterion.missing if m != criterion.description and len(m) <= 80]
    found = (
        f"; sudah ada {', '.join(criterion.found[:MAX_ELEMENTS_NAMED])}" if criterion.found and named else ""
    )
    missing = f" (belum ditemukan: {', '.join(named[:MAX_ELEMENTS_NAMED])}{found})" if named else ""
    return criterion.description.rstrip(".") + missing


def _justifikasi(proposal: Proposal, pack: RulePack, target: int | None) -> str:
    indicator = proposal.indicator_id
    if proposal.level == 0:
        text = "Diusulkan level 0 (belum ada bukti yang memenuhi kriteria level 1)."
    else:
        span = "level 1" if proposal.level == 1 else f"level 1 sampai {proposal.level}"
        text = (
            f"Diusulkan level {level_label(pack, indicator, proposal.level)} karena seluruh kriteria "
            f"{span} terpenuhi."
        )
    if target is not None:
        unmet = [c for c in proposal.criteria if c.level == target and not c.met]
        if unmet:
            text += (
                f" Level {level_label(pack, indicator, target)} belum dapat diberikan karena "
                f"kriteria \u201c{unmet[0].description.rstrip('.')}\u201d belum terpenuhi."
            )
    return text


def _rekomendasi(proposal: Proposal, pack: RulePack, target: int | None, index: CriterionIndex) -> str:
    if target is None:
        return "Pertahankan bukti reviu berkala dan tindak lanjutnya agar level 5 tetap terpenuhi."
    unmet = [c for c in proposal.criteria if c.level == target and not c.met]
    items = []
    for criterion in unmet:
        gap = index.get(criterion.rule_id, ("", criterion.description))[1].rstrip(".")
        named = [m for m in criterion.missing if m != criterion.description and m != gap and len(m) <= 80]
        items.append(gap + (f" (lengkapi: {', '.join(named[:MAX_ELEMENTS_NAMED])})" if named else ""))
    if not items:
        return f"Lengkapi bukti sesuai kriteria level {level_label(pack, proposal.indicator_id, target)}."
    head = f"Untuk mencapai level {level_label(pack, proposal.indicator_id, target)}: "
    return head + "; ".join(items) + "."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
