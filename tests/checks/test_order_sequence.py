"""The order check's fast paths agree with the plain ways: the heaviest kept chain is the one
the Fenwick queries with max() found (ties included); lists break where the lines between
them say so."""

from __future__ import annotations

import importlib
import random
from itertools import pairwise

import pytest

from bot.checks.order import sequence
from bot.parse import parse

# the module, which the package's `runs` function hides
runs = importlib.import_module("bot.checks.order.runs")


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


def test_breaks_as_when_every_line_between_is_read() -> None:
    rng = random.Random(9)
    lines = ["- [a](https://a.org)", "  - [b](https://b.org)", "", "text", "## H",
             "| [r](https://r.org) |", "| --- |", "* [c](https://c.org) - c."]
    for _ in range(500):
        doc = parse("\n".join(rng.choice(lines) for _ in range(rng.randint(1, 12))) + "\n")
        for previous, entry in pairwise(doc.entries):
            between = range(previous.end_line + 1, entry.line)
            expected = previous.section != entry.section or previous.kind != entry.kind or (
                entry.kind != "row"
                and any(not runs._LIST_LINE.match(doc.line_text(n)) for n in between)
            )
            assert runs._breaks(doc, previous, entry) == expected
