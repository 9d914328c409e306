"""Scores added term position by term position with dense rows are the scattered ones, bit
for bit: the placement check's rankings and its calibration must not move."""

from __future__ import annotations

import numpy as np
import pytest

from bot.checks.analysis import product as product_module
from bot.checks.analysis.pairs import Pairs
from bot.checks.analysis.product import Product


def _random_product(rng: np.random.Generator) -> tuple[Product, int, int]:
    total, vocab = int(rng.integers(1, 40)), int(rng.integers(1, 60))
    columns, values, counts = [], [], []
    for _ in range(vocab):  # half the terms in every candidate, like `does` or `arXiv`
        used = total if rng.random() < 0.5 else int(rng.integers(0, total + 1))
        columns.append(np.sort(rng.choice(total, size=used, replace=False)))
        values.append(rng.random(used) * 10 ** rng.uniform(-3, 3, used))
        counts.append(used)
    indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.intp)
    return Product(np.concatenate(columns).astype(np.intp), np.concatenate(values), indptr,
                   total), total, vocab


@pytest.mark.parametrize("at_once", [1, 3, 40, 1 << 16])
def test_dots_by_position_equal_the_scattered_sums(
    at_once: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether the postings of one position or of many are found at once."""
    monkeypatch.setattr(product_module, "_POSTINGS", at_once)
    rng = np.random.default_rng(5)
    for _ in range(200):
        product, total, vocab = _random_product(rng)
        ids = [[int(t) for t in rng.choice(vocab, size=int(rng.integers(1, min(vocab, 12) + 1)),
                                           replace=False)]
               for _ in range(int(rng.integers(1, 30)))]
        pairs = Pairs.of(ids)
        cells, values = product._postings(pairs.terms, pairs.owners)
        scattered = np.bincount(cells, weights=values, minlength=len(ids) * total)
        assert product.dots(pairs).tobytes() == scattered.reshape(len(ids), total).tobytes()
