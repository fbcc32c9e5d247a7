"""A new version of a rule pack without matching every document again.

A pack edit usually adds a few phrases or changes thresholds. The previous version's table of
what each key looked for (``rules.signatures``, stored once per pack version) says, under the
new version, for each key that

* that looks for the same (same signature) keeps its hits;
* that looks for more than before keeps its hits if none of the added phrases or patterns
  can match the document: a phrase matches where its words follow each other in the
  document's lower-case tokens (which the stored result keeps; that is what the phrase matcher
  compares), a token pattern needs its anchor word (``rules.anchors``); stem phrases are not
  checked this way;
* that is new gets no hits if none of its phrases or patterns can match.

Anything else (a phrase removed, an added phrase whose words all occur, a stem phrase) and
the document is matched in full. Otherwise the result is the previous hits re-keyed plus the
cheap rest of preparation (``rules.engine.derive``) under the new pack: exactly what matching
in full gives, without tokenising the document (tests/rules/test_rematch.py compares both).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping

from rules.criteria import Prepared
from rules.engine import derive
from rules.hits import Hit
from rules.schema import RulePack
from rules.signatures import PATTERN, PHRASE, PackTable, element_kind, pack_table

# Beyond this share of keys looking for something new a full match is as cheap (and a result of
# another framework, whose keys all differ, is never worth reading).
MAX_CHANGED_SHARE = 0.5
_NO_HITS = ""  # a new key that cannot match: no source key, no hits

_needs: dict[str, list[tuple[str, ...] | None]] = {}  # element id -> token runs each way needs


class _Tokens:
    """The document's lower-case tokens (text and title)."""

    def __init__(self, *runs: list[str]) -> None:
        self.runs = runs

    def contains(self, words: tuple[str, ...]) -> bool:
        """True when ``words`` occur one after the other somewhere (never for no words)."""
        if not words:
            return False  # an empty phrase: the phrase matcher never matches it either
        wanted, n = list(words), len(words)
        for run in self.runs:
            i = -1
            try:  # list.index scans in C: most checked words do not occur at all
                while True:
                    i = run.index(wanted[0], i + 1)
                    if run[i : i + n] == wanted:
                        return True
            except ValueError:
                continue
        return False


def rematch(previous: Prepared, pack: RulePack, before: PackTable) -> Prepared | None:
    """``previous`` (matched with the pack ``before`` describes) brought to ``pack`` without
    tokenising; None when it must be matched in full."""
    matches = previous.matches
    now = pack_table(pack)
    by_signature = {sig: key for key, sig in before.signatures.items()}
    changed = [key for key, sig in now.signatures.items() if sig not in by_signature]
    if not by_signature or len(changed) > MAX_CHANGED_SHARE * len(now.signatures):
        return None
    words = _Tokens(matches.tokens, matches.title_tokens)
    sources = {key: by_signature[sig] for key, sig in now.signatures.items() if sig in by_signature}
    for key in changed:
        source = _grown_source(key, before, now, words)
        if source is None:
            return None
        sources[key] = source
    hits = _rekeyed(matches.hits, sources)
    titles = {key: matches.title_spans[src] for key, src in sources.items() if src in matches.title_spans}
    return derive(dataclasses.replace(matches, hits=hits, title_spans=titles), pack)


def _rekeyed(hits: Mapping[str, list[Hit]], sources: dict[str, str]) -> Mapping[str, list[Hit]]:
    """The hits of key ``sources[k]`` under each key ``k``. A decoded result's hits are built on
    reading (``pipeline.codec.LazyHits``): re-keyed without building them, which cost as much
    as the rest of re-matching a document."""
    rekeyed = getattr(hits, "rekeyed", None)
    if rekeyed is not None:
        return rekeyed(sources)
    return {key: hits[src] for key, src in sources.items() if src in hits}


def _grown_source(key: str, before: PackTable, now: PackTable, words: _Tokens) -> str | None:
    """The previous key whose hits ``key`` has now, _NO_HITS, or None (match in full)."""
    looks_for = now.elements[now.signatures[key]]
    looked_for = before.elements.get(before.signatures.get(key, ""))
    if looked_for is None:  # a new key: only if nothing it looks for can match
        added, source = looks_for, _NO_HITS
    elif looked_for <= looks_for:
        added, source = looks_for - looked_for, key
    else:
        return None  # something removed: the stored hits may include its matches
    if any(_may_match(now.definitions[e], e, words) for e in added):
        return None
    return source


def _may_match(element: str, element_id: str, words: _Tokens) -> bool:
    """False only when ``element`` cannot match the document's tokens."""
    if element_id not in _needs:
        _needs[element_id] = _runs_needed(element)
    return any(run is None or words.contains(run) for run in _needs[element_id])


def _runs_needed(element: str) -> list[tuple[str, ...] | None]:
    """For each way the element can match, the token run it needs (None: cannot tell)."""
    kind, definition = element_kind(element)
    if kind == PHRASE:  # each casing variant the phrase matcher holds, as it compares them (LOWER)
        from rules.matcher import _phrase_docs  # spaCy, in the worker that re-matches

        return [tuple(t.lower_ for t in doc) for doc in _phrase_docs([definition])]
    if kind == PATTERN:
        from rules.anchors import pattern_anchor  # a module that imports spaCy

        anchor = pattern_anchor(json.loads(definition))
        if anchor is not None and anchor.lowers is not None:
            return [(word,) for word in anchor.lowers]
    return [None]  # stems, patterns anchored on flags or text


__all__ = ["rematch"]
