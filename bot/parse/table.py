"""GFM table rows as written: markdown-it pads or drops cells to the header's width,
so the cell count a contributor actually typed is read from the source line."""

from __future__ import annotations

import re

# GFM splits cells on every pipe not escaped by a backslash, even inside code spans.
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def split_row(line: str) -> list[str]:
    """The raw cells of a table row line, stripped, leading/trailing pipe removed."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [cell.strip() for cell in _CELL_SPLIT.split(body)]


# `[//]: # note` is Markdown's comment idiom (a link reference definition nobody uses).
# Written in a last cell after the row's closing pipe, GitHub drops it as a surplus cell,
# which is what its author wants: a note no reader sees (e.g. the date a row was added).
_COMMENT_CELL = re.compile(r"^\[(?://|comment|#)\]:\s*#")


def written_cells(line: str) -> list[str]:
    """The cells a row shows readers: as written, less a trailing `[//]: #` comment cell."""
    cells = split_row(line)
    if len(cells) > 1 and _COMMENT_CELL.match(cells[-1]):
        return cells[:-1]
    return cells
