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
- A run in the command's own process (``bukti assess --prefect``) sends Prefect's flow-run
  heartbeat events, which zombie-run automations watch, from a thread of bukti's that stops as
  soon as the run's function returns (:func:`prompt_heartbeats`): Prefect's own thread sleeps in
  1 s steps and the run's end waited for it (~0.5 s a run on average).
"""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import prefect
from prefect import get_client
from prefect.context import FlowRunContext
from prefect.events import emit_event
from prefect.events.related import tags_as_related_resources
from prefect.events.schemas.events import RelatedResource
from prefect.logging.handlers import APILogHandler
from prefect.runtime import flow_run
from prefect.settings import get_current_settings, temporary_settings
from prefect.states import Failed, State

from core.timefmt import now_wib
from pipeline.models import DocumentOutcome

FAILED_TAG = "bukti-failed-documents"
NAMES_SHOWN = 10  # a state message is read in a list of runs: name the first files, count the rest
_LOGGER = "bukti"
HEARTBEAT_EVENT = "prefect.flow-run.heartbeat"
MIN_HEARTBEAT_SECONDS = 30  # Prefect's minimum (prefect.flow_engine.MINIMUM_HEARTBEAT_INTERVAL)
_heartbeat_seconds: contextvars.ContextVar[int | None] = contextvars.ContextVar("bukti_heartbeat_seconds",
                                                                               default=None)


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


@contextmanager
def prompt_heartbeats() -> Iterator[None]:
    """Around a flow run in this process: Prefect's heartbeat thread off, the run's heartbeats
    sent by :func:`heartbeats_in_run` at the frequency Prefect is configured with (none if off)."""
    seconds = get_current_settings().flows.heartbeat_frequency
    if seconds is None:
        yield
        return
    token = _heartbeat_seconds.set(max(seconds, MIN_HEARTBEAT_SECONDS))
    try:
        with temporary_settings(updates={"flows.heartbeat_frequency": None}):
            yield
    finally:
        _heartbeat_seconds.reset(token)


@contextmanager
def heartbeats_in_run() -> Iterator[None]:
    """Within a flow run under :func:`prompt_heartbeats`: its heartbeat event now and every period
    after, from a thread that ends as soon as this block does. Elsewhere (a worker's run) Prefect
    sends them itself and this does nothing."""
    seconds = _heartbeat_seconds.get()
    context = FlowRunContext.get()
    if seconds is None or context is None or context.flow_run is None:
        yield
        return
    resource, related = heartbeat_template(context)
    stop = threading.Event()

    def beat() -> None:
        while True:
            try:
                emit_event(HEARTBEAT_EVENT, resource=resource, related=related)
            except Exception:  # noqa: BLE001 - as Prefect's: a missed heartbeat must not fail the run
                logging.getLogger(__name__).debug("heartbeat not sent", exc_info=True)
            if stop.wait(seconds):
                return

    # the run's settings (its API URL) in the thread too, as Prefect's heartbeat thread does
    thread = threading.Thread(target=contextvars.copy_context().run, args=(beat,), name="bukti-heartbeat",
                              daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=2)


def heartbeat_template(context: FlowRunContext) -> tuple[dict[str, str], list[RelatedResource]]:
    """The resource and related resources of the run's heartbeat events, as Prefect's flow engine
    builds them (``FlowRunEngine._build_heartbeat_event_template``; a test compares the two)."""
    run = context.flow_run
    assert run is not None
    resource = {"prefect.resource.id": f"prefect.flow-run.{run.id}", "prefect.resource.name": run.name or "",
                "prefect.version": prefect.__version__}
    related: list[RelatedResource] = []
    if run.flow_id:
        related.append(RelatedResource.model_validate({
            "prefect.resource.id": f"prefect.flow.{run.flow_id}", "prefect.resource.role": "flow",
            "prefect.resource.name": context.flow.name if context.flow else ""}))
    if run.deployment_id:
        related.append(RelatedResource.model_validate({
            "prefect.resource.id": f"prefect.deployment.{run.deployment_id}",
            "prefect.resource.role": "deployment"}))
    return resource, related + tags_as_related_resources(set(run.tags or []))
