"""A rule-pack change re-scores to exactly what a cold run with the edited pack proposes.

The re-score re-matches each document from its previous match result (``rules.rematch``), in
batches in the local run (``pipeline.rematch_batch``), and matches in full only the documents
an added phrase may match; the proposals (levels, confidences, passages, criteria, rationales,
guidance) must nevertheless be those of a run from scratch with the edited pack.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from foreign_support import FOREIGN_FILE, _generator, write_foreign_regulation

import pipeline.rematch_batch as rematch_batch
from core.settings import ExtractOptions, OcrMode
from pipeline.models import AssessOptions
from pipeline.run import assess_incremental
from pipeline.work import RunResult

if TYPE_CHECKING:
    from conftest import Calls  # tests/conftest.py: the `calls` fixture

REPO = Path(__file__).resolve().parents[2]
NEVER_MATCHES = "cetak biru tata kelola"  # in no document here: re-keyed hits, no tokenising
OFTEN_MATCHES = "tim koordinasi"  # in some documents: those are matched in full
CORPUS_FILES = ("tugas-akhir-spbe/BatuBara.pdf", "tugas-akhir-spbe/lamongan-dokumen-lama.pdf",
                "kota-denpasar_monev-spbe/indikator2a.pdf", "kota-denpasar_monev-spbe/indikator8c.pdf",
                "kota-denpasar_monev-spbe/indikator20f.pdf")


def _run(folder: Path, url: str, pack: Path) -> RunResult:
    options = AssessOptions(database_url=url, framework=str(pack), region="Kota Sukamaju", year=2024,
                            extract=ExtractOptions(ocr=OcrMode.never))
    return assess_incremental(folder, options)


def _edit(pack: Path) -> None:
    """A new version: one phrase no document holds, one some documents hold, on two indicators."""
    manifest = pack / "pack.yaml"
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    data["version"] = f"{data['version']}-edited"
    manifest.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rules_file = sorted((pack / "rules").glob("*.yaml"))[0]
    rules = yaml.safe_load(rules_file.read_text(encoding="utf-8"))
    rules["indicator_rules"][0]["topic"]["phrases"].append(NEVER_MATCHES)
    rules["indicator_rules"][1]["topic"]["phrases"].append(OFTEN_MATCHES)
    rules_file.write_text(yaml.safe_dump(rules, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _proposals(result: RunResult) -> list[dict]:
    return [p.model_dump(mode="json") for p in sorted(result.proposals, key=lambda p: p.indicator_id)]


def _documents(result: RunResult) -> list[tuple]:
    return [(w.file.name, w.outcome.model_dump(mode="json"), w.match_key, w.region, w.year)
            for w in result.document_work]


def _rescore_equals_cold(folder: Path, tmp_path: Path) -> tuple[RunResult, RunResult]:
    """(re-score after the edit, cold run with the edited pack), checked equal."""
    pack = tmp_path / "pack"
    shutil.copytree(REPO / "rules" / "packs" / "spbe-2020", pack)
    _run(folder, f"sqlite:///{tmp_path / 'incremental.db'}", pack)
    _edit(pack)
    rescored = _run(folder, f"sqlite:///{tmp_path / 'incremental.db'}", pack)
    cold = _run(folder, f"sqlite:///{tmp_path / 'cold.db'}", pack)
    assert rescored.work.extracted == 0 and rescored.work.rescored
    assert rescored.work.matched == cold.work.matched > 0
    assert _documents(rescored) == _documents(cold)
    assert _proposals(rescored) == _proposals(cold)
    return rescored, cold


def _generated_folder(target: Path, example_folder: Path, count: int) -> Path:
    """The example folder plus ``count`` generated regulations, decrees and minutes, each distinct,
    and another government's regulation (set aside: scored apart, ``pipeline.foreign.score_evidence``)."""
    generate = _generator()
    shutil.copytree(example_folder, target)
    templates = (generate.texts.PERWALI_SPBE, generate.texts.SK_TIM, generate.texts.NOTULEN,
                 generate.texts.RANCANGAN_ARSITEKTUR)
    for n in range(count):
        text = templates[n % len(templates)].replace("2024", str(2019 + n % 5))
        generate.write_text_pdf(target / f"dok-{n:02d}.pdf", f"{text}\nDokumen uji nomor {n}")
    write_foreign_regulation(target / FOREIGN_FILE)
    return target


def test_rescore_in_batches_equals_a_cold_run(example_folder: Path, tmp_path: Path, calls: Calls,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rematch_batch, "REMATCH_BATCH", 4)  # several batches, the last one short
    folder = _generated_folder(tmp_path / "folder", example_folder, 9)
    pack = tmp_path / "pack"
    shutil.copytree(REPO / "rules" / "packs" / "spbe-2020", pack)
    _run(folder, f"sqlite:///{tmp_path / 'incremental.db'}", pack)
    _edit(pack)
    calls.reset()
    rescored = _run(folder, f"sqlite:///{tmp_path / 'incremental.db'}", pack)
    # both ways were taken: re-keyed from the previous result, and matched in full
    assert 0 < sum(calls.matched.values()) < rescored.work.matched and rescored.foreign
    cold = _run(folder, f"sqlite:///{tmp_path / 'cold.db'}", pack)
    assert _documents(rescored) == _documents(cold)
    assert _proposals(rescored) == _proposals(cold)


def test_rescore_with_worker_processes_equals_a_cold_run(example_folder: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUKTI_WORKERS", "2")
    folder = _generated_folder(tmp_path / "folder", example_folder, 6)
    _rescore_equals_cold(folder, tmp_path)


@pytest.mark.corpus
def test_rescore_equals_a_cold_run_on_corpus_documents(corpus_file, tmp_path: Path,  # noqa: ANN001
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUKTI_WORKERS", "0")
    folder = tmp_path / "folder"
    folder.mkdir()
    for name in CORPUS_FILES:
        shutil.copy(corpus_file(name), folder / Path(name).name)  # a temporary folder, not the repo
    _rescore_equals_cold(folder, tmp_path)
