"""What each match key looks for, as digests a stored match result keeps (``rules.rematch``).

A key's *elements* are what its matchers hold: each phrase (after term-list expansion), each
token pattern, each stem phrase. Each gets a short digest; the key's *signature* is the digest
of its element digests. Two keys with one signature always find the same hits (the matcher
matches them once, ``rules.matcher``); a key whose elements grew by ones that cannot match a
document finds the same hits in it as before.
"""

from __future__ import annotations

import hashlib
import json

from rules.schema import RulePack, TermSet, expand_phrases, termset_phrases

PHRASE, PATTERN, STEM = "p", "t", "s"
_SEP = "\x1f"


def termset_elements(terms: TermSet, pack: RulePack) -> list[str]:
    stems = expand_phrases(list(terms.stems), pack.term_lists) if terms.stems else []
    return sorted({
        *(_element(PHRASE, p) for p in termset_phrases(terms, pack.term_lists)),
        *(_element(PATTERN, json.dumps(p, sort_keys=True)) for p in terms.patterns or []),
        *(_element(STEM, s) for s in stems),
    })


def phrase_elements(phrases: list[str]) -> list[str]:
    return sorted({_element(PHRASE, p) for p in phrases})


def element_kind(element: str) -> tuple[str, str]:
    """(kind, definition) of an element string."""
    kind, _, definition = element.partition(_SEP)
    return kind, definition


def element_id(element: str) -> str:
    return _digest(element)


def signature(element_ids: frozenset[str]) -> str:
    return _digest(" ".join(sorted(element_ids)))


def _element(kind: str, definition: str) -> str:
    return f"{kind}{_SEP}{definition}"


def _digest(text: str) -> str:
    # 64 bits: a collision among a pack's few thousand elements would take ~10^9 packs' worth
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()
