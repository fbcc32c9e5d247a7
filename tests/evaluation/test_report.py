"""The Markdown report: caveat, reproducible command, every section, every miss."""

from __future__ import annotations

from pathlib import Path

from pipeline.evaluate import EvalOptions, run_evaluation
from rules.evaluation import EvaluationReport, render_markdown


def test_report_markdown_sections(small_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, labels = small_corpus
    report = run_evaluation(EvalOptions(labels=labels, corpus=corpus, cache_dir=tmp_path))
    text = render_markdown(report, "bukti eval --labels l.yaml --corpus c")
    assert "optimistically" in text and "(split `test-fixture`)" in text
    assert "- `test-fixture` (`" in text and "not stated" in text  # the fixture says nothing of when
    assert "bukti eval --labels l.yaml --corpus c" in text
    for heading in (
        "## Summary",
        "## Per domain",
        "## Leave one source out",
        "## Label file `test-fixture`",
        "### Metadata fields",
        "### Indicator relevance",
        "### Levels",
        "#### Confusion",
        "### Confidence reliability",
        "### Level misses (1)",
        "### Metadata misses",
    ):
        assert heading in text
    assert "## Combined" not in text  # one label file: nothing to combine
    assert "| D1 Kebijakan Internal SPBE | 2 |" in text  # both labelled pairs are indicator 1, domain D1
    assert "| `contoh` | 3 / 2 |" in text
    assert "deliberately wrong label" in text
    assert "| 0.8-1.0 |" in text
    short = render_markdown(report, misses=False)
    assert "## Level misses" not in short and "## Levels" in short
    assert EvaluationReport.model_validate_json(report.model_dump_json()) == report
