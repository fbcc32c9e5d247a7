"""``bukti eval`` and ``bukti rules``: thin commands, exit codes, one-line errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import typer
from typer.testing import CliRunner

from cli import eval as eval_cli
from cli import rules as rules_cli
from rules.loader import PACKS_DIR

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
app.command("eval")(eval_cli.evaluate)
app.add_typer(rules_cli.app, name="rules")
runner = CliRunner()


def test_cli_eval_writes_report_and_summary(small_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, labels = small_corpus
    output = tmp_path / "docs" / "accuracy.md"
    args = [
        "eval",
        "--labels",
        str(labels),
        "--corpus",
        str(corpus),
        "--cache",
        str(tmp_path / "c"),
        "--output",
        str(output),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "3 documents: 3 ok, 0 partial, 0 failed; 1 missing from the corpus" in " ".join(
        result.output.split()
    )
    text = output.read_text(encoding="utf-8")
    assert f"--labels {labels}" in text and "## Level misses (1)" in text


def test_cli_eval_missing_labels_is_one_line_input_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "--labels", str(tmp_path / "x.yaml"), "--corpus", str(tmp_path)])
    assert result.exit_code == 3
    assert "labels file not found" in result.output and "Traceback" not in result.output


def test_cli_rules_list_shows_packs_with_hash() -> None:
    result = runner.invoke(app, ["rules", "list"])
    assert result.exit_code == 0, result.output
    assert "spbe-2020" in result.output and "pemdi-2026" in result.output


def test_cli_rules_lint_ok_and_broken_pack(tmp_path: Path) -> None:
    ok = runner.invoke(app, ["rules", "lint", "spbe-2020"])
    assert ok.exit_code == 0, ok.output
    assert "1 paket: 1 ok, 0 bermasalah" in ok.output
    broken = tmp_path / "broken"
    shutil.copytree(PACKS_DIR / "spbe-2020", broken)
    pack_yaml = broken / "pack.yaml"
    text = pack_yaml.read_text(encoding="utf-8").replace("name: spbe-2020", "name: spbe-2020\nnmae: typo", 1)
    pack_yaml.write_text(text.replace("min_value: 1", "min_value: 9", 1), encoding="utf-8")
    result = runner.invoke(app, ["rules", "lint", str(broken)])
    assert result.exit_code == 5
    flat = " ".join(result.output.split())
    assert "unknown key 'nmae'" in flat and "index -> min_value" in flat  # every problem, with location


def test_cli_rules_explain_indicator_with_rules_and_manual() -> None:
    result = runner.invoke(app, ["rules", "explain", "1"])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "spbe-2020/i01/topic" in flat and "spbe-2020/i01/l3/" in flat
    assert "Domain Arsitektur Proses Bisnis" in flat and "rekomendasi bila belum terpenuhi" in flat
    assert "Templat panduan" in flat
    manual = runner.invoke(app, ["rules", "explain", "45", "--json"])
    assert manual.exit_code == 0 and '"indicator_id": "45"' in manual.output


def test_cli_rules_explain_unknown_indicator_exit_5() -> None:
    result = runner.invoke(app, ["rules", "explain", "99"])
    assert result.exit_code == 5 and "tidak ada di paket spbe-2020" in " ".join(result.output.split())
