"""Which lines of the head a pull request wrote, compared as text (no line diff needed)."""

from __future__ import annotations

import re
from collections import Counter

# A bullet's marker: `* x`, `- x` and `+ x` render alike, so a file switched from one to
# another (a maintainer's tidy-up) wrote none of the words on those lines anew. Anchored at
# the line's start: unanchored, a line of spaces is tried from each of them (quadratic).
_MARKER = re.compile(r"^(\s*)[*+-](?= )")


def added_lines(base: tuple[str, ...], head: tuple[str, ...]) -> frozenset[int]:
    """Head lines whose text the base holds fewer times: linear, unlike a line diff."""
    left = Counter(_key(line) for line in base)
    added: set[int] = set()
    for number, line in enumerate(head, start=1):
        key = _key(line)
        if left[key] > 0:
            left[key] -= 1
        else:
            added.add(number)
    return frozenset(added)


def _key(line: str) -> str:
    """A line as compared: trailing whitespace and which bullet marker it uses set aside."""
    return _MARKER.sub(r"\1-", line.rstrip(), count=1)
