"""Which lines of the head a pull request wrote, compared as text (no line diff needed)."""

from __future__ import annotations

from collections import Counter


def added_lines(base: tuple[str, ...], head: tuple[str, ...]) -> frozenset[int]:
    """Head lines whose text the base holds fewer times: linear, unlike a line diff."""
    left = Counter(line.rstrip() for line in base)
    added: set[int] = set()
    for number, line in enumerate(head, start=1):
        key = line.rstrip()
        if left[key] > 0:
            left[key] -= 1
        else:
            added.add(number)
    return frozenset(added)
