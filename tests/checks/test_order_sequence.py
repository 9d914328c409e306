"""The heaviest kept chain is the one the Fenwick queries with max() found: ties included."""

from __future__ import annotations

import random

import pytest

from bot.checks.order import sequence


def _query_with_max(tree: list[tuple[int, int]], rank: int) -> tuple[int, int]:
    found = (0, -1)
    while rank > 0:
        found = max(found, tree[rank], key=lambda pair: pair[0])
        rank -= rank & -rank
    return found


def test_kept_as_with_max_queries(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(7)
    cases = []
    for _ in range(2000):
        size = rng.randint(0, 25)
        keys = [None if rng.random() < 0.1 else (rng.choice("abcde"),) for _ in range(size)]
        weights = [rng.choice([1, 1, 2, 1000]) for _ in range(size)]
        cases.append((keys, weights, sequence.kept(keys, weights)))
    monkeypatch.setattr(sequence, "_query", _query_with_max)
    for keys, weights, found in cases:
        assert sequence.kept(keys, weights) == found, (keys, weights)
