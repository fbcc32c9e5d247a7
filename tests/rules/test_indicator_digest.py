"""Which indicators a rule-pack edit touches (``rules.indicator_digest``), per kind of edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pack_edits import EDITS, Edit

from rules.indicator_digest import PackDigests, pack_digests, phrases_only, touched
from rules.loader import load_rule_pack

REPO = Path(__file__).resolve().parents[2]


def edited_pack(tmp_path: Path, edit: Edit) -> Path:
    pack = tmp_path / "spbe-2020"
    shutil.copytree(REPO / "rules" / "packs" / "spbe-2020", pack)
    edit(pack)
    return pack


@pytest.mark.parametrize("kind", list(EDITS))
def test_touched_indicators_per_kind_of_edit(kind: str, tmp_path: Path) -> None:
    edit, expected = EDITS[kind]
    before = load_rule_pack("spbe-2020")
    after = load_rule_pack(str(edited_pack(tmp_path, edit)))
    assert after.content_hash != before.content_hash  # every edit makes a new pack version
    assert touched(pack_digests(before), pack_digests(after)) == expected


def test_digests_round_trip_and_refuse_another_format() -> None:
    digests = pack_digests(load_rule_pack("spbe-2020"))
    assert PackDigests.decode(digests.encode()) == digests
    assert PackDigests.decode(digests.encode().replace(b'"format": 1', b'"format": 0')) is None
    assert PackDigests.decode(b"not json") is None


@pytest.mark.parametrize(("kind", "expected"), [
    ("topic phrase", {"1"}),
    ("criterion phrase some documents hold", {"2"}),  # phrases only: re-matching decides whether they matched
    ("topic phrase and a criterion threshold", {"1"}),
    ("criterion threshold and description", set()),
    ("indicator name", set()),
])
def test_edits_of_phrases_only(kind: str, expected: set[str], tmp_path: Path) -> None:
    """The touched indicators whose parts differ in term sets' phrases only (``phrases_only``)."""
    before = pack_digests(load_rule_pack("spbe-2020"))
    after = pack_digests(load_rule_pack(str(edited_pack(tmp_path, EDITS[kind][0]))))
    changed = touched(before, after)
    assert changed is not None and phrases_only(before, after, changed) == expected
    old = PackDigests(before.shared, before.indicators)  # stored before phraseless digests existed
    assert phrases_only(PackDigests.decode(old.encode()) or old, after, changed) == frozenset()
