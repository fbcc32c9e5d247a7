"""Fonts, paragraph styles and table helpers of the PDF report (``review.export_pdf``).

DejaVu Sans is used when installed (Indonesian text, "…", "→"), else Helvetica. Every text goes
through ``escape`` because reportlab paragraphs parse a small XML markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import LongTable, Paragraph, TableStyle

_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
HEADER_BG = colors.HexColor("#DDE6F0")
GROUP_BG = colors.HexColor("#F1F4F8")
# Cell padding reportlab applies on each side (points): a column is never narrower than its
# header word plus this, so headers such as "Tingkat" are never split inside the word.
CELL_PADDING = 6
CELL_SIZE = 7.5


@dataclass(frozen=True)
class Styles:
    regular: str
    bold: str
    title: ParagraphStyle
    heading: ParagraphStyle
    text: ParagraphStyle
    cell: ParagraphStyle
    head: ParagraphStyle
    small: ParagraphStyle


def _fonts() -> tuple[str, str]:
    for folder in _FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
                pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
            return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def styles() -> Styles:
    """The report's paragraph styles, on the embedded DejaVu fonts when they are installed."""
    regular, bold = _fonts()
    base = getSampleStyleSheet()["Normal"]

    def style(name: str, font: str, size: float, leading: float, before: float = 0, after: float = 0
              ) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, fontName=font, fontSize=size, leading=leading,
                              spaceBefore=before, spaceAfter=after)

    return Styles(
        regular=regular,
        bold=bold,
        title=style("title", bold, 14, 18, after=2),
        heading=style("heading", bold, 10.5, 14, before=8, after=4),
        text=style("text", regular, 8.5, 11),
        cell=style("cell", regular, CELL_SIZE, 9),
        head=style("head", bold, CELL_SIZE, 9),
        small=style("small", regular, 7, 8.5),
    )


def para(text: str, style: ParagraphStyle, bold: bool = False) -> Paragraph:
    """``text`` as a paragraph: escaped, newlines kept, optionally all bold."""
    body = escape(text).replace("\n", "<br/>")
    return Paragraph(f"<b>{body}</b>" if bold else body, style)


def min_width(word: str, s: Styles) -> float:
    """The narrowest column (points) that holds ``word`` as a bold header on one line."""
    return pdfmetrics.stringWidth(word, s.bold, CELL_SIZE) + 2 * CELL_PADDING + 1


def widths(total: float, fixed: Sequence[float | None], headers: Sequence[str], s: Styles) -> list[float]:
    """Column widths filling ``total``: given ones (widened to fit their header words), the rest
    (None) sharing what is left in equal parts."""
    fitted = [None if w is None else max(w, *(min_width(word, s) for word in h.split()))
              for w, h in zip(fixed, headers, strict=True)]
    free = [i for i, w in enumerate(fitted) if w is None]
    left = total - sum(w for w in fitted if w is not None)
    return [w if w is not None else left / len(free) for w in fitted]


def table(rows: list[list[object]], col_widths: Sequence[float], extra: Sequence[tuple] = ()) -> LongTable:
    """A gridded table whose first row is a header repeated on every page."""
    result = LongTable(rows, colWidths=list(col_widths), repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                *extra,
            ]
        )
    )
    return result
