"""The command's flow run sends Prefect's heartbeat events from bukti's thread (real Prefect)."""

from __future__ import annotations

import time

import pytest

pytestmark = [pytest.mark.prefect, pytest.mark.slow]


def test_heartbeat_events_are_the_ones_prefects_engine_builds(prefect_harness) -> None:
    from prefect import flow, tags
    from prefect.context import FlowRunContext
    from prefect.flow_engine import FlowRunEngine

    from flows.visibility import heartbeat_template

    @flow(name="heartbeat-probe")
    def probe() -> bool:
        context = FlowRunContext.get()
        assert context is not None and context.flow_run is not None
        theirs = FlowRunEngine(flow=context.flow, flow_run=context.flow_run)._build_heartbeat_event_template()
        return heartbeat_template(context) == theirs

    with tags("bukti", "kota"):  # tags are related resources of each event
        assert probe()


def test_prompt_heartbeats_turns_prefects_thread_off_and_sends_them_from_the_run(prefect_harness) -> None:
    from prefect import flow
    from prefect.events.worker import EventsWorker
    from prefect.settings import get_current_settings

    from flows.visibility import HEARTBEAT_EVENT, heartbeats_in_run, prompt_heartbeats

    @flow(name="heartbeat-probe-run")
    def probe() -> int | None:
        with heartbeats_in_run():
            return get_current_settings().flows.heartbeat_frequency

    configured = get_current_settings().flows.heartbeat_frequency
    assert configured is not None  # Prefect's default (180 s): heartbeats on
    with prompt_heartbeats():
        state = probe(return_state=True)
    # None: Prefect's engine started no heartbeat thread of its own, whose 1 s sleeps held up the end
    assert state.result() is None
    assert get_current_settings().flows.heartbeat_frequency == configured  # put back after the run
    EventsWorker.drain_all(timeout=30)
    assert _heartbeats(state.state_details.flow_run_id, HEARTBEAT_EVENT) == 1  # bukti's one, at the start


def _heartbeats(flow_run_id, name: str) -> int:  # noqa: ANN001
    """How many ``name`` events the server holds for the flow run (it stores them a moment later)."""
    from prefect import get_client
    from prefect.events.filters import EventFilter, EventNameFilter, EventResourceFilter

    event_filter = EventFilter(event=EventNameFilter(name=[name]),
                               resource=EventResourceFilter(id=[f"prefect.flow-run.{flow_run_id}"]))
    deadline = time.monotonic() + 30
    with get_client(sync_client=True) as client:
        while True:
            found = client.read_events(filter=event_filter, limit=50).total
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.5)
