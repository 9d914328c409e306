"""Dates in table cells: which column of a table holds them, and what each row's date is.

A column holds dates when its header says so (Date, Year, Published, Time, Released …) or
when nearly every cell is a date and nothing else (`2024-05-17`, `2024/05`, `2024.05`,
`May 2024`, `17 May 2024`). A date keeps its precision (year, month or day); rows are
compared at the coarsest precision their run uses, so `2024` and `2024-05` are a tie.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.model import Entry, Table

Date = tuple[int, ...]  # (year,), (year, month) or (year, month, day)

_HEADER = re.compile(r"\b(?:dates?|year|published|publication|released?|time|updated)\b", re.I)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = (
    # 2024-05-17, 2024/05/17, 2024.05.17, 2024-05, 2024.05
    re.compile(
        rf"(?<![\d.]){_YEAR}[-/.](?P<month>0?[1-9]|1[0-2])(?:[-/.](?P<day>0?[1-9]|[12]\d|3[01]))?"
        r"(?![\d])"
    ),
    # May 2024, May 17, 2024
    re.compile(rf"\b{_MONTH}\s+(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+)?{_YEAR}\b", re.I),
    # 17 May 2024
    re.compile(rf"\b(?P<day>[0-3]?\d)\s+{_MONTH},?\s+{_YEAR}\b", re.I),
)
_YEAR_ONLY = re.compile(rf"(?<![\d.]){_YEAR}(?![\d])")
_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|<[^>]+>|[*_`~]")
SHARE = 0.8  # of a column's non-empty cells that must be bare dates, when its header is silent


def parse_date(text: str, *, year_alone: bool = False) -> Date | None:
    """The first date written in `text`; a bare year only when `year_alone`."""
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if match is not None:
            return _date(match)
    if year_alone:
        match = _YEAR_ONLY.search(text)
        if match is not None:
            return (int(match.group("year")),)
    return None


def _date(match: re.Match[str]) -> Date:
    parts = match.groupdict()
    year = int(parts["year"])
    month = (
        int(parts["month"])
        if parts.get("month")
        else (_MONTHS.index(parts["mon"][:3].lower()) + 1 if parts.get("mon") else 0)
    )
    day = int(parts["day"]) if parts.get("day") else 0
    return (year, month, day) if day else (year, month)


def plain(cell: str) -> str:
    """A cell's text without links' targets, HTML tags and emphasis."""
    return " ".join(_MARKUP.sub(lambda m: m.group(1) or " ", cell).split())


def date_column(table: Table, rows: Sequence[Entry]) -> str | None:
    """The header of the table's date column, if it has one."""
    for header in table.header:
        if _HEADER.search(header):
            return header
    for index, header in enumerate(table.header):
        if _mostly_dates([row.cells[index][1] for row in rows if index < len(row.cells)]):
            return header
    return None


def _mostly_dates(cells: Sequence[str]) -> bool:
    """Three or more cells, and SHARE of the written ones, are a date and nothing else."""
    written = [cell for cell in cells if cell.strip()]
    allowed = (1 - SHARE) * len(written)  # cells that may be something else
    dates = misses = 0
    for cell in written:
        if _is_bare_date(plain(cell)):
            dates += 1
        else:
            misses += 1
            if misses > allowed:
                return False  # most columns are not dates: stop at the first few cells
    return dates >= 3


def _is_bare_date(cell: str) -> bool:
    return any(pattern.fullmatch(cell) for pattern in _PATTERNS)


def row_date(row: Entry, column: str) -> Date | None:
    return parse_date(plain(row.cell(column) or ""), year_alone=True)


def at_precision(date: Date, precision: int) -> Date:
    return date[:precision]


def shown(date: Date) -> str:
    """A date as the list would write it in ISO order: 2024, 2024-05, 2024-05-17."""
    return "-".join(f"{part:02d}" if i else str(part) for i, part in enumerate(date))
