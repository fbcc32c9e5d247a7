"""The harness on the real dev split: it runs, nothing fails, and the numbers stay sane.

Thresholds are regression floors well below the measured dev numbers (docs/accuracy.md),
not targets; the dev split is what the rules were developed against.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate import EvalOptions, run_evaluation

pytestmark = [pytest.mark.corpus, pytest.mark.slow]
LABELS = Path(__file__).resolve().parents[3] / "shared" / "labels" / "dev.yaml"


def test_eval_corpus_dev_split(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    if not LABELS.is_file():
        pytest.skip("labels file absent")
    report = run_evaluation(
        EvalOptions(labels=LABELS, corpus=corpus_dir, cache_dir=tmp_path_factory.mktemp("eval-cache"))
    )
    assert len(report.documents) >= 20 and not report.missing_files
    assert all(d.extraction_status != "failure" for d in report.documents)
    fields = {f.field: f.all.value for f in report.fields}
    assert fields["doc_type"] >= 0.8 and fields["status"] >= 0.8
    relevance = {r.scope: r for r in report.relevance}["indicators with rules"]
    assert relevance.precision is not None and relevance.precision >= 0.8
    levels = {s.scope: s for s in report.levels}["indicators with rules"]
    assert levels.exact.value is not None and levels.exact.value >= 0.6
    # confidence means something: exact proposals are more confident than wrong ones
    overall = {c.scope: c for c in report.calibration}["all scored pairs"]
    assert overall.mean_confidence_exact is not None and overall.mean_confidence_wrong is not None
    assert overall.mean_confidence_exact > overall.mean_confidence_wrong
