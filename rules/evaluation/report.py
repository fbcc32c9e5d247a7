"""Render an :class:`EvaluationReport` as Markdown (``docs/accuracy.md`` and ``bukti eval``)."""

from __future__ import annotations

from rules.evaluation.models import EvaluationReport, PairKind, Ratio

CAVEAT = (
    "**Read with care:** these numbers are measured on the `{split}` split, the labels the rules were "
    "developed against, so they are optimistic; a held-out split will score lower. Labels are one "
    "annotator's judgement, and many are marked uncertain."
)
METHOD = [
    "## How confidence is computed",
    "",
    "`rules/confidence.py` maps evidence features to a confidence with a hand-set logistic whose weights "
    "all have a fixed sign, so stronger evidence never lowers it: support (mean strength of the met "
    "criteria), the weakest criterion of the deciding level, structure (citations inside a Pasal/diktum, "
    "topic in a heading), metadata confidence of the supporting documents (type/status decide the "
    "document class), text quality (OCR confidence) and a borderline penalty when the next level is "
    "half met. For level 0 the confidence is that there is no evidence: high when the topic is never "
    "mentioned, lower for passing mentions or when a relevant document has the wrong class. The "
    "weights were set by meaning and **checked, not fitted,** on this split: it has too few wrong "
    "proposals to fit against honestly. The tables below are the check.",
    "",
]
_KIND = {
    PairKind.under: "terlalu rendah",
    PairKind.over: "terlalu tinggi",
    PairKind.false_positive: "tidak relevan menurut label",
}


def render_markdown(report: EvaluationReport, command: str | None = None, *, misses: bool = True) -> str:
    """The whole report: caveat, command, metadata, relevance, levels, calibration and (optionally)
    every miss with its reason."""
    parts = [
        "# Accuracy of bukti on the labelled corpus",
        "",
        CAVEAT.format(split=report.split),
        "",
        *_setup(report, command),
        *METHOD,
        *_metadata(report),
        *_relevance(report),
        *_levels(report),
        *_confusion(report),
        *_calibration(report),
        *_reports(report),
        *(_misses(report) if misses else []),
        *(_field_misses(report) if misses else []),
    ]
    return "\n".join(parts).rstrip() + "\n"


def _pct(ratio: Ratio) -> str:
    value = ratio.value
    return "-" if value is None else f"{100 * value:.0f}% ({ratio.correct}/{ratio.total})"


def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "/").split())


def _setup(report: EvaluationReport, command: str | None) -> list[str]:
    docs = report.documents
    scanned = sum(1 for d in docs if d.layer_group == "scanned")
    lines = [
        "## Setup",
        "",
        f"- Rule pack `{report.framework}` v{report.pack_version} (content hash `{report.pack_hash[:12]}`)",
        f"- Labels `{report.labels_file}` (split `{report.split}`): {len(docs)} documents evaluated "
        f"({len(docs) - scanned} text-layer/DOCX, {scanned} scanned)",
        "- Each document is proposed on alone (`propose_for_document`) and compared with the level "
        "the label says that document alone supports.",
    ]
    if report.missing_files:
        lines.append(f"- Labelled but absent from the corpus (skipped): {len(report.missing_files)}")
    if command:
        lines += ["", "Reproduce with:", "", "```", command, "```"]
    return [*lines, ""]


def _metadata(report: EvaluationReport) -> list[str]:
    lines = [
        "## Metadata fields",
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
    lines += [f"| {f.field} | {_pct(f.all)} | {_pct(f.text)} | {_pct(f.scanned)} |" for f in report.fields]
    return [*lines, ""]


def _relevance(report: EvaluationReport) -> list[str]:
    lines = [
        "## Indicator relevance",
        "",
        "Relevant = label level >= 1; proposed = proposal level >= 1; per (document, indicator).",
        "",
        "| scope | TP | FP | FN | precision | recall | F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r.scope} | {r.true_positives} | {r.false_positives} | {r.false_negatives} | "
        f"{_num(r.precision)} | {_num(r.recall)} | {_num(r.f1)} |"
        for r in report.relevance
    ]
    return [*lines, ""]


def _levels(report: EvaluationReport) -> list[str]:
    lines = [
        "## Levels",
        "",
        "Over labelled pairs (label level >= 1); a missed indicator counts as proposed level 0.",
        "",
        "| scope | exact | within one |",
        "|---|---|---|",
    ]
    lines += [f"| {s.scope} | {_pct(s.exact)} | {_pct(s.within_one)} |" for s in report.levels]
    return [*lines, ""]


def _confusion(report: EvaluationReport) -> list[str]:
    columns = range(0, 6)
    lines = [
        "### Confusion (rows: label level, columns: proposed level)",
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
        "## Confidence reliability",
        "",
        "Scored pairs: every (document, indicator) pair of an indicator with automatic rules, true "
        "negatives included, plus labelled pairs the engine proposed on; manual placeholders are left "
        "out. For level >= 1 the confidence claims 'this level is right', for level 0 'there is no "
        "evidence'; exact = proposed level equals the label (0 when the label names no level).",
        "",
    ]
    for cal in report.calibration:
        lines += [
            f"### {cal.scope}: {cal.pairs} pairs",
            "",
            f"Brier score {_num(cal.brier, 3)}; "
            f"mean confidence when exact {_num(cal.mean_confidence_exact)}, "
            f"when wrong {_num(cal.mean_confidence_wrong)}.",
            "",
            "| confidence | pairs | share exact | share within one | mean confidence |",
            "|---|---|---|---|---|",
        ]
        for b in cal.bins:
            within = Ratio(correct=b.within_one, total=b.count)
            exact = Ratio(correct=b.exact, total=b.count)
            lines.append(
                f"| {b.low:.1f}-{b.high:.1f} | {b.count} | {_pct(exact)} | {_pct(within)} | "
                f"{_num(b.mean_confidence)} |"
            )
        lines.append("")
    return lines


def _reports(report: EvaluationReport) -> list[str]:
    if not report.reports:
        return []
    lines = [
        "## Official evaluation reports (LHE)",
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
            f"| {_cell(r.file)} | {r.framework or '-'} | {r.rows} | {'yes' if r.levels_match_label else 'NO'}"
            f" | {_num(r.printed_index)} | {recomputed} | {r.predicate or '-'} |"
        )
    return [*lines, ""]


def _misses(report: EvaluationReport) -> list[str]:
    misses = report.misses()
    lines = [f"## Level misses ({len(misses)})", ""]
    if not misses:
        return [*lines, "None.", ""]
    lines += [
        "| document | ind. | label | proposed | conf. | kind | label's why | proposal's reason |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for m in misses:
        kind = _KIND.get(m.kind, m.kind.value) + (" (label uncertain)" if m.uncertain else "")
        lines.append(
            f"| {_cell(m.file)} | {m.indicator_id} | {m.label_level} | {m.proposed_level} | "
            f"{m.confidence:.2f} | {kind} | {_cell(m.label_why) or '-'} | {_cell(m.reason)} |"
        )
    return [*lines, ""]


def _field_misses(report: EvaluationReport) -> list[str]:
    misses = report.field_misses()
    lines = [f"## Metadata misses ({len(misses)})", ""]
    if not misses:
        return [*lines, "None.", ""]
    lines += ["| document | field | label | extracted |", "|---|---|---|---|"]
    lines += [
        f"| {_cell(file)} | {f.field} | {_cell(f.expected or '(none)')} | {_cell(f.got or '(none)')} |"
        for file, f in misses
    ]
    return [*lines, ""]
