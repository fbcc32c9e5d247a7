"""Every official evaluation report in the corpus: parse the table, recompute the printed index.

Reports are found by content (the parser must find a complete table and a printed index),
not by file name, so a report added to the corpus is checked too. The labels' ``report_*``
fields check the parser wherever a report is labelled.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from core.models import ExtractedDocument
from core.settings import ExtractOptions, OcrMode
from extractors.api import extract_document
from rules.lhe import ParsedReport, check_report, parse_lhe
from rules.schema import RulePack

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def reports(corpus_dir: Path) -> list[tuple[ExtractedDocument, ParsedReport]]:
    found = []
    for path in sorted(corpus_dir.rglob("*.pdf")):
        document = extract_document(path, ExtractOptions(ocr=OcrMode.never, tables=False))
        parsed = parse_lhe(document)
        if parsed.complete:
            found.append((document, parsed))
    return found


def test_lhe_corpus_finds_the_official_reports(reports: list[tuple[ExtractedDocument, ParsedReport]]) -> None:
    frameworks = sorted(parsed.framework or "" for _, parsed in reports)
    assert frameworks.count("59/2020") >= 4, [d.source.name for d, _ in reports]


def test_lhe_corpus_recomputed_index_matches_print(
    reports: list[tuple[ExtractedDocument, ParsedReport]], spbe_pack: RulePack
) -> None:
    checked = 0
    for document, parsed in reports:
        if parsed.framework != "59/2020":
            continue  # 5/2018 reports (37 rows) have no rule pack to recompute with
        check = check_report(parsed, spbe_pack)
        name = document.source.name
        assert check.index_matches, f"{name}: printed {check.printed}, recomputed {check.recomputed}"
        assert check.recomputed_predicate == parsed.predicate, name
        assert not check.aspect_differences, f"{name}: {check.aspect_differences}"
        checked += 1
    assert checked >= 4


def test_lhe_corpus_parser_agrees_with_labels(
    reports: list[tuple[ExtractedDocument, ParsedReport]], labels_file: Callable[[str], Path]
) -> None:
    labels = yaml.safe_load(labels_file("dev.yaml").read_text(encoding="utf-8"))
    records = {r["sha256"]: r for r in labels["records"]}
    compared = 0
    for document, parsed in reports:
        record = records.get(document.source.sha256)
        if not record or not record.get("report_levels"):
            continue
        assert parsed.levels == {str(k): v for k, v in record["report_levels"].items()}
        assert (parsed.index, parsed.predicate, parsed.year) == (
            record["report_index"],
            record["report_predicate"],
            record["report_year"],
        )
        aspects = record.get("report_aspect_index") or {}
        assert parsed.aspect_indices == [aspects[k] for k in sorted(aspects)]
        compared += 1
    assert compared >= 1
