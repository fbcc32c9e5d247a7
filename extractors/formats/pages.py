"""Page assembly for the flowing-text extractors (DOCX, ODT): lines and tables, page by page.

Flowing documents have no fixed pages; a page here is what explicit page breaks delimit, so
citations still carry a page number.
"""

from __future__ import annotations

Table = list[list[str]]


class PageBuilder:
    """Accumulates lines and tables, page by page; a break on an empty page is ignored."""

    def __init__(self) -> None:
        self.pages: list[tuple[list[str], list[Table]]] = [([], [])]

    def add_line(self, line: str) -> None:
        self.pages[-1][0].append(line)

    def add_table(self, table: Table) -> None:
        """Keep the table, and its rows as ``cell | cell`` lines in reading order."""
        self.pages[-1][1].append(table)
        for row in table:
            self.add_line(" | ".join(" ".join(cell.split()) for cell in row))

    def break_page(self) -> None:
        lines, tables = self.pages[-1]
        if any(line.strip() for line in lines) or tables:
            self.pages.append(([], []))

    def page_texts(self) -> list[tuple[str, list[Table]]]:
        """(text, tables) per page, trailing empty pages dropped."""
        built = [("\n".join(lines), tables) for lines, tables in self.pages]
        while len(built) > 1 and not built[-1][0].strip():
            built.pop()
        return built
