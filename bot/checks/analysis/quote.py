"""Excerpts of the list quoted in messages: short enough to read in a comment."""

from __future__ import annotations

from bot.model import Entry

TITLE_CHARS = 70  # how much of a title a message quotes


def short(text: str, width: int = 60) -> str:
    """`text`, cut to `width` characters with an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"


def quote_title(entry: Entry, width: int = TITLE_CHARS) -> str:
    """An entry's title in backticks (cut to `width`), or where it is when it has none."""
    title = " ".join(entry.title.split())
    if len(title) > width:
        title = title[: width - 1].rstrip() + "…"
    return f"`{title}`" if title else f"the entry at line {entry.line}"
