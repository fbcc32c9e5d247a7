"""Parse official SPBE evaluation reports (Laporan Hasil Evaluasi, LHE) and check their index.

An LHE printed by KemenPANRB has, in extracted text:

* an index block: ``INDEKS SPBE – <INSTANSI>`` / ``2,98`` / ``(Baik)`` and a table
  ``Nama Indeks Nilai`` with one value per line for SPBE, each ``Domain ...`` and each aspect,
  names wrapping over several lines;
* the per-indicator table after ``Perolehan Nilai Tingkat Kematangan Indikator``: rows numbered
  1..N, the number either before the name or alone on its line, the name wrapping, and the
  level as the last token of the row (``... Instansi Pusat/Pemerintah`` / ``Daerah`` / ``1``).

Rows are read in sequence - a row starts only at the next expected number and only once the
previous row has its level - so a level printed alone on a line is never mistaken for a row
number. Nothing here is specific to one report: the same reader handles 2021-2024 reports of
PermenPANRB 59/2020 (47 rows) and the 2020 reports of 5/2018 (37 rows).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from core.models import ExtractedDocument
from rules.schema import RulePack
from rules.scoring import compute_index

_TABLE_HEADER = re.compile(r"perolehan\s+nilai\s+tingkat\s+kematangan", re.IGNORECASE)
_ROW_START = re.compile(r"^\s*(\d{1,2})(?:\s+(\S.*))?$")
_VALUE = r"\d[,.]\d{1,2}"
_INDEX_HEADING = re.compile(r"^\s*INDEKS\s+SPBE\s*[–—-]", re.IGNORECASE)
_VALUE_LINE = re.compile(rf"^\s*({_VALUE})\s*$")
_PREDICATE_LINE = re.compile(r"^\s*\(\s*([A-Za-z][A-Za-z ]+?)\s*\)\s*$")
_VALUES_HEADER = re.compile(r"^\s*nama\s+indeks\s+nilai\b", re.IGNORECASE)
_NAMED_VALUE = re.compile(rf"^(.*?)\s*({_VALUE})\s*$")
_VALUES_END = re.compile(r"^\s*(kekuatan|[A-H]\.\s)", re.IGNORECASE)
_YEAR = re.compile(r"\btahun\s+(20\d\d)\b", re.IGNORECASE)
_NUMBERED_YEAR = re.compile(r"\b(?:nomor|no\.?)\s*\d+\s+tahun\s+20\d\d", re.IGNORECASE)
FRAMEWORK_BY_ROWS = {47: "59/2020", 37: "5/2018"}
_NUMBERED_NAMES = frozenset({"sektor"})  # "Layanan Publik Sektor 1": names that end in a number


class ParsedReport(BaseModel):
    """What an LHE prints: per-indicator levels, the index and the predicate."""

    model_config = ConfigDict(extra="forbid")

    year: int | None = None
    index: float | None = None
    predicate: str | None = None
    levels: dict[str, int] = Field(default_factory=dict)  # row number as printed -> level
    domain_indices: list[float] = Field(default_factory=list)  # printed order
    aspect_indices: list[float] = Field(default_factory=list)  # printed order

    @property
    def framework(self) -> str | None:
        """ "59/2020" for 47 rows, "5/2018" for 37, else None."""
        return FRAMEWORK_BY_ROWS.get(len(self.levels))

    @property
    def complete(self) -> bool:
        return self.index is not None and self.framework is not None


class ReportCheck(BaseModel):
    """The printed index against the one recomputed from the printed levels."""

    model_config = ConfigDict(extra="forbid")

    printed: float
    recomputed: float
    printed_predicate: str | None
    recomputed_predicate: str
    aspect_differences: dict[str, tuple[float, float]]  # aspect id -> (printed, recomputed), differing only

    @property
    def index_matches(self) -> bool:
        return abs(self.printed - self.recomputed) < 0.005


def parse_lhe(document: ExtractedDocument) -> ParsedReport:
    """Parse an extracted LHE; fields stay empty when the layout is not found."""
    return parse_lhe_pages([p.text for p in document.pages])


def parse_lhe_pages(pages: Sequence[str]) -> ParsedReport:
    """Parse the page texts of an LHE report; fields stay empty where the layout is not found."""
    index, predicate = _headline(pages)
    named = _named_values(pages)
    table_index = next((v for name, v in named if name.upper() == "SPBE"), None)
    return ParsedReport(
        year=_year(pages),
        index=table_index if table_index is not None else index,
        predicate=predicate,
        levels=_levels(pages),
        domain_indices=[v for name, v in named if name.lower().startswith("domain")],
        aspect_indices=[
            v for name, v in named if name.upper() != "SPBE" and not name.lower().startswith("domain")
        ],
    )


def check_report(report: ParsedReport, pack: RulePack) -> ReportCheck:
    """Recompute the index from the parsed levels with ``pack`` (rows = indicator ids)."""
    if report.index is None:
        raise ValueError("the report has no printed index to check")
    ids = [s.id for s in pack.indicators()]
    if sorted(report.levels, key=int) != sorted(ids, key=lambda i: int(i) if i.isdigit() else 0):
        raise ValueError(
            f"the report has {len(report.levels)} indicator rows; pack {pack.name} has {len(ids)}"
        )
    result = compute_index(report.levels, pack)
    aspects = [a for d in result.domains for a in d.aspects]
    differences = {
        a.id: (printed, a.index)
        for a, printed in zip(aspects, report.aspect_indices, strict=False)
        if abs(a.index - printed) >= 0.005
    }
    return ReportCheck(
        printed=report.index,
        recomputed=result.total,
        printed_predicate=report.predicate,
        recomputed_predicate=result.predicate,
        aspect_differences=differences,
    )


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _headline(pages: Sequence[str]) -> tuple[float | None, str | None]:
    """Value and predicate printed under ``INDEKS SPBE – <instansi>``."""
    for text in pages:
        lines = text.splitlines()
        for n, line in enumerate(lines):
            if not _INDEX_HEADING.match(line):
                continue
            value = predicate = None
            for follow in lines[n + 1 : n + 6]:
                if value is None and (m := _VALUE_LINE.match(follow)):
                    value = _number(m.group(1))
                elif value is not None and (m := _PREDICATE_LINE.match(follow)):
                    predicate = " ".join(m.group(1).split()).title()
                    break
            if value is not None:
                return value, predicate
    return None, None


def _named_values(pages: Sequence[str]) -> list[tuple[str, float]]:
    """(name, value) rows of the ``Nama Indeks Nilai`` block; names may wrap over lines."""
    for text in pages:
        lines = text.splitlines()
        start = next((n for n, line in enumerate(lines) if _VALUES_HEADER.match(line)), None)
        if start is None:
            continue
        out: list[tuple[str, float]] = []
        pending: list[str] = []
        for line in lines[start + 1 :]:
            if _VALUES_END.match(line):
                break
            m = _NAMED_VALUE.match(line)
            if m:
                name = " ".join([*pending, m.group(1)]).strip()
                out.append((" ".join(name.split()), _number(m.group(2))))
                pending = []
            elif line.strip():
                pending.append(line.strip())
        return out
    return []


def _levels(pages: Sequence[str]) -> dict[str, int]:
    """Per-indicator levels from the numbered table, read row by row in sequence."""
    start = next((n for n, text in enumerate(pages) if _TABLE_HEADER.search(text)), None)
    if start is None:
        return {}
    rows: dict[str, int] = {}
    expected, current = 1, None
    for page_no, text in enumerate(pages[start:]):
        lines = text.splitlines()
        if page_no == 0:
            header = next(n for n, line in enumerate(lines) if _TABLE_HEADER.search(line))
            lines = lines[header + 1 :]
        for line in lines:
            m = _ROW_START.match(line)
            title = m.group(2) if m else None
            starts = m is not None and int(m.group(1)) == expected and (title is None or title[0].isalpha())
            if starts and (current is None or _row_level(current) is not None):
                _close(rows, expected - 1, current)
                current, expected = [title or ""], expected + 1
            elif current is not None:
                current.append(line)
        if current is not None and _row_level(current) is not None:
            _close(rows, expected - 1, current)  # a row never runs on past a page it completed
            current = None
    _close(rows, expected - 1, current)
    return rows


def _close(rows: dict[str, int], number: int, lines: list[str] | None) -> None:
    level = _row_level(lines) if lines is not None else None
    if level is not None:
        rows[str(number)] = level


def _row_level(lines: list[str]) -> int | None:
    tokens = " ".join(lines).split()
    if len(tokens) < 2 or not tokens[-1].isdigit():
        return None  # the name alone, or no level yet
    if tokens[-2].lower() in _NUMBERED_NAMES:
        return None  # "Layanan Publik Sektor 1": the number belongs to the name, the level follows
    level = int(tokens[-1])
    return level if 0 <= level <= 5 else None


def _year(pages: Sequence[str]) -> int | None:
    """The evaluation year: the most frequent "Tahun YYYY" of the first pages, citations excluded."""
    text = "\n".join(pages[:3])
    text = _NUMBERED_YEAR.sub(" ", text)
    years = Counter(int(y) for y in _YEAR.findall(text))
    return max(years, key=lambda y: (years[y], y)) if years else None
