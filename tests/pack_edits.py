"""Edits of a copy of spbe-2020, one of each kind, with the indicators each touches
(``rules.indicator_digest``; tests/rules/test_indicator_digest.py, tests/pipeline/test_touched.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

NEVER_MATCHES = "cetak biru tata kelola"  # in no generated or example document
OFTEN_MATCHES = "tim koordinasi"  # in many: documents' topic scores change
MANY_TIMES = "frasa uji khusus"  # repeated in one generated document (tests/pipeline/test_touched.py)

Edit = Callable[[Path], None]


def edit_yaml(path: Path, change: Callable[[Any], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_rules(pack: Path, indicator: str, change: Callable[[dict], None]) -> None:
    """Apply ``change`` to ``indicator``'s rules, wherever its rules file is."""
    for path in sorted((pack / "rules").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found = [r for r in data.get("indicator_rules", []) if str(r["indicator"]) == indicator]
        if found:
            change(found[0])
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            return
    raise AssertionError(f"no rules for indicator {indicator}")


def topic_phrase(pack: Path) -> None:
    edit_rules(pack, "1", lambda r: r["topic"]["phrases"].append(NEVER_MATCHES))


def matching_topic_phrase(pack: Path) -> None:
    edit_rules(pack, "2", lambda r: r["topic"]["phrases"].append(OFTEN_MATCHES))


def criterion_threshold(pack: Path) -> None:
    def change(rules: dict) -> None:
        criterion = next(c for c in rules["levels"][2]["criteria"] if c["kind"] == "proximity")
        criterion["min_count"] = criterion.get("min_count", 1) + 1
        criterion["description"] = criterion["description"] + " (sedikitnya dua kali)"
    edit_rules(pack, "12", change)


def repeated_topic_phrase(pack: Path) -> None:
    """A topic phrase one document holds many times: that topic becomes the document's strongest,
    which changes its relevance to the other topics it names (``rules.criteria._own_subject``)."""
    edit_rules(pack, "30", lambda r: r["topic"]["phrases"].append(MANY_TIMES))


def sibling_threshold(pack: Path) -> None:
    """Indicator 1's level 4 out of reach: the SPBE policy supporting its aspect's other indicators
    now supports one fewer above them (``rules.confidence.sibling_gaps``)."""
    def change(rules: dict) -> None:
        next(c for c in rules["levels"][4]["criteria"] if c["kind"] == "proximity")["min_count"] = 99
    edit_rules(pack, "1", change)


def term_list(pack: Path) -> None:
    edit_yaml(pack / "pack.yaml",
              lambda d: d["term_lists"]["ict_unit"]["phrases"].append("pusat data daerah"))


def document_class(pack: Path) -> None:
    edit_yaml(pack / "pack.yaml", lambda d: d["document_classes"]["review_record"].update(text_min=3))


def version_only(pack: Path) -> None:
    edit_yaml(pack / "pack.yaml", lambda d: d.update(version=f"{d['version']}-edited"))


def indicator_name(pack: Path) -> None:
    def change(data: dict) -> None:  # guidance and rationales name the indicator
        data["domains"][0]["aspects"][0]["indicators"][2]["name"] += " Daerah"
    edit_yaml(pack / "pack.yaml", change)


def removed_topic_phrase(pack: Path) -> None:
    """A phrase taken out: the stored hits may hold its matches, every document is matched in full."""
    edit_rules(pack, "1", lambda r: r["topic"]["phrases"].remove("referensi arsitektur"))


def matching_criterion_phrase(pack: Path) -> None:
    """A level-4 phrase the generated SPBE regulations hold: indicator 2's hits change (its topic's not)."""
    def change(rules: dict) -> None:
        next(c for c in rules["levels"][4]["criteria"] if c["kind"] == "terms")["phrases"].append(
            "peta rencana {spbe}")
    edit_rules(pack, "2", change)


def topic_phrase_and_threshold(pack: Path) -> None:
    topic_phrase(pack)
    criterion_threshold(pack)


EDITS: dict[str, tuple[Edit, frozenset[str] | None]] = {
    "topic phrase": (topic_phrase, frozenset({"1"})),
    "topic phrase some documents hold": (matching_topic_phrase, frozenset({"2"})),
    "criterion threshold and description": (criterion_threshold, frozenset({"12"})),
    "topic phrase one document holds many times": (repeated_topic_phrase, frozenset({"30"})),
    "threshold of an indicator with siblings": (sibling_threshold, frozenset({"1"})),
    "term list (shared)": (term_list, None),
    "document class (shared)": (document_class, None),
    "version only (nothing scoring reads)": (version_only, frozenset()),
    "indicator name": (indicator_name, frozenset({"3"})),
    "topic phrase removed": (removed_topic_phrase, frozenset({"1"})),
    "criterion phrase some documents hold": (matching_criterion_phrase, frozenset({"2"})),
    "topic phrase and a criterion threshold": (topic_phrase_and_threshold, frozenset({"1", "12"})),
}
