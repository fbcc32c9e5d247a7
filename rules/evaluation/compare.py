"""Compare one extracted document and its proposals with its label record.

Each document is judged alone (``propose_for_document``): the label says which level the
document *by itself* supports, so the proposal from that document alone is the right
counterpart. Pairs are kept where the label or the proposal has a level >= 1; a pair that
disagrees carries the reason - the criteria the proposal found unmet (under) or the higher
criteria it judged met (over) - next to the label's ``why``. Each pair also carries the
domain of its indicator and, for a proposal at level >= 1, the confidence features the engine
computed (recorded with ``rules.confidence.capture_confidence``), which the calibration
harness fits on.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.errors import InputError
from core.models import DocumentStatus, ExtractedDocument, Proposal, TextMethod
from rules.confidence import capture_confidence
from rules.engine import propose_for_document
from rules.evaluation.fields import compare_metadata
from rules.evaluation.labels import LabelRecord
from rules.evaluation.metrics import aggregate
from rules.evaluation.models import DocumentResult, EvaluationReport, PairOutcome, ReportOutcome
from rules.guidance_text import criterion_index
from rules.lhe import check_report, parse_lhe
from rules.schema import RulePack, indicator_key

USABLE = (DocumentStatus.success, DocumentStatus.partial_success)
MAX_REASON_ITEMS = 3


def automatic_indicators(pack: RulePack) -> set[str]:
    """Indicators the pack has automatic rules for (not manual)."""
    return {s.id for s in pack.indicators() if not s.manual and pack.rules_for(s.id) is not None}


def evaluate_document(record: LabelRecord, document: ExtractedDocument, pack: RulePack) -> DocumentResult:
    """Metadata fields and indicator pairs of one document."""
    usable = document.status in USABLE
    with capture_confidence() as captured:
        proposals = propose_for_document(document, pack) if usable else []
    features = {c.indicator_key: c.features.as_dict() for c in captured if c.features is not None}
    return DocumentResult(
        file=record.file,
        sha256=document.source.sha256,
        layer_group=record.layer_group,
        extraction_status=document.status.value,
        pages=len(document.pages),
        ocr_pages=sum(1 for p in document.pages if p.method is TextMethod.ocr),
        fields=compare_metadata(record, document.metadata),
        pairs=_pairs(record, proposals, pack, features),
    )


def evaluate_documents(
    pairs: Sequence[tuple[LabelRecord, ExtractedDocument]], pack: RulePack, *, split: str, labels_file: str
) -> EvaluationReport:
    """Evaluate every (label, document) pair and aggregate the metrics."""
    check_indicator_ids([r for r, _ in pairs], pack)
    results = [evaluate_document(record, document, pack) for record, document in pairs]
    metrics = aggregate(results, domain_names(pack))
    reports = [check_official_report(r, d, pack) for r, d in pairs if r.is_report]
    return EvaluationReport(
        framework=pack.name,
        pack_version=pack.version,
        pack_hash=pack.content_hash,
        split=split,
        labels_file=labels_file,
        documents=results,
        reports=reports,
        **metrics,
    )


def domain_names(pack: RulePack) -> dict[str, str]:
    """Domain id -> name, in pack order."""
    return {d.id: d.name for d in pack.domains}


def indicator_domains(pack: RulePack) -> dict[str, str]:
    """Indicator id -> the id of its domain, from the pack's domains -> aspects -> indicators."""
    return {i.id: d.id for d in pack.domains for a in d.aspects for i in a.indicators}


