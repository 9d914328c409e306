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
