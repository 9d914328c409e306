"""Table cells: where each cell of a table row's line starts and ends."""

from __future__ import annotations

import re
from itertools import pairwise

_CELL_SPLIT = re.compile(r"(?<!\\)\|")  # GFM splits cells on every unescaped pipe


def cell_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each cell's stripped text in a table row line."""
    bounds = [m.start() for m in _CELL_SPLIT.finditer(line)]
    stripped = line.rstrip()
    spans: list[tuple[int, int]] = []
    for left, right in pairwise([-1, *bounds, len(line)]):
        cell = line[left + 1 : right]
        start = left + 1 + len(cell) - len(cell.lstrip(" \t"))
        spans.append((start, max(start, left + 1 + len(cell.rstrip(" \t")))))
    # a leading pipe leaves an empty cell before it, a trailing pipe one after it
    if line.lstrip().startswith("|"):
        spans = spans[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        spans = spans[:-1]
    return spans

