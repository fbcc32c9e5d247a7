"""Reading order for sparse pages (covers) whose content stream is not in visual order.

PDFium returns text in content-stream order. On body pages that is the reading order (and
reordering by position would interleave columns and tables), but covers made in design tools
often draw their lines in any order: the 2021 LHE cover streams "Deputi ... / Kementerian ..."
before "LAPORAN HASIL EVALUASI" at the top. A first page with only a handful of text runs, at
least one of which is drawn above an earlier one, and no two runs side by side (a one-page letter
with two signature columns is streamed column by column, which is its reading order), is
therefore re-read top to bottom. Each run's text is taken from the characters whose centre lies
in its box, so tightly spaced large capitals are not read twice. Every other page keeps PDFium's
text unchanged (``extractors.formats.pdf`` calls this for the first page only).
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium

MAX_SPARSE_RUNS = 20  # a cover or title page; a body page has many more text runs
MIN_UPWARD_JUMP = 20.0  # points: a later run this far above an earlier one breaks visual order
MIN_COLUMN_GAP = 24.0  # points between two runs on one line: columns, not words of one line


@dataclass(frozen=True)
class Run:
    """One text run of a page: its box (PDF points, origin bottom left) and text."""

    left: float
    bottom: float
    right: float
    top: float
    text: str

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def out_of_order(runs: list[Run]) -> bool:
    """Whether some run is drawn clearly above the run streamed before it."""
    return any(b.top - a.top > MIN_UPWARD_JUMP for a, b in zip(runs, runs[1:], strict=False))


def side_by_side(runs: list[Run]) -> bool:
    """Whether two runs share a line without overlapping horizontally (columns, not a cover)."""
    for i, a in enumerate(runs):
        for b in runs[i + 1 :]:
            same_line = abs(a.middle - b.middle) <= max(1.0, (a.top - a.bottom) / 2)
            if same_line and max(b.left - a.right, a.left - b.right) > MIN_COLUMN_GAP:
                return True
    return False


def visual_lines(runs: list[Run]) -> list[str]:
    """Runs grouped into lines (overlapping vertical middles), top to bottom, left to right."""
    lines: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (-r.top, r.left)):
        if lines:
            last = lines[-1][0]
            if abs(run.middle - last.middle) <= max(1.0, (last.top - last.bottom) / 2):
                lines[-1].append(run)
                continue
        lines.append([run])
    return [" ".join(r.text for r in sorted(line, key=lambda r: r.left)) for line in lines]


def _runs(textpage: pdfium.PdfTextPage) -> list[Run]:
    rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
    chars: list[list[str]] = [[] for _ in rects]
    for index in range(textpage.count_chars()):
        left, bottom, right, top = textpage.get_charbox(index)
        x, y = (left + right) / 2, (bottom + top) / 2
        for k, (r_left, r_bottom, r_right, r_top) in enumerate(rects):
            if r_left <= x <= r_right and r_bottom <= y <= r_top:
                chars[k].append(textpage.get_text_range(index, 1))
                break
    runs = []
    for (left, bottom, right, top), run_chars in zip(rects, chars, strict=True):
        text = " ".join("".join(run_chars).split())
        if text:
            runs.append(Run(left, bottom, right, top, text))
    return runs


def sparse_page_text(textpage: pdfium.PdfTextPage) -> str | None:
    """The page's text in visual order when it is a sparse page streamed out of order, else None."""
    if textpage.count_rects() > MAX_SPARSE_RUNS:
        return None
    runs = _runs(textpage)
    if not out_of_order(runs) or side_by_side(runs):
        return None
    return "\n".join(visual_lines(runs))


__all__ = ["Run", "out_of_order", "side_by_side", "sparse_page_text", "visual_lines"]
