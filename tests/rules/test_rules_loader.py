"""Loading and validating rule packs: every problem listed with its location, content hash."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.errors import RulePackError
from rules.loader import PACKS_DIR, available_packs, load_rule_pack
from rules.schema import RulePack

RULES = "rules/d1-kebijakan.yaml"
Mutation = Callable[[dict[str, Any], dict[str, Any]], None]


def _copy_pack(tmp_path: Path, name: str = "spbe-2020") -> Path:
    target = tmp_path / name
    shutil.copytree(PACKS_DIR / name, target)
    return target


def _rewrite(pack_dir: Path, mutate: Mutation) -> None:
    """Apply ``mutate(pack_data, rules_data)``; a JSON round trip unshares YAML aliases first."""
    pack_path, rules_path = pack_dir / "pack.yaml", pack_dir / RULES
    pack = json.loads(json.dumps(yaml.safe_load(pack_path.read_text(encoding="utf-8"))))
    rules = json.loads(json.dumps(yaml.safe_load(rules_path.read_text(encoding="utf-8"))))
    mutate(pack, rules)
    pack_path.write_text(yaml.safe_dump(pack, allow_unicode=True), encoding="utf-8")
    rules_path.write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")


def _criterion(rules: dict, indicator: int, level: int, n: int = 0) -> dict:
    return rules["indicator_rules"][indicator]["levels"][str(level)]["criteria"][n]


CASES: list[tuple[str, Mutation, str]] = [
    (
        "unknown key in a criterion",
        lambda p, r: _criterion(r, 0, 3).update(lowr=1),
        f"{RULES}: indicator_rules -> 0 -> levels -> 3 -> criteria -> 0: unknown key 'lowr'",
    ),
    (
        "unknown key at top level",
        lambda p, r: p.update(nmae="x"),
        "pack.yaml: (top): unknown key 'nmae'",
    ),
    (
        "wrong value type",
        lambda p, r: r["indicator_rules"][2]["topic"].update(min_count="many"),
        f"{RULES}: indicator_rules -> 2 -> topic -> min_count: Input should be a valid integer",
    ),
    (
        "required key missing",
        lambda p, r: r["indicator_rules"][3]["topic"].pop("description"),
        f"{RULES}: indicator_rules -> 3 -> topic -> description: required key missing",
    ),
    (
        "unknown criterion kind",
        lambda p, r: _criterion(r, 0, 3).update(kind="regex"),
        f"{RULES}: indicator_rules -> 0 -> levels -> 3 -> criteria -> 0:",
    ),
    (
        "indicator weight off",
        lambda p, r: p["domains"][0]["aspects"][0]["indicators"][0].update(weight=2.0),
        "pack.yaml: domains: indicator weights sum to 100.7, expected 100",
    ),
    (
        "unknown document class",
        lambda p, r: r["indicator_rules"][0]["levels"]["3"].update(evidence_classes=["enacted"]),
        f"{RULES}: indicator_rules -> 0 (indicator 1) -> levels -> 3 -> evidence_classes: "
        "unknown document class 'enacted'",
    ),
    (
        "missing level",
        lambda p, r: r["indicator_rules"][1]["levels"].pop("5"),
        f"{RULES}: indicator_rules -> 1 (indicator 2) -> levels: missing level(s) 5",
    ),
    (
        "invalid token pattern",
        lambda p, r: _criterion(r, 5, 4).update(patterns=[[{"LOWR": "jaringan"}]]),
        "criteria -> 0 (national-network): patterns -> 0: [pattern -> 0 -> LOWR]",
    ),
    (
        "unknown term list",
        lambda p, r: r["indicator_rules"][4]["topic"].update(lists=["nope"]),
        "indicator_rules -> 4 (indicator 5) -> topic: lists: unknown term list 'nope'",
    ),
    (
        "unknown placeholder",
        lambda p, r: r["indicator_rules"][0]["topic"]["phrases"].append("arsitektur {nope}"),
        "phrases: 'arsitektur {nope}' refers to unknown term list 'nope'",
    ),
    (
        "duplicate criterion id",
        lambda p, r: r["indicator_rules"][3]["levels"]["3"]["criteria"][1].update(id="lifecycle"),
        "indicator_rules -> 3 (indicator 4) -> levels -> 3: criterion id 'lifecycle' used 2 times",
    ),
    (
        "rules for an unknown indicator",
        lambda p, r: r["indicator_rules"][9].update(indicator="99"),
        "indicator_rules -> 9 (indicator 99): unknown indicator '99'",
    ),
    (
        "predicate gap",
        lambda p, r: p["predicates"][1].update(min=1.9),
        "pack.yaml: predicates: gap or overlap between 'Kurang' and 'Cukup'",
    ),
    (
        "element requirement above element count",
        lambda p, r: _criterion(r, 8, 3).update(require=4),
        "criteria -> 0 (audit-types): require 4 exceeds the 3 elements",
    ),
    (
        "non-evidence class decided by text",
        lambda p, r: p["document_classes"]["national_regulation"].update(text_phrases=["nasional"]),
        "pack.yaml: non_evidence_classes: 'national_regulation' must be decided by metadata alone",
    ),
]


def test_loader_available_packs_lists_shipped_packs() -> None:
    assert {"spbe-2020", "pemdi-2026"} <= set(available_packs())


@pytest.mark.parametrize("name", ["spbe-2020", "pemdi-2026"])
def test_loader_shipped_packs_are_valid(name: str) -> None:
    pack = load_rule_pack(name)
    assert isinstance(pack, RulePack)
    assert len(pack.content_hash) == 64
    assert abs(sum(i.weight for i in pack.indicators()) - 100.0) < 0.01


def test_loader_spbe_structure_matches_59_2020(spbe_pack: RulePack) -> None:
    assert [d.weight for d in spbe_pack.domains] == [13.0, 25.0, 16.5, 45.5]
    assert [a.weight for d in spbe_pack.domains for a in d.aspects] == [13, 10, 10, 5, 12, 4.5, 27.5, 18]
    assert [i.id for i in spbe_pack.indicators()] == [str(n) for n in range(1, 48)]
    assert all(i.manual_fallback for i in spbe_pack.indicators()[31:45])  # services: from text, else manual
    assert all(i.manual for i in spbe_pack.indicators()[45:])  # public-service sectors 2 and 3
    assert {r.indicator for r in spbe_pack.indicator_rules} == {str(n) for n in range(1, 46)}
    assert spbe_pack.level_name("1", 3) == "Terdefinisi"


def test_loader_pemdi_structure_is_provisional(pemdi_pack: RulePack) -> None:
    assert pemdi_pack.provisional
    assert len(pemdi_pack.indicators()) == 20
    assert [a.weight for a in pemdi_pack.domains[0].aspects] == [10, 10, 15, 15, 10, 15, 25]
    assert pemdi_pack.level_name("1", 5) == "Unggul"


def test_loader_accepts_directory_and_pack_file_paths(tmp_path: Path) -> None:
    directory = _copy_pack(tmp_path)
    assert load_rule_pack(directory).name == "spbe-2020"
    assert load_rule_pack(directory / "pack.yaml").name == "spbe-2020"


@pytest.mark.parametrize(("case", "mutate", "expected"), CASES, ids=[c[0] for c in CASES])
def test_loader_reports_problem_with_location(
    tmp_path: Path, case: str, mutate: Mutation, expected: str
) -> None:
    directory = _copy_pack(tmp_path)
    _rewrite(directory, mutate)
    with pytest.raises(RulePackError) as info:
        load_rule_pack(directory)
    assert expected in str(info.value)


def test_loader_collects_every_problem_in_one_error(tmp_path: Path) -> None:
    directory = _copy_pack(tmp_path)

    schema_cases = [c for c in CASES[:5] if c[0] != "unknown criterion kind"]  # that one hides 'lowr'

    def mutate_all(pack: dict, rules: dict) -> None:
        for _, mutate, _ in schema_cases:
            mutate(pack, rules)

    _rewrite(directory, mutate_all)
    with pytest.raises(RulePackError) as info:
        load_rule_pack(directory)
    message = str(info.value)
    assert [expected for _, _, expected in schema_cases if expected not in message] == []
    assert f"has {len(schema_cases)} problem(s)" in message


def test_loader_semantic_problems_are_all_listed(tmp_path: Path) -> None:
    directory = _copy_pack(tmp_path)
    semantic = CASES[5:]

    def mutate_all(pack: dict, rules: dict) -> None:
        for _, mutate, _ in semantic:
            mutate(pack, rules)

    _rewrite(directory, mutate_all)
    with pytest.raises(RulePackError) as info:
        load_rule_pack(directory)
    missing = [expected for _, _, expected in semantic if expected not in str(info.value)]
    assert not missing


def test_loader_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    directory = _copy_pack(tmp_path)
    (directory / RULES).write_text("indicator_rules:\n  - indicator: [1\n", encoding="utf-8")
    with pytest.raises(
        RulePackError, match=r"rules/d1-kebijakan.yaml \(line \d+, column \d+\): invalid YAML"
    ):
        load_rule_pack(directory)


def test_loader_unknown_pack_lists_available() -> None:
    with pytest.raises(RulePackError, match="spbe-2020"):
        load_rule_pack("no-such-pack")


def test_loader_content_hash_ignores_formatting_but_not_content(tmp_path: Path) -> None:
    original = load_rule_pack("spbe-2020").content_hash
    directory = _copy_pack(tmp_path)
    pack_file = directory / "pack.yaml"
    pack_file.write_text("# a comment\n" + pack_file.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_rule_pack(directory).content_hash == original
    _rewrite(directory, lambda p, r: r["indicator_rules"][0]["topic"]["phrases"].append("cetak biru TIK"))
    assert load_rule_pack(directory).content_hash != original


def test_loader_keeps_a_pack_until_a_file_changes(tmp_path: Path) -> None:
    directory = _copy_pack(tmp_path)
    first = load_rule_pack(directory)
    assert load_rule_pack(directory / "pack.yaml") is first  # parsed once per process
    _rewrite(directory, lambda p, r: r["indicator_rules"][0]["topic"]["phrases"].append("cetak biru TIK"))
    edited = load_rule_pack(directory)
    assert edited is not first and edited.content_hash != first.content_hash
    (directory / RULES).unlink()  # a removed file is seen too, not served from the cache
    assert load_rule_pack(directory).content_hash not in (first.content_hash, edited.content_hash)
