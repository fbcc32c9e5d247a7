"""Which indicators a rule-pack edit can change: a digest of everything each proposal reads.

An indicator's proposal is read from its own rules (``IndicatorRules``: topic, levels,
criteria, descriptions, gaps) and its ``IndicatorSpec`` (name, scale, weight, manual flags),
and from parts every indicator shares: term lists, document classes, non-evidence classes,
relevance settings, level scales, predicates, index settings, the framework's structure
(domains and aspects, which indicator sits where), the pack's name and title, and the fitted
confidence weights (``confidence.yaml``, outside the pack's content hash). Each indicator gets
a digest of its own parts, the pack one ``shared`` digest of the rest: conservative, anything
not known to be one indicator's is shared, and a change of a shared part touches every
indicator. Only the pack's ``version`` is left out: proposals carry it, but nothing scoring
computes reads it (a partial re-score stamps every proposal with the new one).

Indicators are not independent in two ways, both handled by the callers:

* an SPBE policy's indicators are scored against their aspect's siblings (``sibling_gaps`` in
  ``rules.confidence``, which reads the siblings' levels and supporting documents):
  ``pipeline.touched`` scores the siblings too where a touched indicator's level or documents
  changed;
* a document's relevance to any topic reads its strongest topic score and how many topics it
  is a candidate subject of (``rules.criteria``), which a touched topic can change:
  ``rules.fold`` records per document what crosses indicators (``EvidenceFold.cross``) and
  ``pipeline.touched`` scores in full when that changed.

Each indicator also gets a *phraseless* digest: the same parts without its term sets' ``phrases``.
Scoring reads phrases only through the hits the matcher found for them (``rules.signatures``;
the guide the review app shows lists them, but it is built from the pack, not stored), so an
indicator whose phraseless digest is unchanged and whose documents' hits are all the same as
before gets the proposal it has: ``pipeline.touched`` skips its fold when re-matching proved
that (``rules.rematch`` re-keyed every document's hits; no added phrase can match).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from rules.confidence_model import model_for_pack
from rules.schema import RulePack

DIGEST_FORMAT = 1  # bump when what a digest covers changes: stored digests of another format are ignored
_NOT_SHARED = {"content_hash", "version", "indicator_rules", "domains"}


@dataclass(frozen=True)
class PackDigests:
    """A pack version's shared digest and each indicator's own digest (by indicator id)."""

    shared: str
    indicators: dict[str, str]
    phraseless: dict[str, str] = field(default_factory=dict)  # by indicator id; {}: not stored

    def encode(self) -> bytes:
        return json.dumps({"format": DIGEST_FORMAT, "shared": self.shared, "indicators": self.indicators,
                           "phraseless": self.phraseless}, sort_keys=True).encode("utf-8")

    @classmethod
    def decode(cls, payload: bytes) -> PackDigests | None:
        """The stored digests, or None when they are unreadable or of another format."""
        try:
            data = json.loads(payload.decode("utf-8"))
            if data.get("format") != DIGEST_FORMAT:
                return None
            phraseless = data.get("phraseless", {})  # digests stored before it existed: none
            return cls(str(data["shared"]), {str(k): str(v) for k, v in data["indicators"].items()},
                       {str(k): str(v) for k, v in phraseless.items()})
        except (ValueError, KeyError, AttributeError, TypeError):
            return None


def pack_digests(pack: RulePack) -> PackDigests:
    """The digests of ``pack`` (a few milliseconds: every part dumped as JSON once)."""
    shared = pack.model_dump(mode="json", exclude=_NOT_SHARED)
    shared["structure"] = [
        {"domain": d.model_dump(mode="json", exclude={"aspects"}),
         "aspects": [{"aspect": a.model_dump(mode="json", exclude={"indicators"}),
                      "indicators": [i.id for i in a.indicators]} for a in d.aspects]}
        for d in pack.domains
    ]
    shared["rule_order"] = [r.indicator for r in pack.indicator_rules]
    shared["confidence"] = model_for_pack(pack.name).model_dump(mode="json")
    ids = {spec.id for spec in pack.indicators()}
    shared["unplaced_rules"] = [r.model_dump(mode="json") for r in pack.indicator_rules
                                if r.indicator not in ids]
    rules: dict[str, list[Any]] = {}
    for r in pack.indicator_rules:  # all of an indicator's, in order: ``rules_for`` reads the first
        rules.setdefault(r.indicator, []).append(r.model_dump(mode="json"))
    parts = {spec.id: {"spec": spec.model_dump(mode="json"), "rules": rules.get(spec.id, [])}
             for spec in pack.indicators()}
    return PackDigests(_digest(shared), {i: _digest(part) for i, part in parts.items()},
                       {i: _digest(_without_phrases(part)) for i, part in parts.items()})


def touched(before: PackDigests, after: PackDigests) -> frozenset[str] | None:
    """The indicators whose own parts differ between ``before`` and ``after``; None: every
    indicator (a shared part changed, or the indicators are not the same)."""
    if before.shared != after.shared or set(before.indicators) != set(after.indicators):
        return None
    return frozenset(i for i, digest in after.indicators.items() if before.indicators[i] != digest)


def phrases_only(before: PackDigests, after: PackDigests, indicators: frozenset[str]) -> frozenset[str]:
    """Those of ``indicators`` whose parts differ between the two versions in term sets'
    ``phrases`` only (both versions' phraseless digests known and equal)."""
    return frozenset(i for i in indicators if (was := before.phraseless.get(i)) is not None
                     and was == after.phraseless.get(i))


def _without_phrases(data: Any) -> Any:
    """``data`` (an indicator's dumped spec and rules) without any ``phrases`` entry: within
    ``IndicatorRules`` only term sets (``TermSet.phrases``) have one."""
    if isinstance(data, dict):
        return {k: _without_phrases(v) for k, v in data.items() if k != "phrases"}
    if isinstance(data, list):
        return [_without_phrases(v) for v in data]
    return data


def _digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode("utf-8")).hexdigest()
