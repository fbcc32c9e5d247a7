"""What an operator sees of a run in Prefect: its name, bukti's log lines, and failures as failures.

- Run names say whose evidence a run assessed (``Kota Sukamaju 2024 spbe-2020``), not Prefect's
  random two words.
- bukti's ``key=value`` lines (loggers ``bukti.*``) go to the run's logs. Prefect's
  ``PREFECT_LOGGING_EXTRA_LOGGERS=bukti`` only attaches its API handler: the ``bukti`` logger
  stays at the root's WARNING and INFO lines never arrive, so the flows attach the handler and
  lower the level themselves for the length of a run (and put both back after it, so code run
  outside a flow in the same process does not try to send logs without a run).
- A file that could not be read is a FAILED task, and a run with such files ends in a FAILED-type
  state named ``Failed`` (the name Prefect's own alerts match: state change events are
  ``prefect.flow-run.<state name>``) whose message names the files, tagged ``FAILED_TAG`` so an
  operator can tell it from a run that could not finish at all. The batch still goes on: every
  other file is processed and stored before the run is marked.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from prefect import get_client
from prefect.logging.handlers import APILogHandler
from prefect.runtime import flow_run
from prefect.states import Failed, State

from core.timefmt import now_wib
from pipeline.models import DocumentOutcome

FAILED_TAG = "bukti-failed-documents"
NAMES_SHOWN = 10  # a state message is read in a list of runs: name the first files, count the rest
_LOGGER = "bukti"


def assess_run_name() -> str:
    """``<region> <year> <framework>``; region and year from the parameters, else from the
    ``<region>/<year>`` layout of the path (the documents decide later, in the run itself)."""
    params = flow_run.parameters
    path = Path(str(params.get("path", "")))
    region, year = params.get("region"), params.get("year")
    if year is None and path.name.isdigit() and len(path.name) == 4:
        year, region = path.name, region or path.parent.name
    return f"{region or path.name or '?'} {year or '?'} {params.get('framework', '')}".strip()


def nightly_run_name() -> str:
    """``nightly <framework> <date in WIB>``: the night it belongs to."""
    return f"nightly {flow_run.parameters.get('framework', '')} {now_wib():%Y-%m-%d}"


@contextmanager
def bukti_logs_in_run(level: int = logging.INFO) -> Iterator[None]:
    """For the duration of a flow run: ``bukti.*`` records at ``level`` and above go to its logs."""
    logger = logging.getLogger(_LOGGER)
    added = None
    if not any(isinstance(h, APILogHandler) for h in logger.handlers):
        added = APILogHandler()
        logger.addHandler(added)
    before = logger.level
    if before == logging.NOTSET or before > level:
        logger.setLevel(level)
    try:
        yield
    finally:
        logger.setLevel(before)
        if added is not None:
            logger.removeHandler(added)


def failed_files_message(names: Sequence[str], what: str = "gagal dibaca") -> str:
    """The first failed file names, then how many more, for a state message or a log line."""
    shown = ", ".join(names[:NAMES_SHOWN])
    more = f" dan {len(names) - NAMES_SHOWN} lainnya" if len(names) > NAMES_SHOWN else ""
    return f"{what}: {shown}{more}"


def document_failed(outcome: DocumentOutcome) -> str:
    """The failed task's message: the file and what to do about it."""
    first = outcome.issues[0].message if outcome.issues else "tidak dapat dibaca"
    return f"{outcome.name}: {first}"


def failed_run(data: object, summary: str, names: Sequence[str], what: str = "gagal dibaca") -> State:
    """The final state of a run that finished with failed files: FAILED type, the files named,
    the run tagged ``FAILED_TAG``; ``data`` stays the run's result (callers read it with
    ``state.result(raise_on_failure=False)``)."""
    tag_current_run(FAILED_TAG)
    return Failed(data=data, message=f"{summary}; {failed_files_message(names, what)}")


def tag_current_run(tag: str) -> None:
    """Add ``tag`` to the running flow run (before its final state, so the state change event
    carries the tag as a related resource an automation can match)."""
    run_id = flow_run.id
    if run_id is None:
        return
    with get_client(sync_client=True) as client:
        tags = client.read_flow_run(run_id).tags
        if tag not in tags:
            client.update_flow_run(run_id, tags=[*tags, tag])
