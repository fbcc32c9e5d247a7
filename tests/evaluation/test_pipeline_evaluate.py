"""``run_evaluation`` on a generated corpus: metrics, misses, and the extraction cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.settings import ExtractOptions
from pipeline.evaluate import EvalOptions, cache_key, extract_cached, run_evaluation
from rules.evaluation import EvaluationReport


@pytest.fixture(scope="module")
def evaluated(
    small_corpus: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[EvaluationReport, EvaluationReport, Path]:
    corpus, labels = small_corpus
    cache = tmp_path_factory.mktemp("cache")
    options = EvalOptions(labels=labels, corpus=corpus, cache_dir=cache)
    return run_evaluation(options), run_evaluation(options), cache


def test_evaluate_generated_corpus_metrics(
    evaluated: tuple[EvaluationReport, EvaluationReport, Path],
) -> None:
    report = evaluated[0]
    assert [d.file for d in report.documents] == [
        "contoh/perbup-5-2022.pdf",
        "contoh/rancangan-perbup.pdf",
        "contoh/pergub-9-2021.pdf",
    ]
    assert report.missing_files == ["contoh/absent.pdf"]
    fields = {f.field: f for f in report.fields}
    assert fields["doc_type"].all.value == 1.0 and fields["status"].all.value == 1.0
    levels = {s.scope: s for s in report.levels}
    assert (levels["all labelled pairs"].exact.correct, levels["all labelled pairs"].exact.total) == (1, 2)
    assert levels["certain labels only"].exact.value == 1.0
    relevance = {r.scope: r for r in report.relevance}["all indicators"]
    assert (relevance.true_positives, relevance.false_positives, relevance.false_negatives) == (2, 0, 0)


def test_evaluate_lists_the_deliberate_miss_with_both_reasons(
    evaluated: tuple[EvaluationReport, EvaluationReport, Path],
) -> None:
    (miss,) = evaluated[0].misses()
    assert (miss.file, miss.indicator_id, miss.label_level, miss.proposed_level) == (
        "contoh/rancangan-perbup.pdf",
        "1",
        2,
        1,
    )
    assert miss.label_why == "deliberately wrong label" and "L2" in miss.reason


def test_evaluate_second_run_reads_the_cache(
    evaluated: tuple[EvaluationReport, EvaluationReport, Path],
) -> None:
    first, second, cache = evaluated
    assert first.cache_hits == 0 and second.cache_hits == 3
    assert len(list(cache.glob("*.json"))) == 3
    strip = {"cache_hits", "elapsed_seconds"}
    assert first.model_dump(exclude=strip) == second.model_dump(exclude=strip)


def test_evaluate_cache_key_changes_with_options(small_corpus: tuple[Path, Path]) -> None:
    sha = "a" * 64
    assert cache_key(sha, ExtractOptions()) != cache_key(sha, ExtractOptions(ocr="never"))
    assert cache_key(sha, ExtractOptions()) == cache_key(sha, ExtractOptions(ocr_workers=1))


def test_evaluate_corrupt_cache_entry_is_re_extracted(
    small_corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    path = small_corpus[0] / "contoh" / "pergub-9-2021.pdf"
    document, hit = extract_cached(path, ExtractOptions(), tmp_path)
    assert not hit
    (entry,) = tmp_path.glob("*.json")
    entry.write_text("{broken", encoding="utf-8")
    again, hit = extract_cached(path, ExtractOptions(), tmp_path)
    assert not hit and again.source.sha256 == document.source.sha256
    assert json.loads(entry.read_text(encoding="utf-8"))["source"]["sha256"] == document.source.sha256


def test_evaluate_transient_ocr_failure_is_not_cached(
    small_corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    from core.models import Issue
    from pipeline import evaluate as module

    path = small_corpus[0] / "contoh" / "pergub-9-2021.pdf"
    document, _ = extract_cached(path, ExtractOptions(), None)
    broken = document.model_copy(update={"issues": [Issue(code="ocr_failed", message="x", page=1)]})
    module._write_entry(tmp_path / "entry.json", broken)
    assert not (tmp_path / "entry.json").exists()


def test_evaluate_missing_corpus_folder(small_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="--corpus"):
        run_evaluation(EvalOptions(labels=small_corpus[1], corpus=tmp_path / "nope", cache_dir=tmp_path))
