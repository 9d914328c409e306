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
_POSTINGS = 1 << 16  # rare terms' postings found at once at most (1 MB of cells, of weights)


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
        position an entry has one term, so no cell is added to twice at once.

        The pairs are put in position order once, and the postings of as many positions as
        _POSTINGS allows found at once: found position by position, the numpy calls cost
        more than the sums on a 5 MB list."""
        dots = np.zeros((len(lengths), self.total))
        flat = dots.reshape(-1)
        position = np.arange(len(pairs.terms)) - np.repeat(pairs.starts, lengths)
        order = np.argsort(position, kind="stable")
        owners, terms = pairs.owners[order], pairs.terms[order]
        rows = self._row[terms]
        dense = rows >= 0
        # where each position's pairs, dense pairs, sparse pairs and postings start
        at = _starts(np.bincount(position, minlength=longest))
        dense_at = _starts(dense)[at]
        sparse_at = at - dense_at
        postings_at = _starts(np.where(dense, 0, self.indptr[terms + 1] - self.indptr[terms]))[at]
        dense_owners, dense_rows = owners[dense], rows[dense]
        sparse_owners, sparse_terms = owners[~dense], terms[~dense]
        j = 0
        while j < longest:  # positions j … end - 1 at once: their postings, or one position's
            end = max(j + 1, int(np.searchsorted(postings_at, postings_at[j] + _POSTINGS,
                                                 side="right")) - 1)
            met = slice(sparse_at[j], sparse_at[end])
            cells, values = self._postings(sparse_terms[met], sparse_owners[met])
            cells_at = postings_at[j : end + 1] - postings_at[j]
            for k in range(end - j):
                here = slice(dense_at[j + k], dense_at[j + k + 1])
                dots[dense_owners[here]] += self._dense[dense_rows[here]]
                here = slice(cells_at[k], cells_at[k + 1])
                flat[cells[here]] += values[here]
            j = end
        return dots


def _starts(counts: npt.ArrayLike) -> Ints:
    """Where each of consecutive runs of `counts` items starts, and the last ends."""
    starts: Ints = np.concatenate(([0], np.cumsum(counts)))
    return starts


def _ranges(starts: Ints, counts: Ints) -> Ints:
    """The indices of the ranges [start, start + count), one after another."""
    offsets = np.cumsum(counts) - counts
    ranges: Ints = np.arange(int(counts.sum())) + np.repeat(starts - offsets, counts)
    return ranges
