"""Which lines of the head a pull request wrote, compared as text (no line diff needed)."""

from __future__ import annotations

import re
from collections import Counter

# A bullet's marker: `* x`, `- x` and `+ x` render alike, so a file switched from one to
# another (a maintainer's tidy-up) wrote none of the words on those lines anew. Anchored at
# the line's start: unanchored, a line of spaces is tried from each of them (quadratic).
_MARKER = re.compile(r"^(\s*)[*+-](?= )")

# Several checks ask about the same base and head in one review: the last answer is kept
# (one, so memory stays bounded), known by the very tuples it was asked about.
_last: tuple[tuple[str, ...], tuple[str, ...], frozenset[int]] | None = None


def added_lines(base: tuple[str, ...], head: tuple[str, ...]) -> frozenset[int]:
    """Head lines whose text the base holds fewer times: linear, unlike a line diff."""
    global _last
    last = _last
    if last is not None and last[0] is base and last[1] is head:
        return last[2]
    added = _added_lines(base, head)
    _last = (base, head, added)
    return added


def _added_lines(base: tuple[str, ...], head: tuple[str, ...]) -> frozenset[int]:
    left = Counter(_keys(base))
    # only head lines whose text the base holds at all are counted off one by one (a PR
    # adding thousands of lines finds few of them in the base); the rest are added
    keys = _keys(head)
    present = [number for number, key in enumerate(keys, start=1) if key in left]
    kept: list[int] = []
    for number in present:
        key = keys[number - 1]
        count = left[key]
        if count > 0:
            left[key] = count - 1
            kept.append(number)
    return frozenset(range(1, len(head) + 1)).difference(kept)


def _keys(lines: tuple[str, ...]) -> list[str]:
    """Each line as compared: trailing whitespace and which bullet marker it uses set aside.
    A `-` bullet is its own key, so only a line holding `* ` or `+ ` is asked the marker."""
    return [
        _marked(line) if ("* " in line or "+ " in line) else line
        for line in map(str.rstrip, lines)
    ]


def _marked(line: str) -> str:
    marker = _MARKER.match(line)  # `sub` with a template expands it in Python, line by line
    return line if marker is None else f"{marker.group(1)}-{line[marker.end():]}"
