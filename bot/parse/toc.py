"""Which in-page link lists make the page's table of contents.

Every list item whose links all point into the page (`- [Tools](#tools)`) is an in-page
link, but only one block of them is the page's TOC. A short index elsewhere (`- [Venmo](#payments)`
among a section's entries, a chapter's own two-line "Table of Contents") must not make every
heading of the page "missing from the TOC". A block is a run of such items with no heading
and no entry between them; the TOC is the first block under a contents heading, else the
largest block of at least `MIN_LINKS` links.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from bot.model import Entry, Heading, TocLink

MIN_LINKS = 3  # fewer in-page links, not under a contents heading, are an index, not the TOC
_GEMOJI = re.compile(r":[a-z0-9_+-]+:|&[a-z]+;")  # ':anger:', '&nbsp;' as written
_NOT_WORDS = re.compile(r"[^\w\s]+|_")
_CONTENTS = re.compile(
    r"^(?:table of contents|contents|toc|index|categories|sections|overview|目录|目錄|目次)$"
)


def is_contents_heading(text: str) -> bool:
    """'📖 Contents', ':anger: Table of Contents', '目录' …: the heading of a TOC."""
    words = _NOT_WORDS.sub(" ", _GEMOJI.sub(" ", text.lower()))
    return bool(_CONTENTS.match(" ".join(words.split())))


def page_toc(
    links: list[TocLink], headings: list[Heading], entries: list[Entry]
) -> tuple[list[TocLink], list[TocLink]]:
    """(the page's TOC, the other in-page link items), each in line order."""
    blocks = link_blocks(links, headings, entries)
    toc = _choose(blocks, headings)
    others = [link for block in blocks if block is not toc for link in block]
    return (toc or []), others


def link_blocks(
    links: Sequence[TocLink], headings: Sequence[Heading], entries: Sequence[Entry]
) -> list[list[TocLink]]:
    """Runs of in-page links with no heading and no entry between two of them."""
    stops = sorted([h.line for h in headings] + [e.line for e in entries])
    blocks: list[list[TocLink]] = []
    for link in sorted(links, key=lambda t: t.line):
        if blocks and not _stop_between(stops, blocks[-1][-1].line, link.line):
            blocks[-1].append(link)
        else:
            blocks.append([link])
    return blocks


def _stop_between(stops: list[int], after: int, before: int) -> bool:
    index = bisect.bisect_right(stops, after)
    return index < len(stops) and stops[index] < before


def _choose(blocks: list[list[TocLink]], headings: list[Heading]) -> list[TocLink] | None:
    lines = [h.line for h in headings]
    for block in blocks:
        above = bisect.bisect_left(lines, block[0].line) - 1
        if above >= 0 and is_contents_heading(headings[above].text):
            return block
    large = [block for block in blocks if len(block) >= MIN_LINKS]
    return max(large, key=len) if large else None  # max keeps the first of equals