def check_official_report(record: LabelRecord, document: ExtractedDocument, pack: RulePack) -> ReportOutcome:
    """Parse an LHE, compare its table with the label, recompute its index when the pack fits."""
    parsed = parse_lhe(document)
    recomputed = None
    if parsed.framework is not None and parsed.framework in pack.framework and parsed.index is not None:
        check = check_report(parsed, pack)
        recomputed = (check.recomputed, check.recomputed_predicate)
    return ReportOutcome(
        file=record.file,
        framework=parsed.framework,
        rows=len(parsed.levels),
        levels_match_label=parsed.levels == record.report_levels,
        printed_index=parsed.index,
        label_index=record.report_index,
        recomputed_index=recomputed[0] if recomputed else None,
        predicate=parsed.predicate,
        recomputed_predicate=recomputed[1] if recomputed else None,
    )


def check_indicator_ids(records: Sequence[LabelRecord], pack: RulePack) -> None:
    """Raise :class:`InputError` when the labels name indicators the pack does not have."""
    known = {s.id for s in pack.indicators()}
    unknown = sorted({i for r in records for i in r.indicators} - known, key=_sort_key)
    if unknown:
        raise InputError(
            f"the labels name indicator(s) {', '.join(unknown)} that pack {pack.name} does not have; "
            "evaluate with the framework the labels were written for (--framework spbe-2020)"
        )


def _pairs(
    record: LabelRecord, proposals: list[Proposal], pack: RulePack, features: dict[str, dict[str, float]]
) -> list[PairOutcome]:
    automatic = automatic_indicators(pack)
    domains = indicator_domains(pack)
    by_id = {p.indicator_id: p for p in proposals}
    # true negatives of rule-backed indicators are kept too: their confidence is scored
    wanted = {i for i, p in by_id.items() if p.level >= 1} | set(record.indicators) | (automatic & set(by_id))
    out: list[PairOutcome] = []
    for indicator in sorted(wanted, key=_sort_key):
        label = record.indicators.get(indicator)
        proposal = by_id.get(indicator)
        label_level = label.level if label else 0
        proposed = proposal.level if proposal else 0
        out.append(
            PairOutcome(
                indicator_id=indicator,
                label_level=label_level,
                proposed_level=proposed,
                confidence=proposal.confidence if proposal else 0.0,
                needs_manual=proposal.needs_manual if proposal else True,
                has_rules=indicator in automatic,
                uncertain=label.uncertain if label else False,
                label_why=label.why if label else "",
                rationale=proposal.rationale if proposal else "dokumen tidak dapat dibaca",
                reason=_reason(proposal, label_level, pack) if proposal and proposed != label_level else "",
                domain=domains.get(indicator, ""),
                features=features.get(indicator_key(indicator)) if proposed >= 1 else None,
            )
        )
    return out


def _reason(proposal: Proposal, label_level: int, pack: RulePack) -> str:
    """Which criteria separate the proposed level from the labelled one."""
    if proposal.needs_manual:
        return proposal.rationale
    if proposal.level < label_level:
        gaps = {rule_id: gap for rule_id, (_, gap) in criterion_index(pack, proposal.indicator_id).items()}
        unmet = [c for c in proposal.criteria if not c.met and c.level <= label_level]
        items = [
            _criterion_text(c.level, c.description, [m for m in c.missing if m != gaps.get(c.rule_id)])
            for c in unmet[:MAX_REASON_ITEMS]
        ]
        if not items and proposal.next_level_missing:
            items = proposal.next_level_missing[:MAX_REASON_ITEMS]
        return "belum terpenuhi: " + "; ".join(items) if items else proposal.rationale
    met = [c for c in proposal.criteria if c.met and c.level > label_level]
    items = [_criterion_text(c.level, c.description, []) for c in met[:MAX_REASON_ITEMS]]
    return "dinilai terpenuhi: " + "; ".join(items) if items else proposal.rationale


def _criterion_text(level: int, description: str, missing: list[str]) -> str:
    named = [m for m in missing if m != description]
    suffix = f" (belum ditemukan: {', '.join(named)})" if named else ""
    return f"L{level} {description}{suffix}"


def _sort_key(indicator_id: str) -> tuple[int, str]:
    return (int(indicator_id), "") if indicator_id.isdigit() else (10_000, indicator_id)
