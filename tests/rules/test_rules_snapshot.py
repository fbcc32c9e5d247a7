"""Snapshot of the rule ids (and indicator ids) of every shipped pack.

A rule id never changes meaning; removing one silently would orphan stored proposals and
decisions. This test fails on any difference. After an intentional change, regenerate with
``BUKTI_UPDATE_SNAPSHOTS=1 python -m pytest tests/rules/test_rules_snapshot.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rules.loader import available_packs, load_rule_pack
from rules.schema import RulePack

SNAPSHOTS = Path(__file__).parent / "snapshots"


def _ids(pack: RulePack) -> list[str]:
    indicators = [f"{pack.name}/indicator/{i.id}" for i in pack.indicators()]
    return sorted(indicators + pack.all_rule_ids())


@pytest.mark.parametrize("name", available_packs())
def test_snapshot_rule_ids_unchanged(name: str) -> None:
    ids = _ids(load_rule_pack(name))
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("BUKTI_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text("\n".join(ids) + "\n", encoding="utf-8")
    assert path.is_file(), f"snapshot {path} missing; create it with BUKTI_UPDATE_SNAPSHOTS=1"
    expected = path.read_text(encoding="utf-8").split()
    removed = sorted(set(expected) - set(ids))
    added = sorted(set(ids) - set(expected))
    assert not removed, f"rule ids removed from {name} (give edited rules new ids instead): {removed}"
    assert not added, f"new rule ids in {name}; update the snapshot: {added}"
