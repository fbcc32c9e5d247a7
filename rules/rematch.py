"""A new version of a rule pack without matching every document again.

A pack edit usually adds a few phrases or changes thresholds. A stored match result keeps
what each of its keys looked for (``rules.signatures``), so under the new version a key

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

from rules.anchors import pattern_anchor
from rules.criteria import Prepared
from rules.engine import derive
from rules.matcher import CompiledPack, DocumentMatches, _phrase_docs, compile_pack
from rules.schema import RulePack
from rules.signatures import PATTERN, PHRASE, element_kind

# Beyond this share of keys looking for something new a full match is as cheap (and a result of
# another framework, whose keys all differ, is never worth reading).
MAX_CHANGED_SHARE = 0.5
_NO_HITS = ""  # a new key that cannot match: no source key, no hits

_needs: dict[str, list[tuple[str, ...] | None]] = {}  # element id -> token runs each way needs


class _Tokens:
    """The document's lower-case tokens (text and title), with where each word occurs."""

    def __init__(self, *runs: list[str]) -> None:
        self.runs = runs
        self._at: list[dict[str, list[int]]] | None = None

    def contains(self, words: tuple[str, ...]) -> bool:
        """True when ``words`` occur one after the other somewhere."""
        if self._at is None:
            self._at = [_positions(run) for run in self.runs]
        n = len(words)
        return any(run[i : i + n] == list(words) for run, at in zip(self.runs, self._at, strict=True)
                   for i in at.get(words[0], ()))


def _positions(run: list[str]) -> dict[str, list[int]]:
    at: dict[str, list[int]] = {}
    for i, word in enumerate(run):
        at.setdefault(word, []).append(i)
    return at


def rematch(previous: Prepared, pack: RulePack) -> Prepared | None:
    """``previous`` brought to ``pack`` without tokenising; None when it must be matched in full."""
    matches = previous.matches
    compiled = compile_pack(pack)
    by_signature = {sig: key for key, sig in matches.signatures.items()}
    changed = [key for key, sig in compiled.signatures.items() if sig not in by_signature]
    if not by_signature or len(changed) > MAX_CHANGED_SHARE * len(compiled.signatures):
        return None
    words = _Tokens(matches.tokens, matches.title_tokens)
    sources = {key: by_signature[sig] for key, sig in compiled.signatures.items() if sig in by_signature}
    for key in changed:
        source = _grown_source(key, matches, compiled, words)
        if source is None:
            return None
        sources[key] = source
    hits = {key: matches.hits[src] for key, src in sources.items() if src in matches.hits}
    titles = {key: matches.title_spans[src] for key, src in sources.items() if src in matches.title_spans}
    again = dataclasses.replace(matches, hits=hits, title_spans=titles, signatures=compiled.signatures,
                                elements=compiled.elements)
    return derive(again, pack)


def _grown_source(key: str, matches: DocumentMatches, compiled: CompiledPack, words: _Tokens) -> str | None:
    """The previous key whose hits ``key`` has now, _NO_HITS, or None (match in full)."""
    now = compiled.elements[compiled.signatures[key]]
    before = matches.elements.get(matches.signatures.get(key, ""))
    if before is None:  # a new key: only if nothing it looks for can match
        added, source = now, _NO_HITS
    elif before <= now:
        added, source = now - before, key
    else:
        return None  # something removed: the stored hits may include its matches
    if any(_may_match(compiled.element_defs[e], e, words) for e in added):
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
        return [tuple(t.lower_ for t in doc) for doc in _phrase_docs([definition])]
    if kind == PATTERN:
        anchor = pattern_anchor(json.loads(definition))
        if anchor is not None and anchor.lowers is not None:
            return [(word,) for word in anchor.lowers]
    return [None]  # stems, patterns anchored on flags or text


__all__ = ["rematch"]
