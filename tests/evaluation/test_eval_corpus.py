"""The harness on the real label files: it runs, nothing fails, and the numbers stay sane.

Thresholds are regression floors well below the measured dev numbers (docs/accuracy.md),
not targets; the dev split is what the rules were developed against. The extraction cache is
shared by the tests of this module, so the corpus is read once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cli import calibrate as calibrate_cli
from cli import eval as eval_cli
from pipeline.evaluate import EvalOptions, run_evaluation
from rules.confidence_model import NEGATIVE_FEATURES, load_confidence_model

pytestmark = [pytest.mark.corpus, pytest.mark.slow]
app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
LabelsFile = Callable[[str], Path]

app.command("eval")(eval_cli.evaluate)
app.command("calibrate")(calibrate_cli.calibrate)


@pytest.fixture(scope="module")
def eval_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("eval-cache")


def test_eval_corpus_dev_split(corpus_dir: Path, eval_cache: Path, labels_file: LabelsFile) -> None:
    dev = labels_file("dev.yaml")
    report = run_evaluation(EvalOptions(labels=dev, corpus=corpus_dir, cache_dir=eval_cache))
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
    # every labelled indicator sits in one of the pack's four domains
    assert [d.domain for d in report.domains] == ["D1", "D2", "D3", "D4"]
    assert sum(d.levels.exact.total for d in report.domains) == levels.exact.total


def test_eval_corpus_two_label_files_cli(
    corpus_dir: Path, eval_cache: Path, tmp_path: Path, labels_file: LabelsFile
) -> None:
    dev, dev2 = labels_file("dev.yaml"), labels_file("dev2.yaml")
    output = tmp_path / "accuracy.md"
    args = ["eval", "--labels", str(dev), "--labels", str(dev2), "--corpus", str(corpus_dir)]
    args += ["--cache", str(eval_cache), "--seen", "dev=developed on", "--output", str(output)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    text = output.read_text(encoding="utf-8")
    assert "`): developed on" in text and "## Label file `dev`" in text and "## Label file `dev2`" in text
    assert "| combined | all of the above |" in text and "## Combined" in text
    sources = text.split("## Leave one source out")[1].split("\n## ")[0]
    assert sources.count("\n| `") >= 5 and "| **all sources** |" in sources  # the corpus has many folders


def test_eval_corpus_calibrate_dev_and_dev2(
    corpus_dir: Path, eval_cache: Path, tmp_path: Path, labels_file: LabelsFile
) -> None:
    pytest.importorskip("scipy")
    dev, dev2 = labels_file("dev.yaml"), labels_file("dev2.yaml")
    output = tmp_path / "confidence.yaml"
    args = ["calibrate", "--labels", str(dev), "--labels", str(dev2), "--corpus", str(corpus_dir)]
    result = CliRunner().invoke(app, [*args, "--cache", str(eval_cache), "--output", str(output)])
    flat = " ".join(result.output.split())
    if result.exit_code == 3:  # the rules got the labels (nearly) all right: too few wrong to fit honestly
        assert "terlalu sedikit usulan" in flat and not output.exists(), result.output
        return
    assert result.exit_code == 0, result.output
    model = load_confidence_model(output)  # the engine can read what the harness writes
    assert model.fitted is not None and model.fitted.pairs >= 50
    assert all((w <= 0) if k in NEGATIVE_FEATURES else (w >= 0) for k, w in model.weights.items())
    assert "Leave one source out" in flat and "Held out, pooled" in flat
