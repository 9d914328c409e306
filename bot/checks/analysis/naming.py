"""Which entries carry a word of their category's heading, asked of many entries at once.

`names_words` asks it of one entry's terms: a word of the heading, or a term sharing the
root of one. The calibration asks it of every entry of a list (36,000 on a 5 MB list, a
Python test each); here each (category, term id) pair of all of them is looked up among the
headings' words and roots in two array lookups. The same question: an entry's terms are all
in the model's vocabulary, and its links' terms (`@github.com`) are no words and start no
root.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import chain

import numpy as np
import numpy.typing as npt

from bot.checks.analysis.sections import SAME_ROOT, heading_roots

Ints = npt.NDArray[np.intp]
Bools = npt.NDArray[np.bool_]


class Naming:
    """The headings' words and roots as sorted keys of (category, term or root id)."""

    def __init__(self, vocab: Mapping[str, int], headings: Sequence[Mapping[str, float]]) -> None:
        roots = [heading_roots(own) for own in headings]
        root_id = {r: k for k, r in enumerate(dict.fromkeys(chain.from_iterable(roots)))}
        self._size, self._roots = len(vocab), max(len(root_id), 1)
        self._words = np.unique(np.array(
            [c * self._size + vocab[t] for c, own in enumerate(headings) for t in own
             if t in vocab], dtype=np.int64))
        self._root_keys = np.unique(np.array(
            [c * self._roots + root_id[r] for c, own in enumerate(roots) for r in own],
            dtype=np.int64))
        # a term shorter than a root cuts to itself, which no root equals
        self._root_of = np.fromiter(
            (root_id.get(t[:SAME_ROOT], -1) for t in vocab), np.int64, len(vocab))

    def names(self, categories: Ints, terms: Ints) -> Bools:
        """Does each term name its category (pairwise)?"""
        by_word = _among(categories * self._size + terms, self._words)
        roots = self._root_of[terms]
        return by_word | ((roots >= 0) & _among(categories * self._roots + roots,
                                                self._root_keys))


def _among(keys: Ints, known: Ints) -> Bools:
    """Is each key one of the sorted `known`? (A binary search each: np.isin sorts the
    hundreds of thousands of keys too.)"""
    if not len(known):
        return np.zeros(len(keys), dtype=bool)
    found: Bools = known[np.minimum(np.searchsorted(known, keys), len(known) - 1)] == keys
    return found
