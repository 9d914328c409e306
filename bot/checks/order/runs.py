"""A list's runs: the groups of sibling entries whose order a reader sees as one sequence.

A run is what awesome-go's alphabetical test sorts as one `<ul>`: the top-level bullets of one
section between two stretches of other text, or the sub-bullets of one parent (a nested list is
sorted on its own level, not with its parent's siblings); or the rows of one table.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from bot.model import Document, Entry, Table

# A line between two entries that keeps them in one list: blank, another list item (a
# link-less group label), an HTML comment, or a line indented under an item.
_LIST_LINE = re.compile(r"^\s*(?:$|[-*+]\s|\d+[.)]\s|<!--)|^\s{2,}\S")

RunKey = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Member:
    """An entry in its run, with the last line of its block (its nested entries included):
    the lines that travel with it when it moves."""

    entry: Entry
    block_end: int


@dataclass(frozen=True, slots=True)
class Run:
    key: RunKey
    members: tuple[Member, ...]
    table: Table | None = None

    @property
    def section(self) -> tuple[str, ...]:
        return self.members[0].entry.section


def runs(document: Document) -> list[Run]:
    """Every run of the document, in reading order of their first entries."""
    groups: dict[RunKey, list[Entry]] = {}
    for key, entry in _keyed(document):
        groups.setdefault(key, []).append(entry)
    ends = _block_ends(document.entries)
    tables = _tables_by_line(document)
    return [
        Run(
            key,
            tuple(Member(e, ends.get(e.line, e.end_line)) for e in entries),
            tables.get(key[1]) if key[0] == "table" else None,
        )
        for key, entries in groups.items()
    ]


def _keyed(document: Document) -> Iterable[tuple[RunKey, Entry]]:
    """(run key, entry) in reading order."""
    starts = [table.line for table in document.tables]
    segment = 0
    previous: Entry | None = None
    parents: list[Entry] = []  # the open bullets above the current one
    for entry in document.entries:
        if previous is not None and _breaks(document, previous, entry):
            segment += 1
            parents = []
        previous = entry
        if entry.kind == "row":
            at = bisect_right(starts, entry.line) - 1
            yield ("table", document.tables[at].line if at >= 0 else 0), entry
            continue
        while parents and parents[-1].depth >= entry.depth:
            parents.pop()
        parent = parents[-1].line if parents else 0
        parents.append(entry)
        yield ("list", entry.section, segment, entry.depth, parent, entry.group), entry


def _breaks(document: Document, previous: Entry, entry: Entry) -> bool:
    """Do two entries in reading order belong to different lists (another section, or
    text between them that is not part of a list)?"""
    if previous.section != entry.section or previous.kind != entry.kind:
        return True
    if entry.kind == "row" or entry.line == previous.end_line + 1:
        return False  # a table's rows, or the next line: nothing between them
    return any(
        not _LIST_LINE.match(document.line_text(n))
        for n in range(previous.end_line + 1, entry.line)
    )


def _block_ends(entries: Iterable[Entry]) -> dict[int, int]:
    """Each bullet's last line, its nested bullets included."""
    ends: dict[int, int] = {}
    open_: list[Entry] = []
    for entry in entries:
        if entry.kind != "bullet":
            open_ = []
            continue
        while open_ and (open_[-1].depth >= entry.depth or open_[-1].section != entry.section):
            open_.pop()
        for parent in open_:
            ends[parent.line] = max(ends.get(parent.line, parent.end_line), entry.end_line)
        open_.append(entry)
    return ends


def _tables_by_line(document: Document) -> dict[object, Table]:
    return {table.line: table for table in document.tables}


def alphabetical_key(entry: Entry) -> tuple[str] | None:
    """The text awesome-go's test sorts an entry by: its name, lower-cased (Go's
    `strings.ToLower` of the link text, compared byte by byte, which for UTF-8 is code-point
    order as in Python)."""
    name = entry.title.strip()
    return (name.lower(),) if name else None
