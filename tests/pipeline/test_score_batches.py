"""How finalize cuts a submission's match results into scoring jobs (pipeline.score_fold.score_batches)."""

from __future__ import annotations

import pytest

from pipeline.score_fold import SCORE_BATCH, score_batches


@pytest.mark.parametrize("count", [0, 1, 2, 3, 7, 50, 100, 251, 300, 1000, 2 * SCORE_BATCH + 1, 10_000])
@pytest.mark.parametrize("workers", [1, 2, 3, 8])
def test_batches_keep_order_and_stay_under_the_cap(count: int, workers: int) -> None:
    keys = [f"k{i}" for i in range(count)]
    batches = score_batches(keys, workers)
    assert [k for batch in batches for k in batch] == keys  # joined in order, nothing lost or doubled
    assert all(0 < len(batch) <= SCORE_BATCH for batch in batches)
    if batches:  # equal shares: the largest batch at most one more than the smallest
        assert len(batches) % workers == 0 or len(batches) == count  # every worker gets as many jobs
        assert max(map(len, batches)) - min(map(len, batches)) <= 1


def test_as_few_jobs_as_keep_every_worker_busy() -> None:
    # each job has a fixed cost, so 1,000 results make 8 jobs for 2 workers, not 25 of 40
    assert [len(b) for b in score_batches([str(i) for i in range(1000)], 2)] == [125] * 8
    assert [len(b) for b in score_batches([str(i) for i in range(300)], 2)] == [75] * 4
    assert [len(b) for b in score_batches([str(i) for i in range(100)], 2)] == [50, 50]  # both workers fold
    assert len(score_batches([str(i) for i in range(10_000)], 2)) == 80  # bounded memory per job
