"""Summaries of rule packs for ``bukti rules list`` and ``bukti rules lint``."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from core.errors import RulePackError
from rules.loader import available_packs, load_rule_pack
from rules.schema import RulePack


class PackSummary(BaseModel):
    """One pack: identity, content hash and how much of it is automated."""

    model_config = ConfigDict(extra="forbid")

    name: str
    version: str
    framework: str
    provisional: bool
    content_hash: str
    indicators: int
    with_rules: int
    manual: int
    rule_ids: int


class LintResult(BaseModel):
    """A pack (by name or path) and either its summary or every problem found."""

    model_config = ConfigDict(extra="forbid")

    target: str
    summary: PackSummary | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def summarise_pack(pack: RulePack) -> PackSummary:
    """A pack's identity and content hash, and how many indicators have rules or are manual."""
    specs = pack.indicators()
    automatic = [s for s in specs if not s.manual and pack.rules_for(s.id) is not None]
    return PackSummary(
        name=pack.name,
        version=pack.version,
        framework=pack.framework,
        provisional=pack.provisional,
        content_hash=pack.content_hash,
        indicators=len(specs),
        with_rules=len(automatic),
        manual=len(specs) - len(automatic),
        rule_ids=len(pack.all_rule_ids()),
    )


def lint_packs(targets: list[str | Path] | None = None) -> list[LintResult]:
    """Validate the given packs (names or directories), or every shipped pack."""
    chosen: list[str | Path] = list(targets) if targets else list(available_packs())
    results = []
    for target in chosen:
        try:
            results.append(LintResult(target=str(target), summary=summarise_pack(load_rule_pack(target))))
        except RulePackError as e:
            results.append(LintResult(target=str(target), error=str(e)))
    return results
