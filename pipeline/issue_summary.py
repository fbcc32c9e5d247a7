"""Repeated issues said once: "3000 halaman kosong: hlm. 1–3000" instead of 3,000 lines.

Every page-level issue stays stored as it is (the review app shows it on its page); only the
lines printed for people are folded, by issue code, once a code repeats on several pages.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.models import Issue

FOLD_FROM = 3  # page issues of one code from which they are folded into one line
MAX_RANGES = 12  # page ranges listed before "…"
_LABELS = {"no_text": "kosong (tanpa teks)"}


def page_ranges(pages: Sequence[int], limit: int = MAX_RANGES) -> str:
    """'1–3, 5, 9–12' for the sorted distinct ``pages``; '…' after ``limit`` ranges."""
    runs: list[tuple[int, int]] = []
    for page in sorted(set(pages)):
        if runs and page == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], page)
        else:
            runs.append((page, page))
    text = ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in runs[:limit])
    return text + (", …" if len(runs) > limit else "")


def issue_lines(issues: Sequence[Issue]) -> list[str]:
    """One line per issue, except page issues repeated on FOLD_FROM pages or more: one line per code."""
    by_code: dict[str, list[Issue]] = {}
    for issue in issues:
        if issue.page is not None:
            by_code.setdefault(issue.code, []).append(issue)
    folded = {code for code, found in by_code.items() if len(found) >= FOLD_FROM}
    lines: list[str] = []
    for issue in issues:
        if issue.code not in folded or issue.page is None:
            lines.append(issue.message)
            continue
        found = by_code[issue.code]
        if issue is not found[0]:
            continue
        label = _LABELS.get(issue.code, "bermasalah")  # the code itself is no text for people
        lines.append(f"{len(found)} halaman {label}: hlm. {page_ranges([i.page or 0 for i in found])}; "
                     f"contoh: {issue.message}")
    return lines
