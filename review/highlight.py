"""Highlight matched words in passages, escaping everything else (a passage is untrusted text)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

# Proximity matches join their pieces with an ellipsis ("berpedoman … Nasional").
_PIECES = re.compile(r"\s*(?:…|\.\.\.)\s*")
_MARK_OPEN, _MARK_CLOSE = Markup("<mark>"), Markup("</mark>")


def match_spans(text: str, matched: str) -> list[tuple[int, int]]:
    """Where the pieces of ``matched`` occur in ``text`` (case and spacing ignored), merged."""
    pieces = sorted({p.strip() for p in _PIECES.split(matched) if p.strip()}, key=len, reverse=True)
    if not pieces:
        return []
    pattern = "|".join(r"\s+".join(re.escape(word) for word in piece.split()) for piece in pieces)
    return merge_spans(m.span() for m in re.finditer(pattern, text, flags=re.IGNORECASE))


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping, non-empty spans."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark_spans(text: str, spans: Iterable[tuple[int, int]], anchor: str | None = None) -> Markup:
    """``text`` escaped, each span wrapped in ``<mark>`` (the first with ``id=anchor``); spans are clipped."""
    out: list[Markup] = []
    position = 0
    for start, end in merge_spans((max(0, s), min(len(text), e)) for s, e in spans):
        opening = Markup('<mark id="{}">').format(anchor) if anchor and not out else _MARK_OPEN
        out.extend([escape(text[position:start]), opening, escape(text[start:end]), _MARK_CLOSE])
        position = end
    out.append(escape(text[position:]))
    return Markup("").join(out)


def highlight(quote: str, matched: str) -> Markup:
    """The quote as safe HTML with the matched words marked."""
    return mark_spans(quote, match_spans(quote, matched))
