"""Semantic checks of a rule pack that pydantic alone cannot express.

Each check returns human-readable problems with file and location; the loader joins them
with the schema errors into one RulePackError. Checked: unique indicator and rule ids,
weights (indicators sum to 100, aspects and domains to their parts), scales with levels
1..5, contiguous predicates, references to document classes and term lists, valid token
patterns, and levels 1..5 present for every indicator that has rules.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from core.settings import get_settings
from rules.schema import (
    Criterion,
    DocumentClassCriterion,
    ElementsCriterion,
    IndicatorRules,
    PackFile,
    ProximityCriterion,
    RulesFile,
    TermsCriterion,
    TermSet,
    placeholders,
)

WEIGHT_TOLERANCE = 0.01  # weights are given with two decimals in % of the index
LEVELS = (1, 2, 3, 4, 5)


def check_pack(pack: PackFile, rules_files: list[tuple[str, RulesFile]]) -> list[str]:
    """All semantic problems of a pack and its rules files."""
    problems = list(_check_structure(pack))
    problems += _check_classes_and_lists(pack)
    problems += _check_manual_flags(pack, rules_files)
    seen: dict[str, str] = {}
    ids = {i.id: i for d in pack.domains for a in d.aspects for i in a.indicators}
    for label, rules_file in rules_files:
        for n, rules in enumerate(rules_file.indicator_rules):
            where = f"{label}: indicator_rules -> {n} (indicator {rules.indicator})"
            if rules.indicator not in ids:
                problems.append(f"{where}: unknown indicator '{rules.indicator}'")
            elif ids[rules.indicator].manual:
                problems.append(f"{where}: indicator is marked manual in pack.yaml but has rules")
            if rules.indicator in seen:
                problems.append(f"{where}: indicator already has rules in {seen[rules.indicator]}")
            seen.setdefault(rules.indicator, label)
            problems += [f"{where} -> {p}" for p in _check_rules(pack, rules)]
    remember_valid_patterns()
    return problems


def _check_structure(pack: PackFile) -> Iterator[str]:
    ids = Counter(i.id for d in pack.domains for a in d.aspects for i in a.indicators)
    yield from (f"pack.yaml: domains: indicator id '{i}' used {n} times" for i, n in ids.items() if n > 1)
    total = 0.0
    for d_n, domain in enumerate(pack.domains):
        aspect_sum = sum(a.weight for a in domain.aspects)
        if abs(aspect_sum - domain.weight) > WEIGHT_TOLERANCE:
            yield (
                f"pack.yaml: domains -> {d_n}: aspect weights sum to {aspect_sum:g}, "
                f"domain weight is {domain.weight:g}"
            )
        for a_n, aspect in enumerate(domain.aspects):
            ind_sum = sum(i.weight for i in aspect.indicators)
            total += ind_sum
            if abs(ind_sum - aspect.weight) > WEIGHT_TOLERANCE:
                yield (
                    f"pack.yaml: domains -> {d_n} -> aspects -> {a_n}: indicator weights sum to "
                    f"{ind_sum:g}, aspect weight is {aspect.weight:g}"
                )
            for i_n, ind in enumerate(aspect.indicators):
                if ind.scale not in pack.level_scales:
                    yield (
                        f"pack.yaml: domains -> {d_n} -> aspects -> {a_n} -> indicators -> {i_n}: "
                        f"unknown level scale '{ind.scale}'"
                    )
    if abs(total - 100.0) > WEIGHT_TOLERANCE:
        yield f"pack.yaml: domains: indicator weights sum to {total:g}, expected 100"
    for name, scale in pack.level_scales.items():
        if sorted(scale.levels) != list(LEVELS):
            yield f"pack.yaml: level_scales -> {name}: levels must be exactly 1..5"
    yield from _check_predicates(pack)


def _check_manual_flags(pack: PackFile, rules_files: list[tuple[str, RulesFile]]) -> Iterator[str]:
    with_rules = {r.indicator for _, f in rules_files for r in f.indicator_rules}
    for d_n, domain in enumerate(pack.domains):
        for a_n, aspect in enumerate(domain.aspects):
            for i_n, ind in enumerate(aspect.indicators):
                where = f"pack.yaml: domains -> {d_n} -> aspects -> {a_n} -> indicators -> {i_n}"
                if ind.manual and ind.manual_fallback:
                    yield f"{where}: 'manual' and 'manual_fallback' exclude each other"
                elif ind.manual_fallback and ind.id not in with_rules:
                    yield f"{where}: 'manual_fallback' needs rules for indicator '{ind.id}' (or use 'manual')"


def _check_predicates(pack: PackFile) -> Iterator[str]:
    ordered = sorted(pack.predicates, key=lambda p: p.min)
    if [p.max for p in ordered].count(None) != 1 or ordered[-1].max is not None:
        yield "pack.yaml: predicates: exactly the highest predicate must have max: null"
    for low, high in zip(ordered, ordered[1:], strict=False):
        if low.max != high.min:
            yield f"pack.yaml: predicates: gap or overlap between '{low.name}' and '{high.name}'"


def _check_classes_and_lists(pack: PackFile) -> Iterator[str]:
    for name in pack.non_evidence_classes:
        if name not in pack.document_classes:
            yield f"pack.yaml: non_evidence_classes: unknown document class '{name}'"
        elif (spec := pack.document_classes[name]).text_phrases or spec.min_chars:
            yield (
                f"pack.yaml: non_evidence_classes: '{name}' must be decided by metadata alone "
                "(doc_types, statuses, title or issuer phrases), not text_phrases or min_chars, "
                "so reports can name it"
            )
    for name, term_list in pack.term_lists.items():
        for phrase in term_list.phrases:
            if placeholders(phrase):
                yield f"pack.yaml: term_lists -> {name}: placeholders are not allowed inside term lists"


def _check_rules(pack: PackFile, rules: IndicatorRules) -> Iterator[str]:
    yield from (f"topic: {p}" for p in _check_terms(pack, rules.topic))
    for name in rules.topic.references:
        if name not in pack.term_lists:
            yield f"topic -> references: unknown term list '{name}'"
    for name in rules.topic.title_only_classes:
        if name not in pack.document_classes:
            yield f"topic -> title_only_classes: unknown document class '{name}'"
    missing = [n for n in LEVELS if n not in rules.levels]
    extra = [n for n in rules.levels if n not in LEVELS]
    if missing:
        yield f"levels: missing level(s) {', '.join(map(str, missing))}"
    if extra:
        yield f"levels: unknown level(s) {', '.join(map(str, extra))}"
    for number, level in rules.levels.items():
        where = f"levels -> {number}"
        for name in level.evidence_classes:
            if name not in pack.document_classes:
                yield f"{where} -> evidence_classes: unknown document class '{name}'"
        ids = Counter(c.id for c in level.criteria)
        yield from (f"{where}: criterion id '{i}' used {n} times" for i, n in ids.items() if n > 1)
        for c_n, criterion in enumerate(level.criteria):
            yield from (
                f"{where} -> criteria -> {c_n} ({criterion.id}): {p}"
                for p in _check_criterion(pack, criterion)
            )


def _check_criterion(pack: PackFile, criterion: Criterion) -> Iterator[str]:
    if isinstance(criterion, TermsCriterion):
        yield from _check_terms(pack, criterion)
    elif isinstance(criterion, ElementsCriterion):
        if criterion.required > len(criterion.elements):
            yield f"require {criterion.require} exceeds the {len(criterion.elements)} elements"
        for e_n, element in enumerate(criterion.elements):
            yield from (f"elements -> {e_n}: {p}" for p in _check_terms(pack, element))
        if criterion.near is not None:
            yield from (f"near: {p}" for p in _check_terms(pack, criterion.near))
    elif isinstance(criterion, ProximityCriterion):
        for g_n, group in enumerate(criterion.groups):
            yield from (f"groups -> {g_n}: {p}" for p in _check_terms(pack, group))
    elif isinstance(criterion, DocumentClassCriterion):
        for name in [*criterion.classes, *([criterion.after] if criterion.after else [])]:
            if name not in pack.document_classes:
                yield f"unknown document class '{name}'"


def _check_terms(pack: PackFile, terms: TermSet) -> Iterator[str]:
    for name in terms.lists:
        if name not in pack.term_lists:
            yield f"lists: unknown term list '{name}'"
    for phrase in terms.phrases:
        for name in placeholders(phrase):
            if name not in pack.term_lists:
                yield f"phrases: '{phrase}' refers to unknown term list '{name}'"
    for p_n, pattern in enumerate(terms.patterns):
        for error in pattern_errors(pattern):
            yield f"patterns -> {p_n}: {error}"


def pattern_errors(pattern: list[dict]) -> list[str]:
    """spaCy's schema errors of a token pattern; patterns found valid before are not re-checked.

    The schema lives in spaCy, whose import costs ~0.3-0.5 s: every command that loads a pack
    paid it, also in processes that never match (the flow process, an unchanged re-run). A
    pattern made only of :func:`plainly_valid` tokens needs no schema; another one valid under
    one spaCy version is remembered as such (``<BUKTI_HOME>/valid-patterns-<spaCy
    version>.json``); an invalid one is checked, and reported, every time.
    """
    if plainly_valid(pattern):
        return []
    key = json.dumps(pattern, sort_keys=True)
    known = _known_valid()
    if key in known:
        return []
    from spacy.schemas import validate_token_pattern

    errors = [str(e) for e in validate_token_pattern(pattern)]
    if not errors:
        known.add(key)
        _new_valid.add(key)
    return errors


# The subset of spaCy's token-pattern schema (``spacy.schemas.TokenPattern``) the packs use,
# which that schema accepts (spaCy 3.5 and later, which have the {n,m} operators): string
# attributes given a string, an IN / NOT_IN list of strings or a REGEX string; boolean flags
# given a bool; the four simple operators and the {n}, {n,m}, {n,}, {,m} quantifiers (spaCy's
# regular expression for them, ASCII digits only). Anything else goes to spaCy's schema. Cold
# runs (a fresh BUKTI_HOME) no longer import spaCy in the flow process for this check: ~0.3
# CPU-s before the first document.
_STRING_ATTRS = frozenset({"ORTH", "TEXT", "LOWER", "NORM"})
_STRING_PREDICATES = {"IN": list, "NOT_IN": list, "REGEX": str}
_FLAG_ATTRS = frozenset({"LIKE_NUM", "LIKE_URL", "LIKE_EMAIL", "IS_ALPHA", "IS_DIGIT", "IS_PUNCT",
                         "IS_TITLE", "IS_UPPER", "IS_LOWER", "IS_SPACE"})
_OPERATORS = frozenset({"+", "*", "?", "!"})
_QUANTIFIER = re.compile(r"\{[0-9]+\}|\{[0-9]+,[0-9]*\}|\{[0-9]*,[0-9]+\}")


def plainly_valid(pattern: object) -> bool:
    """Whether ``pattern`` is a non-empty list of tokens within the subset above (then valid)."""
    return (isinstance(pattern, list) and bool(pattern)
            and all(isinstance(t, dict) and all(_plain_entry(k, v) for k, v in t.items()) for t in pattern))


def _plain_entry(key: object, value: object) -> bool:
    if key in _STRING_ATTRS:
        if type(value) is str:
            return True
        if not isinstance(value, dict) or len(value) != 1:
            return False
        (predicate, argument), = value.items()
        wanted = _STRING_PREDICATES.get(predicate)
        if wanted is str:
            return type(argument) is str
        return wanted is list and type(argument) is list and all(type(a) is str for a in argument)
    if key in _FLAG_ATTRS:
        return type(value) is bool
    return key == "OP" and type(value) is str and (value in _OPERATORS or bool(_QUANTIFIER.fullmatch(value)))


_new_valid: set[str] = set()  # found valid since the file was last written


def remember_valid_patterns() -> None:
    """Write the patterns found valid to the file, once per checked pack (not per pattern)."""
    if not _new_valid:
        return
    _new_valid.clear()
    _save_known(_known_valid())


@lru_cache(maxsize=1)
def _known_valid() -> set[str]:
    try:
        return set(json.loads(_known_file().read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return set()


def _save_known(known: set[str]) -> None:
    path = _known_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(sorted(known)), encoding="utf-8")
        temporary.replace(path)  # atomic: concurrent processes never read half a file
    except OSError:
        pass  # a read-only home only means checking again next time


def _known_file() -> Path:
    version = importlib.metadata.version("spacy")
    return get_settings().home / f"valid-patterns-{version}.json"
