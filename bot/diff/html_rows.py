"""HTML table rows a change wrote outside their table.

A list kept as an HTML `<table>` gets a new `<tr>` line after the `</table>` (or before the
`<table>`): GitHub's sanitiser parses the page as HTML, where a row or cell tag outside a table
is dropped, so the row's cells show run together as a line of text under the table. Blank
lines inside a table do not matter (the HTML blocks are joined again), the table tags do.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from bot.diff.written import lines_the_base_lacks
from bot.model import Breakage, Document
from bot.parse import Block

_ROW = re.compile(r"\s*<(?:tr|td|th)\b", re.IGNORECASE)
_TABLE_TAG = re.compile(r"<(/?)table\b", re.IGNORECASE)


def stray_html_rows(
    head: Document, top: list[Block], written: list[int]
) -> list[Breakage]:
    """The `written` lines (new, opening with `<tr>`, `<td>` or `<th>`) that HTML blocks hold
    outside every `<table>`, next to one with no heading between."""
    outside, opened, closed = _table_depths(head, top, set(written))
    headings = [h.line for h in head.headings]
    found = []
    for line in sorted(outside):
        at = bisect_right(closed, line)
        if at and not heading_between(headings, closed[at - 1], line):
            found.append(Breakage("stray-html-row", line, 0, None, "</table>", closed[at - 1]))
            continue
        at = bisect_right(opened, line)
        if at < len(opened) and not heading_between(headings, line, opened[at]):
            found.append(Breakage("stray-html-row", line, 0, None, "<table>", opened[at]))
    return found


def new_row_lines(base: Document, head: Document) -> list[int]:
    """Head lines opening with a row or cell tag that the base holds fewer times."""
    candidates = [n for n, text in enumerate(head.lines, 1) if "<" in text and _ROW.match(text)]
    if not candidates:
        return []
    return lines_the_base_lacks(
        (t for t in base.lines if "<" in t and _ROW.match(t)), head, candidates)


def _table_depths(
    head: Document, top: list[Block], wanted: set[int]
) -> tuple[set[int], list[int], list[int]]:
    """Of the `wanted` lines, those HTML blocks hold outside every table; and the lines
    where tables open and close, in order."""
    depth = 0
    outside: set[int] = set()
    opened: list[int] = []
    closed: list[int] = []
    for block in top:
        if block.kind != "html":
            continue
        for n in range(block.line, block.end_line + 1):
            if depth == 0 and n in wanted:
                outside.add(n)
            for tag in _TABLE_TAG.finditer(head.line_text(n)):
                if tag.group(1):
                    depth = max(0, depth - 1)
                    closed.append(n)
                else:
                    depth += 1
                    opened.append(n)
    return outside, opened, closed


def heading_between(headings: list[int], first: int, last: int) -> bool:
    """Whether a heading (of the sorted `headings` lines) stands between two lines."""
    at = bisect_right(headings, first)
    return at < len(headings) and headings[at] < last
