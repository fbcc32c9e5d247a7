"""Valid token patterns are remembered, so loading a pack does not import spaCy every time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rules.checks import pattern_errors

REPO = Path(__file__).resolve().parents[2]
_LOAD = ("import sys; from rules.loader import load_rule_pack; load_rule_pack('spbe-2020'); "
         "print('spacy' in sys.modules)")


def _load_in_new_process(home: Path) -> str:
    env = {**os.environ, "BUKTI_HOME": str(home)}
    return subprocess.run([sys.executable, "-c", _LOAD], cwd=REPO, env=env, capture_output=True,
                          text=True, check=True, timeout=120).stdout.strip()


def test_second_load_of_a_pack_does_not_import_spacy(tmp_path: Path) -> None:
    assert _load_in_new_process(tmp_path) == "True"  # first time: patterns checked with spaCy
    assert list(tmp_path.glob("valid-patterns-*.json"))
    assert _load_in_new_process(tmp_path) == "False"


def test_an_invalid_pattern_is_reported_every_time() -> None:
    bad = [{"LOWER": {"NOT_A_PREDICATE": ["x"]}}]
    assert pattern_errors(bad)
    assert pattern_errors(bad)  # never remembered as valid
    assert pattern_errors([{"LOWER": "spbe"}]) == []
