"""Render an evaluation as Markdown (``docs/accuracy.md`` and ``bukti eval``).

Order: when each label file was seen, setup, how confidence is computed, the overview tables
(``report_tables.py``: per file and combined, per domain, per source), then per label file the
detailed sections - metadata, relevance, levels, confusion, confidence reliability, official
reports, misses - and the combination's sections when there are several files.
"""

from __future__ import annotations

from rules.evaluation.metrics import HIGH_CONFIDENCE
from rules.evaluation.models import EvaluationReport, PairKind, Ratio
from rules.evaluation.report_tables import UNSTATED, cell, domains, num, pct, set_name, sources, summary
from rules.evaluation.suite import EvaluationSuite, build_suite

CAVEAT = (
    "**Read with care:** a label file the rules were developed against scores optimistically; only "
    "a file first seen after the measured rule pack was written estimates how bukti does on "
    "documents it has never seen. Labels are one annotator's judgement, and many are marked "
    "uncertain. When each label file was seen:"
)
CONFIDENCE_HAND_SET = (
    "The weights are **hand-set** by meaning (`rules/confidence_model.py`, `HAND_SET`): no confidence "
    "file is fitted for this pack. The tables below check them."
)
CONFIDENCE_FITTED = (
    "The weights in use are **fitted** ({model}) by `bukti calibrate`: a logistic regression of "
    "'the proposed level is exact' on these features over labelled proposals at level >= 1, every "
    "weight sign-constrained and L2-regularised. Figures on the label files it was fitted on are "
    "in-sample; the leave-one-source-out table refits without each source."
)
METHOD = (
    "`rules/confidence.py` maps evidence features to a confidence with a logistic whose weights "
    "all have a fixed sign, so stronger evidence never lowers it: support (mean strength of the met "
    "criteria), the weakest criterion of the deciding level, structure (citations inside a "
    "Pasal/diktum, topic in a heading), metadata confidence of the supporting documents (type/status "
    "decide the document class), text quality (OCR confidence) and a borderline penalty when the next "
    "level is half met. For level 0 the confidence is that there is no evidence (hand-set): high when "
    "the topic is never mentioned, lower for passing mentions or when a relevant document has the "
    "wrong class."
)
_KIND = {
    PairKind.under: "terlalu rendah",
    PairKind.over: "terlalu tinggi",
    PairKind.false_positive: "tidak relevan menurut label",
}


def render_markdown(
    evaluation: EvaluationReport | EvaluationSuite, command: str | None = None, *, misses: bool = True
) -> str:
    """The whole report; ``misses=False`` leaves out the lists of every level and metadata miss."""
    suite = evaluation if isinstance(evaluation, EvaluationSuite) else build_suite([evaluation])
    parts = [
        "# Accuracy of bukti on the labelled corpus",
        "",
        *_caveat(suite),
        *_setup(suite, command),
        *_method(suite.overall),
        *summary(suite),
        *domains(suite),
        *sources(suite),
    ]
    for report in suite.reports:
        parts += _details(report, f"Label file {set_name(report)}", misses)
    if suite.combined is not None:
        parts += _details(suite.combined, "Combined", misses=False)
    return "\n".join(parts).rstrip() + "\n"


def _caveat(suite: EvaluationSuite) -> list[str]:
    lines = [CAVEAT, ""]
    lines += [f"- {set_name(r)} (`{r.labels_file}`): {cell(r.seen or UNSTATED)}" for r in suite.reports]
    return [*lines, ""]


def _setup(suite: EvaluationSuite, command: str | None) -> list[str]:
    report = suite.overall
    lines = [
        "## Setup",
        "",
        f"- Rule pack `{report.framework}` v{report.pack_version} (content hash `{report.pack_hash[:12]}`)",
        f"- Confidence weights: {report.confidence_model}",
    ]
    for r in suite.reports:
        scanned = sum(1 for d in r.documents if d.layer_group == "scanned")
        lines.append(
            f"- Labels `{r.labels_file}` (split `{r.split}`): {len(r.documents)} documents evaluated "
            f"({len(r.documents) - scanned} text-layer/DOCX, {scanned} scanned)"
            + (
                f"; labelled but absent from the corpus (skipped): {len(r.missing_files)}"
                if r.missing_files
                else ""
            )
        )
    lines.append(
        "- Each document is proposed on alone (`propose_for_document`) and compared with the level "
        "the label says that document alone supports."
    )
    if command:
        lines += ["", "Reproduce with:", "", "```", command, "```"]
    return [*lines, ""]


def _method(report: EvaluationReport) -> list[str]:
    fitted = report.confidence_model != "hand-set"
    detail = CONFIDENCE_FITTED.format(model=report.confidence_model) if fitted else CONFIDENCE_HAND_SET
    return ["## How confidence is computed", "", f"{METHOD} {detail}", ""]


def _details(report: EvaluationReport, title: str, misses: bool) -> list[str]:
    return [
        f"## {title}",
        "",
        *_metadata(report),
        *_relevance(report),
        *_levels(report),
        *_confusion(report),
        *_calibration(report),
        *_reports(report),
        *(_misses(report) if misses else []),
        *(_field_misses(report) if misses else []),
    ]


