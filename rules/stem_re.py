"""The ``re`` that PySastrawi's modules see: the same results without thrashing Python's pattern cache.

Sastrawi calls the module functions ``re.match`` / ``re.sub`` with ~50 constant patterns, and
after every affix it takes off, ``re.sub(result, '', word, count=1)`` with the *remaining word
as the pattern* (five visitors compute the removed part that way). Each word is then a new
pattern: Python's ``re`` compiles it and stores it in its cache of 512, which it empties oldest
first, so every ~512 words the constant patterns were dropped and compiled again too (3,369
compiles over the 30 files of ``compare.py text`` in one process).

:class:`StemmerRe` keeps the constant patterns compiled in a dictionary of its own and
removes a pattern made only of letters and digits with ``str.replace``: such a pattern matches
itself literally (no character of it is special to ``re``, and Sastrawi passes no flags there),
so the first occurrence is removed either way, and an empty pattern removes nothing either way.
Anything else goes to ``re`` as before. :func:`install` makes it the ``re`` of every loaded
``Sastrawi`` module; nothing else in the process sees it. ``tests/rules/test_stem_re.py``
compares stems with an untouched Sastrawi on corpus words and generated affixed forms.
"""

from __future__ import annotations

import re
import sys
from typing import Any

_MAX_PATTERNS = 256  # Sastrawi has ~50 constant patterns; anything past this is not kept


class StemmerRe:
    """The subset of ``re`` that Sastrawi uses (``match``, ``sub``, flags), same results."""

    IGNORECASE = re.IGNORECASE
    MULTILINE = re.MULTILINE

    def __init__(self) -> None:
        self._compiled: dict[tuple[str, int], re.Pattern[str]] = {}

    def _pattern(self, pattern: str, flags: int) -> re.Pattern[str]:
        key = (pattern, flags)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = re.compile(pattern, flags)
            if len(self._compiled) < _MAX_PATTERNS:
                self._compiled[key] = compiled
        return compiled

    def match(self, pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        return self._pattern(pattern, flags).match(string)

    def sub(self, pattern: str, repl: str, string: str, count: int = 0, flags: int = 0) -> str:
        if not flags and repl == "" and (pattern == "" or pattern.isalnum()):
            # a literal pattern: re.sub would remove its first ``count`` occurrences, left to right
            return string.replace(pattern, "", count if count > 0 else -1)
        return self._pattern(pattern, flags).sub(repl, string, count)

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)  # whatever else a Sastrawi version may use: the real module


def install() -> int:
    """Give every loaded ``Sastrawi`` module that imported ``re`` a shared :class:`StemmerRe`.

    Returns how many modules now use it. Call after Sastrawi's stemmer is built (its factory
    imports every visitor and disambiguator module).
    """
    shared = StemmerRe()
    count = 0
    for name, module in list(sys.modules.items()):
        if (name == "Sastrawi" or name.startswith("Sastrawi.")) and getattr(module, "re", None) is re:
            module.re = shared  # type: ignore[attr-defined]
            count += 1
    return count


__all__ = ["StemmerRe", "install"]
