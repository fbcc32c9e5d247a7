"""The automation docs/operations.md tells operators to create is a valid Prefect 3 automation that
fires on bukti's failed runs (the state name a failed run with unreadable files carries)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from prefect.events.schemas.automations import AutomationCore, EventTrigger

DOC = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


def test_documented_automation_is_valid_and_matches_failed_bukti_runs() -> None:
    section = DOC.read_text(encoding="utf-8").split("### Finding failed runs and alerting on them", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, flags=re.DOTALL)
    assert block is not None
    automation = AutomationCore.model_validate(yaml.safe_load(block.group(1)))
    trigger = automation.trigger
    assert isinstance(trigger, EventTrigger)
    assert "prefect.flow-run.Failed" in trigger.expect
    assert [a.type for a in automation.actions] == ["send-notification"]


def test_failed_run_state_carries_the_name_the_automation_expects() -> None:
    from flows.visibility import failed_run

    state = failed_run(None, "2 dokumen: 1 berhasil, 1 gagal", ["rusak.pdf"])  # outside a run: no tag
    assert f"prefect.flow-run.{state.name}" == "prefect.flow-run.Failed" and state.is_failed()
    assert state.message == "2 dokumen: 1 berhasil, 1 gagal; gagal dibaca: rusak.pdf"
