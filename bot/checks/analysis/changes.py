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
    left = Counter(map(_key, base))
    remaining = left.get  # not left[key]: a Counter's missing key costs a call in Python
    added: set[int] = set()
    for number, key in enumerate(map(_key, head), start=1):
        count = remaining(key, 0)
        if count > 0:
            left[key] = count - 1
        else:
            added.add(number)
    return frozenset(added)


def _key(line: str) -> str:
    """A line as compared: trailing whitespace and which bullet marker it uses set aside."""
    line = line.rstrip()
    marker = _MARKER.match(line)  # `sub` with a template expands it in Python, line by line
    return line if marker is None else f"{marker.group(1)}-{line[marker.end():]}"
