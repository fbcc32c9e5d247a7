"""How assess-folder groups files into document tasks (no Prefect server needed)."""

from __future__ import annotations

from flows.batches import BATCH_FILES, plan_batches
from pipeline.work import PlannedFile


def _files(sizes: list[int]) -> list[PlannedFile]:
    return [PlannedFile(path=f"/f/{i}.pdf", name=f"{i}.pdf", sha256=str(i), size=size)
            for i, size in enumerate(sizes)]


def test_plan_batches_takes_every_file_once_biggest_first_at_most_batch_files_each() -> None:
    files = _files([100 + (i * 37) % 300 for i in range(95)])
    batches = plan_batches(files, workers=2)
    flat = [f for batch in batches for f in batch]
    assert sorted(f.path for f in flat) == sorted(f.path for f in files)
    assert [f.size for f in flat] == sorted((f.size for f in files), reverse=True)
    assert all(1 <= len(b) <= BATCH_FILES for b in batches) and len(batches) >= 95 // BATCH_FILES


def test_plan_batches_keeps_a_file_bigger_than_a_share_alone() -> None:
    # one regulation of many pages among small letters: with it, a batch would keep one
    # worker busy long after the others ran out of work
    batches = plan_batches(_files([10] * 20 + [5000]), workers=2)
    assert [f.size for f in batches[0]] == [5000]
    assert sum(len(b) for b in batches) == 21


def test_plan_batches_of_an_empty_folder_is_empty() -> None:
    assert plan_batches([], workers=4) == []
