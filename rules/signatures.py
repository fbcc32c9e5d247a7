"""What each match key looks for, as digests a stored match result keeps (``rules.rematch``).

A key's *elements* are what its matchers hold: each phrase (after term-list expansion), each
token pattern, each stem phrase. Each gets a short digest; the key's *signature* is the digest
of its element digests. Two keys with one signature always find the same hits (the matcher
matches them once, ``rules.matcher``); a key whose elements grew by ones that cannot match a
document finds the same hits in it as before.

The table is a function of the pack alone (no spaCy: phrases are compared as strings), so it
is stored once per pack version (``store.cache.put_pack_table``), not with every document.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from rules.schema import (
    ElementsCriterion,
    ProximityCriterion,
    RulePack,
    TermsCriterion,
    TermSet,
    expand_phrases,
    termset_phrases,
)

PHRASE, PATTERN, STEM = "p", "t", "s"
_SEP = "\x1f"


def termset_elements(terms: TermSet, pack: RulePack) -> list[str]:
    """The elements of a term set: its expanded phrases, token patterns and stem phrases."""
    stems = expand_phrases(list(terms.stems), pack.term_lists) if terms.stems else []
    return sorted({
        *(_element(PHRASE, p) for p in termset_phrases(terms, pack.term_lists)),
        *(_element(PATTERN, json.dumps(p, sort_keys=True)) for p in terms.patterns or []),
        *(_element(STEM, s) for s in stems),
    })


def phrase_elements(phrases: list[str]) -> list[str]:
    """The elements of plain phrases."""
    return sorted({_element(PHRASE, p) for p in phrases})


def element_kind(element: str) -> tuple[str, str]:
    """(kind, definition) of an element string."""
    kind, _, definition = element.partition(_SEP)
    return kind, definition


def element_id(element: str) -> str:
    """The short digest that stands for an element."""
    return _digest(element)


def signature(element_ids: frozenset[str]) -> str:
    """The digest of a key's element ids: equal signatures find equal hits."""
    return _digest(" ".join(sorted(element_ids)))


def _element(kind: str, definition: str) -> str:
    return f"{kind}{_SEP}{definition}"


def _digest(text: str) -> str:
    # 64 bits: a collision among a pack's few thousand elements would take ~10^9 packs' worth
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class PackTable:
    """What every match key of one pack version looks for."""

    signatures: dict[str, str]  # match key -> signature
    elements: dict[str, frozenset[str]]  # signature -> element ids
    definitions: dict[str, str] = field(default_factory=dict)  # element id -> element (not stored)


_tables: dict[str, PackTable] = {}


def pack_table(pack: RulePack) -> PackTable:
    """The table of ``pack`` (cached per content hash)."""
    cached = _tables.get(pack.content_hash)
    if cached is not None:
        return cached
    table = PackTable({}, {}, {})
    for key, terms in termsets(pack):
        _sign(table, key, termset_elements(terms, pack))
    for name, doc_class in pack.document_classes.items():
        if doc_class.text_phrases:
            _sign(table, pack.class_rule_id(name), phrase_elements(expand_phrases(doc_class.text_phrases,
                                                                                   pack.term_lists)))
    if pack.content_hash:
        _tables[pack.content_hash] = table
    return table


def encode_table(table: PackTable) -> bytes:
    """A pack table as compressed bytes for the cache (its definitions are left out)."""
    return zlib.compress(pickle.dumps((table.signatures, table.elements), pickle.HIGHEST_PROTOCOL))


def decode_table(payload: bytes) -> PackTable:
    """The pack table of :func:`encode_table`'s bytes."""
    signatures, elements = pickle.loads(zlib.decompress(payload))  # noqa: S301 - bukti's own database
    return PackTable(signatures, elements)


def termsets(pack: RulePack) -> Iterator[tuple[str, TermSet]]:
    """(match key, term set) for every term set of the pack's rules."""
    for rules in pack.indicator_rules:
        yield pack.topic_rule_id(rules.indicator), rules.topic
        for number, level in rules.levels.items():
            for criterion in level.criteria:
                rule_id = pack.rule_id(rules.indicator, number, criterion.id)
                if isinstance(criterion, TermsCriterion):
                    yield rule_id, criterion
                elif isinstance(criterion, ElementsCriterion):
                    for n, element in enumerate(criterion.elements):
                        yield element_key(rule_id, n), element
                    if criterion.near is not None:
                        yield near_key(rule_id), criterion.near
                elif isinstance(criterion, ProximityCriterion):
                    for n, group in enumerate(criterion.groups):
                        yield group_key(rule_id, n), group


def element_key(rule_id: str, n: int) -> str:
    """The match key of element ``n`` of an elements criterion."""
    return f"{rule_id}#e{n}"


def group_key(rule_id: str, n: int) -> str:
    """The match key of group ``n`` of a proximity criterion."""
    return f"{rule_id}#g{n}"


def near_key(rule_id: str) -> str:
    """The match key of a criterion's ``near`` anchor terms."""
    return f"{rule_id}#near"


def _sign(table: PackTable, key: str, elements: list[str]) -> None:
    ids = {element_id(e): e for e in elements}
    sig = signature(frozenset(ids))
    table.signatures[key] = sig
    table.elements[sig] = frozenset(ids)
    table.definitions.update(ids)
