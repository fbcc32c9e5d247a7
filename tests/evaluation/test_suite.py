"""Several label files: each reported alone and combined, with when each was seen."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from eval_support import result_doc, result_pair

from core.errors import InputError
from rules.evaluation import build_suite, combine_reports, load_labels, render_markdown
from rules.evaluation.metrics import aggregate
from rules.evaluation.models import DocumentResult, EvaluationReport, PairOutcome
from rules.evaluation.suite import parse_seen, seen_note, unknown_seen_keys

DOMAINS = {"D1": "Kebijakan Internal", "D2": "Tata Kelola"}


def _pair(indicator: str, domain: str, label: int, proposed: int, confidence: float) -> PairOutcome:
    return result_pair(indicator, label, proposed, confidence, domain=domain)


def _report(split: str, docs: list[DocumentResult], pack_hash: str = "abc", seen: str | None = None):
    return EvaluationReport(
        framework="spbe-2020",
        pack_version="9",
        pack_hash=pack_hash,
        split=split,
        labels_file=f"labels/{split}.yaml",
        documents=docs,
        seen=seen,
        **aggregate(docs, DOMAINS),
    )


DEV = _report(
    "dev",
    [result_doc("a/1.pdf", [_pair("1", "D1", 3, 3, 0.9), _pair("11", "D2", 2, 2, 0.85)])],
    seen="developed on",
)
DEV2 = _report(
    "dev2",
    [
        result_doc("b/1.pdf", [_pair("1", "D1", 2, 3, 0.9), _pair("12", "D2", 0, 1, 0.6)]),
        result_doc("a/2.pdf", [_pair("2", "D1", 1, 0, 0.7)]),
    ],
    seen="first seen 2026-12-06",
)


def test_suite_combined_report_aggregates_every_file() -> None:
    combined = combine_reports([DEV, DEV2])
    assert combined.split == "combined" and len(combined.documents) == 3
    assert combined.labels_file == "labels/dev.yaml, labels/dev2.yaml"
    every = next(r for r in combined.relevance if r.scope == "all indicators")
    assert (every.true_positives, every.false_positives, every.false_negatives) == (3, 1, 1)
    levels = next(s for s in combined.levels if s.scope == "all labelled pairs")
    assert (levels.exact.correct, levels.exact.total, levels.within_one.correct) == (2, 4, 4)
    positive = next(c for c in combined.calibration if c.scope == "proposals at level >= 1")
    # four proposals at level >= 1: 0.9 exact, 0.85 exact, 0.9 wrong (>= 0.8), 0.6 wrong
    assert (positive.high.correct, positive.high.total, positive.share_high.value) == (2, 3, 0.75)
    assert positive.mean_confidence_exact == 0.875 and positive.mean_confidence_wrong == 0.75
    d2 = {d.domain: d for d in combined.domains}["D2"]
    assert (d2.relevance.true_positives, d2.relevance.false_positives) == (1, 1)


def test_suite_refuses_reports_of_different_packs() -> None:
    with pytest.raises(InputError, match="paket aturan berbeda"):
        combine_reports([DEV, _report("other", [], pack_hash="zzz")])


def test_suite_sources_span_all_files() -> None:
    suite = build_suite([DEV, DEV2])
    rows = {s.source: s for s in suite.sources}
    assert rows["a"].documents == 2 and rows["b"].documents == 1  # 'a' holds a dev and a dev2 document
    assert suite.overall is suite.combined and len(suite.labelled_sets()) == 3
    single = build_suite([DEV])
    assert single.combined is None and single.overall is DEV


def test_suite_seen_notes_from_cli_and_header(tmp_path: Path) -> None:
    notes = parse_seen(["dev2=first seen 2026-12-06, after pack v2020.4.1", " dev = developed on "])
    assert notes == {"dev2": "first seen 2026-12-06, after pack v2020.4.1", "dev": "developed on"}
    path = tmp_path / "holdout.yaml"
    path.write_text(yaml.safe_dump({"split": "dev3", "seen": "2027-01-05", "records": []}), encoding="utf-8")
    labels = load_labels(path)
    assert labels.seen == "2027-01-05"  # a YAML date read as the note it is
    assert seen_note(labels, str(path), {}) == "2027-01-05"
    assert seen_note(labels, str(path), {"holdout": "by file name"}) == "by file name"
    assert seen_note(labels, str(path), {"dev3": "by split"}) == "by split"
    assert unknown_seen_keys({"dev3": "x", "dve2": "typo"}, [(labels, str(path))]) == ["dve2"]
    for bad in ("dev2", "=note", "dev2="):
        with pytest.raises(InputError, match="SPLIT=CATATAN"):
            parse_seen([bad])


def test_suite_markdown_per_file_combined_domain_and_sources() -> None:
    text = render_markdown(build_suite([DEV, DEV2]), "bukti eval --labels a --labels b")
    assert "- `dev` (`labels/dev.yaml`): developed on" in text
    assert "- `dev2` (`labels/dev2.yaml`): first seen 2026-12-06" in text
    for heading in (
        "## Summary",
        "## Per domain",
        "## Leave one source out",
        "## Label file `dev`",
        "## Label file `dev2`",
        "## Combined",
        "### Level misses (3)",
    ):
        assert heading in text, heading
    assert "| `dev2` | first seen 2026-12-06 | 2 / 2 | 0.50 / 0.50 / 0.50 | 0% (0/2) | 100% (2/2) |" in text
    assert "| combined | all of the above | 3 / 4 |" in text
    assert "| D2 Tata Kelola | 1 | 1 | 1 | 0 | 0.50 | 1.00 | 0.67 | 100% (1/1) | 100% (1/1) |" in text
    assert "| `a` | 2 / 3 |" in text and "| **all sources** | 3 / 4 |" in text
    assert "not stated" not in text
    unstated = render_markdown(_report("x", []))
    assert "- `x` (`labels/x.yaml`): not stated" in unstated