def _metadata(report: EvaluationReport) -> list[str]:
    lines = [
        "### Metadata fields",
        "",
        "Exact match after normalisation. Strict (every field): case, whitespace and surrounding "
        "punctuation ignored. Names (issuer, region, title, signer): also punctuation inside the value, "
        '"Kab." = "Kabupaten", and an acronym may stand for the words whose initials spell it '
        '("PANRB" = "Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"); still word for word, '
        "in order. The last row counts every field under the strict comparison "
        "(rules/evaluation/fields.py).",
        "",
        "| field | all | text layer | scanned |",
        "|---|---|---|---|",
    ]
    lines += [f"| {f.field} | {pct(f.all)} | {pct(f.text)} | {pct(f.scanned)} |" for f in report.fields]
    return [*lines, ""]


def _relevance(report: EvaluationReport) -> list[str]:
    lines = [
        "### Indicator relevance",
        "",
        "Relevant = label level >= 1; proposed = proposal level >= 1; per (document, indicator).",
        "",
        "| scope | TP | FP | FN | precision | recall | F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r.scope} | {r.true_positives} | {r.false_positives} | {r.false_negatives} | "
        f"{num(r.precision)} | {num(r.recall)} | {num(r.f1)} |"
        for r in report.relevance
    ]
    return [*lines, ""]


def _levels(report: EvaluationReport) -> list[str]:
    lines = [
        "### Levels",
        "",
        "Over labelled pairs (label level >= 1); a missed indicator counts as proposed level 0.",
        "",
        "| scope | exact | within one |",
        "|---|---|---|",
    ]
    lines += [f"| {s.scope} | {pct(s.exact)} | {pct(s.within_one)} |" for s in report.levels]
    return [*lines, ""]


def _confusion(report: EvaluationReport) -> list[str]:
    columns = range(0, 6)
    lines = [
        "#### Confusion (rows: label level, columns: proposed level)",
        "",
        "| label \\ proposed | " + " | ".join(str(c) for c in columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for label in range(1, 6):
        lines.append(
            f"| {label} | " + " | ".join(str(report.confusion.get(label, c)) for c in columns) + " |"
        )
    return [*lines, ""]


def _calibration(report: EvaluationReport) -> list[str]:
    lines = [
        "### Confidence reliability",
        "",
        "Scored pairs: every (document, indicator) pair of an indicator with automatic rules, true "
        "negatives included, plus labelled pairs the engine proposed on; manual placeholders are left "
        "out. For level >= 1 the confidence claims 'this level is right', for level 0 'there is no "
        "evidence'; exact = proposed level equals the label (0 when the label names no level).",
        "",
    ]
    for cal in report.calibration:
        lines += [
            f"#### {cal.scope}: {cal.pairs} pairs",
            "",
            f"Brier score {num(cal.brier, 3)}; "
            f"mean confidence when exact {num(cal.mean_confidence_exact)}, "
            f"when wrong {num(cal.mean_confidence_wrong)}; "
            f"at confidence >= {HIGH_CONFIDENCE:.1f}: {pct(cal.share_high)} of the pairs, "
            f"{pct(cal.high)} of them exact.",
            "",
            "| confidence | pairs | share exact | share within one | mean confidence |",
            "|---|---|---|---|---|",
        ]
        for b in cal.bins:
            within = Ratio(correct=b.within_one, total=b.count)
            exact = Ratio(correct=b.exact, total=b.count)
            lines.append(
                f"| {b.low:.1f}-{b.high:.1f} | {b.count} | {pct(exact)} | {pct(within)} | "
                f"{num(b.mean_confidence)} |"
            )
        lines.append("")
    return lines


def _reports(report: EvaluationReport) -> list[str]:
    if not report.reports:
        return []
    lines = [
        "### Official evaluation reports (LHE)",
        "",
        "Per-indicator table parsed by `rules/lhe.py` and compared with the label; the index recomputed "
        "with `rules/scoring.py` from the parsed levels against the printed index.",
        "",
        "| report | framework | rows | table = label | printed index | recomputed | predicate |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in report.reports:
        recomputed = "-" if r.recomputed_index is None else f"{r.recomputed_index:.2f}"
        if r.recomputed_index is None:
            recomputed += " (no pack for this framework)"
        lines.append(
            f"| {cell(r.file)} | {r.framework or '-'} | {r.rows} | {'yes' if r.levels_match_label else 'NO'}"
            f" | {num(r.printed_index)} | {recomputed} | {r.predicate or '-'} |"
        )
    return [*lines, ""]


def _misses(report: EvaluationReport) -> list[str]:
    misses = report.misses()
    lines = [f"### Level misses ({len(misses)})", ""]
    if not misses:
        return [*lines, "None.", ""]
    lines += [
        "| document | ind. | label | proposed | conf. | kind | label's why | proposal's reason |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for m in misses:
        kind = _KIND.get(m.kind, m.kind.value) + (" (label uncertain)" if m.uncertain else "")
        lines.append(
            f"| {cell(m.file)} | {m.indicator_id} | {m.label_level} | {m.proposed_level} | "
            f"{m.confidence:.2f} | {kind} | {cell(m.label_why) or '-'} | {cell(m.reason)} |"
        )
    return [*lines, ""]


def _field_misses(report: EvaluationReport) -> list[str]:
    misses = report.field_misses()
    lines = [f"### Metadata misses ({len(misses)})", ""]
    if not misses:
        return [*lines, "None.", ""]
    lines += ["| document | field | label | extracted |", "|---|---|---|---|"]
    lines += [
        f"| {cell(file)} | {f.field} | {cell(f.expected or '(none)')} | {cell(f.got or '(none)')} |"
        for file, f in misses
    ]
    return [*lines, ""]
