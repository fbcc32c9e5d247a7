"""Which files go together into one document task of ``assess-folder``.

Every Prefect task run costs the flow process and the server work of their own (the run's
creation, three state changes, a log line), and a thread of the flow starts its next task only
after that bookkeeping, while its worker process waits. One task per file made this the largest
part of ``--prefect``'s overhead (docs/benchmarks.md), so files are processed in batches.
"""

from __future__ import annotations

from pipeline.work import PlannedFile

BATCH_FILES = 10  # at most this many files per task
SHARES_PER_WORKER = 4  # and at most 1/(workers x this) of the folder's bytes: the tail stays short


def plan_batches(files: list[PlannedFile], workers: int) -> list[list[PlannedFile]]:
    """``files`` biggest first (see ``pipeline.run.process_all``) cut into consecutive batches."""
    share = sum(f.size for f in files) / max(1, workers * SHARES_PER_WORKER)
    batches: list[list[PlannedFile]] = []
    current: list[PlannedFile] = []
    size = 0
    for file in sorted(files, key=lambda f: -f.size):
        current.append(file)
        size += file.size
        if len(current) >= BATCH_FILES or size >= share:
            batches.append(current)
            current, size = [], 0
    if current:
        batches.append(current)
    return batches
