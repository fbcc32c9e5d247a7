"""``bukti eval`` and ``bukti rules``: thin commands, exit codes, one-line errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import typer
import yaml
from eval_support import LABELS
from typer.testing import CliRunner

from cli import calibrate as calibrate_cli
from cli import eval as eval_cli
from cli import rules as rules_cli
from rules.confidence_model import HAND_SET, FitInfo, dump_confidence_model
from rules.loader import PACKS_DIR

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
app.command("eval")(eval_cli.evaluate)
app.command("calibrate")(calibrate_cli.calibrate)
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


def _two_label_files(directory: Path) -> tuple[Path, Path]:
    """The fixture labels split in two files: 'part-a' (the enacted Perbup), 'part-b' (the rest)."""
    records = LABELS["records"]
    paths = []
    for split, chosen in (("part-a", records[:1]), ("part-b", records[1:])):
        path = directory / f"{split}.yaml"
        data = {"schema_version": 1, "split": split, "records": chosen}
        if split == "part-a":
            data["seen"] = "developed on"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def test_cli_eval_two_label_files_each_and_combined(small_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, _ = small_corpus
    part_a, part_b = _two_label_files(tmp_path)
    output = tmp_path / "accuracy.md"
    args = ["eval", "--labels", str(part_a), "--labels", str(part_b), "--corpus", str(corpus)]
    args += [
        "--cache",
        str(tmp_path / "c"),
        "--seen",
        "part-b=first seen 2026-12-06",
        "--output",
        str(output),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "3 documents: 3 ok, 0 partial, 0 failed; 1 missing from the corpus" in " ".join(
        result.output.split()
    )
    text = output.read_text(encoding="utf-8")
    assert "- `part-a` (`" in text and "`): developed on" in text  # from the file's seen: header
    assert "`): first seen 2026-12-06" in text  # from --seen
    assert f"--labels {part_a} --labels {part_b}" in text and "--seen 'part-b=first seen 2026-12-06'" in text
    # part-a: the enacted Perbup, indicator 1 exact; part-b: the draft one level under its label
    assert "| `part-a` | developed on | 1 / 1 | 1.00 / 1.00 / 1.00 | 100% (1/1) | 100% (1/1) |" in text
    assert "| `part-b` | first seen 2026-12-06 | 2 / 1 | 1.00 / 1.00 / 1.00 | 0% (0/1) | 100% (1/1) |" in text
    assert "| combined | all of the above | 3 / 2 | 1.00 / 1.00 / 1.00 | 50% (1/2) | 100% (2/2) |" in text
    assert "## Label file `part-a`" in text and "## Label file `part-b`" in text and "## Combined" in text


def test_cli_eval_unknown_seen_key_is_an_input_error(small_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, labels = small_corpus
    args = ["eval", "--labels", str(labels), "--corpus", str(corpus), "--cache", str(tmp_path)]
    result = runner.invoke(app, [*args, "--seen", "dev9=typo"])
    assert result.exit_code == 3
    assert "--seen tidak cocok dengan berkas label mana pun: dev9" in " ".join(result.output.split())


def test_cli_calibrate_refuses_too_few_proposals(small_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, labels = small_corpus
    output = tmp_path / "confidence.yaml"
    args = ["calibrate", "--labels", str(labels), "--corpus", str(corpus), "--cache", str(tmp_path)]
    result = runner.invoke(app, [*args, "--output", str(output)])
    assert result.exit_code == 3, result.output
    assert "terlalu sedikit usulan untuk fit keyakinan" in " ".join(result.output.split())
    assert not output.exists()


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


def test_cli_eval_with_a_fitted_confidence_file(small_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, labels = small_corpus
    flat = HAND_SET.model_copy(
        update={
            "base": -1.0,
            "weights": {k: 0.0 for k in HAND_SET.weights},
            "fitted": FitInfo(pairs=9, l2=2.0),
        }
    )
    dump_confidence_model(flat, tmp_path / "fitted.yaml")
    output = tmp_path / "accuracy.md"
    args = ["eval", "--labels", str(labels), "--corpus", str(corpus), "--cache", str(tmp_path / "c")]
    result = runner.invoke(
        app, [*args, "--confidence", str(tmp_path / "fitted.yaml"), "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    text = output.read_text(encoding="utf-8")
    assert f"- Confidence weights: fitted, `{tmp_path / 'fitted.yaml'}` (9 proposals" in text
    assert "0.27 / 0.27" in text  # sigmoid(-1) for every proposal, right or wrong
    # the per-source refit needs more proposals than two documents give: it says so
    assert "| engine (too few proposals to fit without this source) |" in text
    broken = tmp_path / "broken.yaml"
    data = HAND_SET.model_dump(mode="json")
    broken.write_text(
        yaml.safe_dump({**data, "weights": {**data["weights"], "borderline": 1.0}}), encoding="utf-8"
    )
    bad = runner.invoke(app, [*args, "--confidence", str(broken)])
    assert bad.exit_code == 5 and "must be <= 0" in " ".join(bad.output.split())
