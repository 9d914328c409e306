"""Markdown structure a change broke: entries that no longer render, and why.

A row pasted between a table's header and its delimiter row, a header that lost a pipe,
an unclosed code fence or `<!--`: the entries below it stop rendering as rows or items, yet
none of their lines was deleted, so the entry diff only sees them "removed" (or, when the
pasted row became the header, sees nothing at all). This names the cause, its line, and
how many entries it costs.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable

from bot.diff.html_rows import heading_between, new_row_lines, stray_html_rows
from bot.diff.written import lines_the_base_lacks
from bot.model import Breakage, BreakKind, Document, Entry, Table
from bot.parse import Block, blocks, html_blocks
from bot.parse.table import split_row, written_cells

# A GFM delimiter row: `|---|:--:|`, `--- | ---`.
_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


def is_delimiter_row(line: str) -> bool:
    return "-" in line and bool(_DELIMITER.match(line))


_BLOCK_BREAKS: dict[str, BreakKind] = {
    "fence": "code-fence", "code": "code-fence", "html": "html-block",
}


# A GFM row needs no leading pipe (`API | Description |`); a heading, list item, quote or
# HTML line holding a `|` is no row.
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_OTHER_BLOCK = re.compile(r"#{1,6}\s|>|[-*+]\s|\d{1,9}[.)]\s|<")


def is_pipe_line(line: str) -> bool:
    text = line.strip()
    if not text or is_delimiter_row(line):
        return False
    return text.startswith("|") or (
        _UNESCAPED_PIPE.search(text) is not None and not _OTHER_BLOCK.match(text)
    )


def breakages(base: Document, head: Document, removed: Iterable[Entry]) -> tuple[Breakage, ...]:
    """What the change broke: tables whose header a pasted row took over, and blocks that
    swallow entries of the base whose lines are still in the head."""
    before = {_as_written(b, base) for b in _hijacked_tables(base)}
    found = [_count_rows(b, head) for b in _hijacked_tables(head)
             if _as_written(b, head) not in before]
    lost = _vanished(head, removed)
    rows = _new_pipe_lines(base, head) if head.tables else []
    html_rows = new_row_lines(base, head)
    if lost or rows:  # what each line renders as: a second parse, when needed
        top = blocks(head.text)
        found.extend(_swallowed(head, top, lost))
        found.extend(_stray_rows(head, top, rows, lost))
        found.extend(stray_html_rows(head, top, html_rows))
    elif html_rows:  # only the HTML blocks matter, known from the head's parse
        found.extend(stray_html_rows(head, html_blocks(head.text), html_rows))
    return tuple(sorted(found, key=lambda b: b.line))


# ----------------------------------------------------------------------------- tables


def _hijacked_tables(doc: Document) -> list[Breakage]:
    """Tables right under a pipe line: a row pasted above the delimiter row became the
    header (GFM takes a paragraph's last line as the header), the real header is text."""
    found = []
    for table in doc.tables:
        above = doc.line_text(table.line - 1)
        if table.line > 1 and is_pipe_line(above):
            found.append(_table_break(doc, table.line, table.line + 1, lost=0))
    return found


def _as_written(breakage: Breakage, doc: Document) -> tuple[str, str, str]:
    return breakage.kind, breakage.detail, doc.line_text(breakage.line).strip()


def _count_rows(breakage: Breakage, head: Document) -> Breakage:
    """The rows that now sit under the pasted row's cells as their header."""
    table = next((t for t in head.tables if t.line == breakage.line), None)
    rows = [e for e in head.entries if table is not None and table.line < e.line <= table.end_line]
    first = rows[0].line if rows else None
    return Breakage(breakage.kind, breakage.line, len(rows), first, breakage.detail,
                    breakage.related_line)


def _table_break(doc: Document, header_line: int, delimiter_line: int, lost: int) -> Breakage:
    """Why the lines above `delimiter_line` do not make a table's header."""
    top = header_line
    while top > 1 and is_pipe_line(doc.line_text(top - 1)):
        top -= 1  # the pipe lines glued above: the real header is the first of them
    header = doc.line_text(top)
    if top < delimiter_line - 1:
        return Breakage("row-above-delimiter", top + 1, lost, None, header.strip(), delimiter_line)
    return Breakage("header-cells", top, lost, None, header.strip(), delimiter_line)


def _cut_off(head: Document, block: Block, count: int, first: int) -> Breakage:
    """Rows with no delimiter row: cut off from the table above by a blank line, or
    never under a header at all."""
    above = block.line - 1
    while above > 0 and not head.line_text(above).strip():
        above -= 1
    table = next((t for t in head.tables if t.line <= above <= t.end_line), None)
    if table is not None and above < block.line - 1:
        header = head.line_text(table.line).strip()
        return Breakage("cut-off", above + 1, count, first, header, table.line)
    return Breakage("no-delimiter", block.line, count, first, head.line_text(block.line).strip())


# ----------------------------------------------------------------------------- stray rows


def _stray_rows(head: Document, top: list[Block], written: list[int], lost: list[int]
                ) -> list[Breakage]:
    """Rows the change wrote outside their table: a pipe line with as many cells as the
    table next to it (no heading between), which GitHub shows as a paragraph of text with
    pipes (after a blank line under the table, say). Lines of the base are left alone:
    a list that writes such lines on purpose did so before."""
    if not written:
        return []
    beside = _Neighbours(head)
    found = []
    for block in top:
        if block.kind != "paragraph" or _holds(lost, block):
            continue
        at = bisect_left(written, block.line)
        if at == len(written) or written[at] > block.end_line:
            continue
        if any(is_delimiter_row(head.line_text(n)) for n in range(block.line, block.end_line + 1)):
            continue  # a table whose header broke: told as such above
        table = beside.table(written[at])
        if table is not None:
            header = head.line_text(table.line).strip()
            found.append(Breakage("stray-row", written[at], 0, None, header, table.line))
    return found


def _holds(lines: list[int], block: Block) -> bool:
    """Whether the sorted `lines` hold one inside the block."""
    at = bisect_left(lines, block.line)
    return at < len(lines) and lines[at] <= block.end_line


def _new_pipe_lines(base: Document, head: Document) -> list[int]:
    """Head pipe lines outside every table that the base holds fewer times, in order."""
    in_table = _in_tables(head)
    candidates = [
        n for n, text in enumerate(head.lines, 1)
        if "|" in text and not in_table[n] and is_pipe_line(text)
    ]
    if not candidates:
        return []
    new = lines_the_base_lacks((text for text in base.lines if "|" in text), head, candidates)
    if not new:
        return []
    # A row the base already kept outside its table, edited (a badge added, a typo fixed),
    # is the base's defect, not the change's: known by its first cell.
    in_base_table = _in_tables(base)
    strays = {_first_cell(text) for n, text in enumerate(base.lines, 1)
              if "|" in text and not in_base_table[n]}
    return [n for n in new if _first_cell(head.line_text(n)) not in strays]


def _in_tables(doc: Document) -> bytearray:
    """One byte a line (1-based): 1 where a table holds the line."""
    in_table = bytearray(len(doc.lines) + 2)
    for table in doc.tables:
        in_table[table.line : table.end_line + 1] = b"\x01" * (table.end_line + 1 - table.line)
    return in_table


def _first_cell(line: str) -> str:
    cells = split_row(line)
    return " ".join(cells[0].split()).lower() if cells and cells[0] else line.strip()


class _Neighbours:
    """The tables around a line, with no heading between (tables and headings by line)."""

    def __init__(self, head: Document) -> None:
        self.head = head
        self.tables = list(head.tables)
        self.ends = [t.end_line for t in self.tables]
        self.headings = [h.line for h in head.headings]

    def table(self, line: int) -> Table | None:
        """The nearest table above or below `line` in its section that it has the shape of
        a row of: as many cells as its header, and a leading pipe if its rows have one."""
        text = self.head.line_text(line).strip()
        cells = len(written_cells(text))
        at = bisect_left(self.ends, line)
        near = []
        if at > 0 and not heading_between(self.headings, self.ends[at - 1], line):
            near.append(self.tables[at - 1])
        if at < len(self.tables) and not heading_between(self.headings, line, self.tables[at].line):
            near.append(self.tables[at])
        for table in near:
            row = self.head.line_text(table.end_line).strip()
            if cells == len(table.header) and (text.startswith("|") or not row.startswith("|")):
                return table
        return None



# ----------------------------------------------------------------------------- swallowed


def _vanished(head: Document, removed: Iterable[Entry]) -> list[int]:
    """Head lines of removed base entries whose lines are all still in the head."""
    removed = list(removed)
    if not removed:  # most PRs remove nothing: no index of the head's lines to make
        return []
    where: dict[str, list[int]] = defaultdict(list)
    inside = {n for e in head.entries for n in range(e.line, e.end_line + 1)}
    for number, text in enumerate(head.lines, 1):
        if number not in inside and text.strip():
            where[" ".join(text.split())].append(number)
    lines = []
    for entry in removed:
        found = [where.get(" ".join(line.split())) for line in entry.raw.splitlines()]
        if found and all(found) and found[0]:
            lines.append(found[0].pop(0))
    return sorted(lines)


def _swallowed(head: Document, top: list[Block], lost: list[int]) -> list[Breakage]:
    """Group the vanished entries by the block that now holds them."""
    groups: dict[Block | None, list[int]] = defaultdict(list)
    for line in lost:
        groups[next((b for b in top if b.line <= line <= b.end_line), None)].append(line)
    return [_cause(head, block, lines) for block, lines in groups.items()]


def _cause(head: Document, block: Block | None, lines: list[int]) -> Breakage:
    count, first = len(lines), lines[0]
    if block is None:
        return Breakage("swallowed", first, count, first)
    if block.kind in _BLOCK_BREAKS:
        return Breakage(_BLOCK_BREAKS[block.kind], block.line, count, first, block.markup)
    if block.kind == "paragraph":
        delimiter = next(
            (n for n in range(block.line, block.end_line + 1)
             if is_delimiter_row(head.line_text(n))),
            None,
        )
        if delimiter is not None and delimiter > block.line:
            broken = _table_break(head, delimiter - 1, delimiter, count)
            return Breakage(broken.kind, broken.line, count, first, broken.detail, delimiter)
        if is_pipe_line(head.line_text(first)):
            return _cut_off(head, block, count, first)
    return Breakage("swallowed", block.line, count, first)

