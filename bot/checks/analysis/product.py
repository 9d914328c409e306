"""The sparse product of entries (binary, as term ids) with the candidate categories' weights.

The weights are postings per term (CSR by term). A term that most candidates use (`does`,
`in`, `arXiv` in every category of a list of papers) has hundreds of postings, met by every
entry using it: on a list of thousands of small sections such terms are nearly all the
work. They are also kept as dense rows, added to an entry's scores at once.

Exact: each score is the sum of its entry's terms' weights in the order of the entry's
terms, whichever way it is computed (scattered one posting at a time, or term position by
term position with dense rows, where a category without the term adds 0.0, which changes
no sum of positive weights).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bot.checks.analysis.pairs import Pairs

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]

_DENSE_SHARE = 4  # a term one candidate in four or more uses is also kept as a dense row
_MAX_POSITIONS = 64  # term positions added in turn at most; longer entries are scattered


class Product:
    """Candidates' weights by term: the columns of the candidates using term t are
    `columns[indptr[t]:indptr[t + 1]]`, their weights `values[…]` alike."""

    def __init__(self, columns: Ints, values: Floats, indptr: Ints, total: int) -> None:
        self.columns, self.values, self.indptr, self.total = columns, values, indptr, total
        counts = np.diff(indptr)
        dense = np.flatnonzero(counts * _DENSE_SHARE >= max(total, 1))
        self._row: Ints = np.full(len(counts), -1, dtype=np.intp)
        self._row[dense] = np.arange(len(dense))
        self._dense: Floats = np.zeros((len(dense), total))
        postings = _ranges(indptr[dense], counts[dense])
        self._dense[np.repeat(np.arange(len(dense)), counts[dense]), columns[postings]] = (
            values[postings])

    def dots(self, pairs: Pairs) -> Floats:
        """entries × candidates: each entry's summed weights of its terms, per candidate."""
        lengths = np.diff(np.append(pairs.starts, len(pairs.terms)))
        longest = int(lengths.max(initial=0))
        if longest > _MAX_POSITIONS or not (self._row[pairs.terms] >= 0).any():
            cells, values = self._postings(pairs.terms, pairs.owners)
            dots = np.bincount(cells, weights=values, minlength=len(lengths) * self.total)
            return dots.astype(np.float64, copy=False).reshape(len(lengths), self.total)
        return self._by_position(pairs, lengths, longest)

    def _postings(self, terms: Ints, owners: Ints) -> tuple[Ints, Floats]:
        """(cell, weight): each pair meets the candidates using its term, one posting each;
        cells are numbered entry by entry."""
        first = self.indptr[terms]
        counts = self.indptr[terms + 1] - first
        postings = _ranges(first, counts)
        cells = np.repeat(owners, counts) * self.total + self.columns[postings]
        return cells, self.values[postings]

    def _by_position(self, pairs: Pairs, lengths: Ints, longest: int) -> Floats:
        """Every entry's first term, then every entry's second … (the order each score is
        summed in): a dense row at once, a rare term's postings scattered. Within one
        position an entry has one term, so no cell is added to twice at once."""
        dots = np.zeros((len(lengths), self.total))
        flat = dots.reshape(-1)
        position = np.arange(len(pairs.terms)) - np.repeat(pairs.starts, lengths)
        order = np.argsort(position, kind="stable")
        bounds = np.concatenate(([0], np.cumsum(np.bincount(position, minlength=longest))))
        for j in range(longest):
            at = order[bounds[j] : bounds[j + 1]]
            owners, terms = pairs.owners[at], pairs.terms[at]
            rows = self._row[terms]
            dense = rows >= 0
            dots[owners[dense]] += self._dense[rows[dense]]
            sparse = ~dense
            cells, values = self._postings(terms[sparse], owners[sparse])
            flat[cells] += values
        return dots


def _ranges(starts: Ints, counts: Ints) -> Ints:
    """The indices of the ranges [start, start + count), one after another."""
    offsets = np.cumsum(counts) - counts
    ranges: Ints = np.arange(int(counts.sum())) + np.repeat(starts - offsets, counts)
    return ranges
