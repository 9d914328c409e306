"""Orders over sequences of keys: is it sorted, and which items must move to sort it.

Keys are anything comparable; `None` marks an item that takes no part (a row with no date).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import pairwise

# A name as one text, a date as (year, month, day) or a position: tuples compare item by item.
Key = tuple[str | int, ...]


def is_sorted(keys: Sequence[Key | None]) -> bool:
    """Non-decreasing, ignoring the items with no key."""
    present = [key for key in keys if key is not None]
    return all(not (b < a) for a, b in pairwise(present))


def distinct(keys: Sequence[Key | None]) -> int:
    return len({key for key in keys if key is not None})


def kept(keys: Sequence[Key | None], weights: Sequence[int]) -> set[int]:
    """The indexes of a heaviest non-decreasing subsequence: the items that stay where they
    are, so that moving every other keyed item (into the gap its key belongs in) sorts the
    whole. Weighing the items that were there before far above the new ones keeps the list's
    own order and moves the newcomers. O(n log n): a Fenwick tree of best chains by key rank.
    """
    ranks = sorted({key for key in keys if key is not None})
    size = len(ranks)
    tree: list[tuple[int, int]] = [(0, -1)] * (size + 1)  # (chain weight, last index)
    best: list[tuple[int, int]] = [(0, -1)] * len(keys)  # per item: (weight, predecessor)
    for index, key in enumerate(keys):
        if key is None:
            continue
        rank = bisect_left(ranks, key) + 1
        weight, before = _query(tree, rank)
        best[index] = (weight + weights[index], before)
        _update(tree, rank, (weight + weights[index], index), size)
    _, last = _query(tree, size)
    chain: set[int] = set()
    while last >= 0:
        chain.add(last)
        last = best[last][1]
    return chain


def _query(tree: list[tuple[int, int]], rank: int) -> tuple[int, int]:
    """The heaviest chain ending at a rank up to `rank`: of equal weights, the first met
    (the comparison written out, not max() with a key: it runs for every item)."""
    found = (0, -1)
    while rank > 0:
        node = tree[rank]
        if node[0] > found[0]:
            found = node
        rank -= rank & -rank
    return found


def _update(tree: list[tuple[int, int]], rank: int, value: tuple[int, int], size: int) -> None:
    while rank <= size:
        if value[0] > tree[rank][0]:
            tree[rank] = value
        rank += rank & -rank


def gap(kept_keys: Sequence[Key], key: Key) -> int:
    """How many of the (sorted) kept keys an item with `key` belongs after: after every
    equal one, as a list appends a newcomer to its equals."""
    return bisect_right(kept_keys, key)
