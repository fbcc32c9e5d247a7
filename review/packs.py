"""Rule packs for the review screens, loaded once per process (loading takes ~2 s)."""

from __future__ import annotations

import functools

from rules.loader import load_rule_pack
from rules.schema import RulePack


@functools.lru_cache(maxsize=8)
def get_pack(name: str) -> RulePack:
    """The validated pack ``name``; a RulePackError says what is wrong with it."""
    return load_rule_pack(name)
