"""Loading a pack does not import spaCy: plain token patterns need no schema, others are remembered."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.schemas import validate_token_pattern

from rules.checks import pattern_errors, plainly_valid
from rules.loader import available_packs, load_rule_pack
from rules.signatures import termsets

REPO = Path(__file__).resolve().parents[2]
_LOAD = ("import sys; from rules.loader import load_rule_pack; load_rule_pack('spbe-2020'); "
         "load_rule_pack('pemdi-2026'); print('spacy' in sys.modules)")
# A valid pattern outside the plain subset: checked by spaCy's schema once, then remembered.
_REMEMBER = ("import sys; from rules.checks import pattern_errors, remember_valid_patterns; "
             "assert pattern_errors([{'POS': 'NOUN'}, {'LENGTH': {'>=': 3}}]) == []; "
             "remember_valid_patterns(); print('spacy' in sys.modules)")

PLAIN = [
    [{"LOWER": "spbe"}],
    [{"LOWER": {"IN": ["arsitektur", "peta"]}}, {"LOWER": {"NOT_IN": []}, "OP": "?"}],
    [{"TEXT": {"REGEX": r"^\d{4}$"}}, {"ORTH": "/"}, {"NORM": "x", "OP": "*"}],
    [{"LIKE_URL": True}, {"LIKE_NUM": False, "OP": "+"}, {"IS_PUNCT": True, "OP": "!"}],
    [{}],
    [{"LOWER": "a"}, {"OP": "{1,2}"}, {"OP": "{0,8}"}, {"OP": "{3}"}, {"OP": "{2,}"}, {"OP": "{,4}"}],
]
NOT_PLAIN = [
    [],
    [{"lower": "spbe"}],  # spaCy accepts lower-case keys; the subset does not
    [{"LOWER": 1}],
    [{"LOWER": {"IN": "spbe"}}],
    [{"LOWER": {"IN": ["a"], "NOT_IN": ["b"]}}],
    [{"LOWER": {"NOT_A_PREDICATE": ["x"]}}],
    [{"LIKE_URL": 1}],
    [{"OP": "{2,x}"}],
    [{"OP": "{}"}],
    [{"OP": "{2}\n"}],
    [{"OP": "x"}],
    [{"POS": "NOUN"}],
    ["LOWER"],
]


def _run(code: str, home: Path) -> str:
    env = {**os.environ, "BUKTI_HOME": str(home)}
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True,
                          text=True, check=True, timeout=120).stdout.strip()


def _pack_patterns() -> list[list[dict]]:
    return [p for name in available_packs() for _, terms in termsets(load_rule_pack(name))
            for p in terms.patterns]


def test_loading_the_shipped_packs_does_not_import_spacy_even_in_a_fresh_home(tmp_path: Path) -> None:
    assert _run(_LOAD, tmp_path) == "False"


def test_the_shipped_packs_use_plain_patterns_only() -> None:
    patterns = _pack_patterns()
    assert patterns
    assert [p for p in patterns if not plainly_valid(p)] == []


@pytest.mark.parametrize("pattern", PLAIN + [p for p in NOT_PLAIN if p])
def test_plainly_valid_agrees_with_spacys_schema(pattern: list) -> None:
    if plainly_valid(pattern):
        assert validate_token_pattern(pattern) == []
        assert pattern_errors(pattern) == []
    else:
        assert bool(pattern_errors(pattern)) == bool(validate_token_pattern(pattern))


@pytest.mark.parametrize("pattern", PLAIN)
def test_plain_patterns_are_recognised(pattern: list) -> None:
    assert plainly_valid(pattern)


@pytest.mark.parametrize("pattern", NOT_PLAIN)
def test_other_patterns_go_to_spacys_schema(pattern: list) -> None:
    assert not plainly_valid(pattern)


def test_a_valid_pattern_outside_the_subset_is_remembered(tmp_path: Path) -> None:
    assert _run(_REMEMBER, tmp_path) == "True"  # first time: checked with spaCy
    assert list(tmp_path.glob("valid-patterns-*.json"))
    assert _run(_REMEMBER, tmp_path) == "False"


def test_an_invalid_pattern_is_reported_every_time() -> None:
    bad = [{"LOWER": {"NOT_A_PREDICATE": ["x"]}}]
    assert pattern_errors(bad)
    assert pattern_errors(bad)  # never remembered as valid
    assert pattern_errors([{"LOWER": "spbe"}]) == []
