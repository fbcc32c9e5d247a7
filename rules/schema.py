"""Pydantic schema of a rule pack (one versioned YAML pack per framework).

A pack has two parts, validated separately so that every error carries its file:

* ``pack.yaml`` (:class:`PackFile`): name, version, level scales, predicates, index settings,
  document classes, reusable term lists and the framework structure
  (domains -> aspects -> indicators with weights in % of the index);
* ``rules/*.yaml`` (:class:`RulesFile`): per indicator a topic (relevance) criterion and
  level criteria 1..5.

Every model forbids unknown keys. Criterion ids are local (``domains``); the stable rule id
used as spaCy match key is composed as ``<pack>/<indicator key>/l<level>/<id>`` (see
:meth:`RulePack.rule_id`). An edited rule must get a new local id, never a new meaning.

Phrases may contain ``{list}`` placeholders that expand to every phrase of the term list
``list`` (e.g. ``"arsitektur {spbe}"``), see :func:`expand_phrases`.
"""

from __future__ import annotations

import itertools
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.models import DocType, LegalStatus

_ID = r"^[a-z0-9][a-z0-9_-]*$"
_PLACEHOLDER = re.compile(r"\{([a-z0-9_-]+)\}")

TokenPattern = list[dict[str, Any]]


class Strict(BaseModel):
    """Base of every pack model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Scope(StrEnum):
    """Which zones of a document a criterion reads."""

    body = "body"  # everything except the preamble (Menimbang/Mengingat), definitions and Dasar Hukum
    all = "all"


class TopicMode(StrEnum):
    """How a document-class criterion ties the document to the indicator."""

    relevant = "relevant"  # the document meets the indicator's topic criterion
    mention = "mention"  # the document mentions a topic phrase at least once
    none = "none"  # the document class alone is enough


class TermSet(Strict):
    """Phrases (PhraseMatcher, attr LOWER), term-list references, token patterns (Matcher) and
    stem phrases: every word matched on its Indonesian stem, so "penerapan" also finds
    "menerapkan" and "diterapkan" (rules/stems.py)."""

    phrases: list[str] = Field(default_factory=list)
    lists: list[str] = Field(default_factory=list)
    patterns: list[TokenPattern] = Field(default_factory=list)
    stems: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> TermSet:
        if not (self.phrases or self.lists or self.patterns or self.stems):
            raise ValueError("give at least one of 'phrases', 'lists', 'patterns' or 'stems'")
        return self


class TermList(Strict):
    """A reusable list of phrases, referenced by name from criteria or ``{name}`` placeholders."""

    description: str = ""
    phrases: list[str] = Field(min_length=1)


class CriterionBase(Strict):
    id: str = Field(pattern=_ID)
    description: str = Field(min_length=3)  # Indonesian checklist sentence
    gap: str | None = None  # Indonesian guidance when unmet; defaults to the description


class TermsCriterion(CriterionBase, TermSet):
    """Terms or token patterns present at least ``min_count`` times."""

    kind: Literal["terms"]
    min_count: int = Field(default=1, ge=1)
    min_distinct: int = Field(default=1, ge=1)  # distinct matched forms (lower case)
    scope: Scope = Scope.body


class Element(TermSet):
    name: str = Field(min_length=1)


class Near(TermSet):
    """Anchor terms; an element counts only within ``window`` tokens of an anchor."""

    window: int = Field(default=40, ge=1)
    direction: Literal["both", "after", "before"] = "both"


class ElementsCriterion(CriterionBase):
    """Coverage of named content elements; reports found (with citations) and missing."""

    kind: Literal["elements"]
    elements: list[Element] = Field(min_length=1)
    require: Literal["all"] | Annotated[int, Field(ge=1)] = "all"
    near: Near | None = None
    scope: Scope = Scope.body

    @property
    def required(self) -> int:
        return len(self.elements) if self.require == "all" else int(self.require)


class ProximityCriterion(CriterionBase):
    """Every group matched within ``window`` tokens of a match of the first group."""

    kind: Literal["proximity"]
    groups: list[TermSet] = Field(min_length=2)
    window: int = Field(default=30, ge=1)
    min_count: int = Field(default=1, ge=1)
    scope: Scope = Scope.body


class DocumentClassCriterion(CriterionBase):
    """At least one document of the given classes, tied to the indicator per ``topic``."""

    kind: Literal["document_class"]
    classes: list[str] = Field(min_length=1)
    topic: TopicMode = TopicMode.relevant
    after: str | None = None  # a document of this class must exist and not be dated later (undated: accepted)


Criterion = Annotated[
    TermsCriterion | ElementsCriterion | ProximityCriterion | DocumentClassCriterion,
    Field(discriminator="kind"),
]
CRITERION_KINDS = frozenset({"terms", "elements", "proximity", "document_class"})


class Level(Strict):
    """Criteria of one maturity level (all must be met; levels are cumulative)."""

    evidence_classes: list[str] = Field(default_factory=list)  # text criteria read only these; [] = any
    criteria: list[Criterion] = Field(min_length=1)


class Topic(TermSet):
    """Relevance: ``min_count`` topic matches in scope; a match in a heading counts ``heading_weight``."""

    description: str = Field(min_length=3)
    min_count: int = Field(default=2, ge=1)
    heading_weight: int = Field(default=3, ge=1)
    scope: Scope = Scope.body
    references: list[str] = Field(
        default_factory=list
    )  # term lists of cues: a match right after one is cited, not regulated
    reference_lookback: int = Field(default=8, ge=0)  # tokens walked back over a list ("A, B dan C")
    # Documents of these classes (e.g. umbrella regulations) are relevant only when the topic is in their
    # title: an SPBE Perbup that regulates data management is policy (indicator 3), not implementation (23).
    title_only_classes: list[str] = Field(default_factory=list)


class IndicatorRules(Strict):
    indicator: str
    topic: Topic
    levels: dict[int, Level]


class IndicatorSpec(Strict):
    id: str = Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z_.-]*$")
    code: str | None = None
    name: str = Field(min_length=3)
    weight: float = Field(gt=0)
    scale: str
    manual: bool = False  # judged on application capability, not on text
    manual_fallback: bool = False  # rules propose a level when the text supports one, else needs_manual
    manual_reason: str | None = None


class Aspect(Strict):
    id: str
    name: str
    weight: float = Field(gt=0)
    indicators: list[IndicatorSpec] = Field(min_length=1)


class Domain(Strict):
    id: str
    name: str
    weight: float = Field(gt=0)
    aspects: list[Aspect] = Field(min_length=1)


class LevelScale(Strict):
    description: str = ""
    levels: dict[int, str]


class Predicate(Strict):
    """``min`` inclusive, ``max`` exclusive; the top predicate has ``max: null``."""

    name: str
    min: float
    max: float | None = None


class DocumentClass(Strict):
    """Which documents count as e.g. enacted policy, draft, review record (empty list = any)."""

    description: str = Field(min_length=3)
    doc_types: list[DocType] = Field(default_factory=list)
    statuses: list[LegalStatus] = Field(default_factory=list)
    title_phrases: list[str] = Field(default_factory=list)  # any, in metadata.title (lower case)
    title_excludes: list[str] = Field(default_factory=list)  # none of these in metadata.title
    issuer_prefixes: list[str] = Field(default_factory=list)  # metadata.issuer starts with one (any case)
    text_phrases: list[str] = Field(default_factory=list)  # any, in the document body
    text_min: int = Field(default=1, ge=1)
    min_chars: int = Field(default=0, ge=0)  # body text at least this long (a plan, not only its decree)
    weight: float = Field(default=1.0, gt=0, le=1)  # how strongly it supports a level


class IndexSettings(Strict):
    """Index arithmetic; see rules/scoring.py."""

    min_value: int = Field(default=1, ge=0, le=5)  # values below (0 or absent) count as this
    decimals: int = Field(default=2, ge=0, le=6)


class Relevance(Strict):
    """When a document is *about* an indicator, not just naming it (mention is not evidence).

    A document whose title names the topic is about it. A document of a ``broad_classes`` class
    (an SPBE policy as a whole) regulates many topics and is read by counting topic matches in its
    body, as each topic criterion says. Any other document (a letter, a process map, a report, a
    decree about one application) counts for an indicator only when that topic is one of its own
    subjects: at least ``dominance`` of the score of the document's strongest topic, and, beyond
    ``short_pages`` pages, a heading (chapter, section, Pasal title) of the topic and at least
    ``per_page`` matches per page. A document with more than ``max_subjects`` such topics is a
    list or catalogue (a service list, a guide quoting every indicator): only its title counts.
    """

    broad_classes: list[str] = Field(default_factory=list)
    short_pages: int = Field(default=12, ge=1)
    dominance: float = Field(default=0.15, ge=0, le=1)
    per_page: float = Field(default=0.1, ge=0)
    max_subjects: int = Field(default=4, ge=1)


class PackFile(Strict):
    """Contents of ``pack.yaml``."""

    name: str = Field(pattern=_ID)
    version: str = Field(min_length=1)
    framework: str = Field(min_length=3)
    title: str = Field(min_length=3)
    provisional: bool = False
    notes: list[str] = Field(default_factory=list)
    level_scales: dict[str, LevelScale]
    predicates: list[Predicate] = Field(min_length=1)
    index: IndexSettings = Field(default_factory=IndexSettings)
    document_classes: dict[str, DocumentClass] = Field(default_factory=dict)
    non_evidence_classes: list[str] = Field(default_factory=list)
    relevance: Relevance | None = None  # None: every document is read by counting topic matches
    term_lists: dict[str, TermList] = Field(default_factory=dict)
    domains: list[Domain] = Field(min_length=1)


class RulesFile(Strict):
    """Contents of one ``rules/*.yaml`` file; ``anchors`` only holds YAML anchors and is ignored."""

    anchors: Any = None
    indicator_rules: list[IndicatorRules] = Field(default_factory=list)


class RulePack(PackFile):
    """A validated pack: structure plus rules, with a content hash of both."""

    indicator_rules: list[IndicatorRules] = Field(default_factory=list)
    content_hash: str = ""

    def indicators(self) -> list[IndicatorSpec]:
        return [i for d in self.domains for a in d.aspects for i in a.indicators]

    def indicator(self, indicator_id: str) -> IndicatorSpec:
        for spec in self.indicators():
            if spec.id == indicator_id:
                return spec
        raise KeyError(indicator_id)

    def indicator_names(self) -> dict[str, str]:
        """Indicator id -> Indonesian name, in framework order."""
        return {i.id: i.name for i in self.indicators()}

    def rules_for(self, indicator_id: str) -> IndicatorRules | None:
        return next((r for r in self.indicator_rules if r.indicator == indicator_id), None)

    def level_name(self, indicator_id: str, level: int) -> str:
        scale = self.level_scales.get(self.indicator(indicator_id).scale)
        return scale.levels.get(level, "") if scale else ""

    def rule_id(self, indicator_id: str, level: int, criterion_id: str) -> str:
        return f"{self.name}/{indicator_key(indicator_id)}/l{level}/{criterion_id}"

    def topic_rule_id(self, indicator_id: str) -> str:
        return f"{self.name}/{indicator_key(indicator_id)}/topic"

    def class_rule_id(self, class_name: str) -> str:
        return f"{self.name}/class/{class_name}"

    def all_rule_ids(self) -> list[str]:
        """Every rule id of the pack (topic, criteria, document classes with text), sorted."""
        ids = {self.class_rule_id(n) for n, c in self.document_classes.items() if c.text_phrases}
        for rules in self.indicator_rules:
            ids.add(self.topic_rule_id(rules.indicator))
            for number, level in rules.levels.items():
                ids.update(self.rule_id(rules.indicator, number, c.id) for c in level.criteria)
        return sorted(ids)


def indicator_key(indicator_id: str) -> str:
    """Key of an indicator inside rule ids: ``"1"`` -> ``"i01"``."""
    return f"i{int(indicator_id):02d}" if indicator_id.isdigit() else f"i{indicator_id}"


def placeholders(phrase: str) -> list[str]:
    """The ``{term list}`` placeholders named in a phrase."""
    return _PLACEHOLDER.findall(phrase)


def expand_phrases(phrases: list[str], term_lists: dict[str, TermList]) -> list[str]:
    """Expand ``{list}`` placeholders into every combination; unknown lists raise KeyError."""
    out: list[str] = []
    for phrase in phrases:
        names = placeholders(phrase)
        if not names:
            out.append(phrase)
            continue
        for combo in itertools.product(*(term_lists[n].phrases for n in names)):
            text = phrase
            for name, value in zip(names, combo, strict=True):
                text = text.replace("{" + name + "}", value, 1)
            out.append(text)
    return list(dict.fromkeys(out))


def termset_phrases(terms: TermSet, term_lists: dict[str, TermList]) -> list[str]:
    """All phrases of a term set: its own (expanded), its stem phrases as written, plus those of
    referenced lists."""
    listed = [p for name in terms.lists for p in term_lists[name].phrases]
    return expand_phrases(list(terms.phrases) + list(terms.stems) + listed, term_lists)
