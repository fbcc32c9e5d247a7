"""Labels file: the dev.yaml schema loads, keys become strings, bad files fail with a location."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from core.errors import InputError
from rules.evaluation import load_labels


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "labels.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_labels_load_schema_of_dev_file(small_corpus: tuple[Path, Path]) -> None:
    labels = load_labels(small_corpus[1])
    assert labels.split == "test-fixture"
    first = labels.records[0]
    assert first.number == "5" and first.date_set == date(2022, 5, 2)
    assert set(first.indicators) == {"1"} and first.indicators["1"].level == 3
    assert labels.records[1].indicators["1"].uncertain is True
    assert [r.layer_group for r in labels.records] == ["text", "text", "text", "scanned"]


def test_labels_report_fields_and_unknown_keys(tmp_path: Path) -> None:
    record = {
        "file": "a.pdf",
        "report_index": 2.98,
        "report_levels": {1: 3, 2: 2},
        "report_aspect_index": {1: 2.9},
        "monev_table_levels": {1: 1},
        "notes": "x",
    }
    labels = load_labels(_write(tmp_path, {"records": [record]}))
    assert labels.records[0].report_levels == {"1": 3, "2": 2}
    assert labels.reports() == labels.records  # unknown keys (monev_table_levels) ignored


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"split": "dev"}, "no 'records' list"),
        ({"records": [{"file": "a.pdf", "indicators": {1: {"level": 9}}}]}, "records -> 0 -> indicators"),
        ({"records": [{"file": "a.pdf", "year": "unknown"}]}, "(a.pdf)"),
    ],
)
def test_labels_invalid_file_names_the_record(tmp_path: Path, data: object, message: str) -> None:
    with pytest.raises(InputError, match=r".*") as caught:
        load_labels(_write(tmp_path, data))
    assert message in str(caught.value)


def test_labels_missing_file_says_what_to_pass(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--labels"):
        load_labels(tmp_path / "nope.yaml")
