"""Entry × term pairs, flattened into numpy arrays: the input of a sparse product."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.intp]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Pairs:
    """Entry × term pairs, flattened: term ids, each pair's entry, each entry's first pair."""

    terms: Ints
    owners: Ints
    starts: Ints

    @classmethod
    def of_spans(cls, terms: Ints, spans: list[tuple[int, int]]) -> Pairs:
        """From (start, end) slices of one long array of term ids, one slice per entry."""
        starts = np.array([a for a, _ in spans], dtype=np.int64)
        lengths = np.array([b for _, b in spans], dtype=np.int64) - starts
        offsets = np.cumsum(lengths) - lengths
        gather = np.arange(int(lengths.sum())) + np.repeat(starts - offsets, lengths)
        owners = np.repeat(np.arange(len(spans), dtype=np.intp), lengths)
        return cls(terms[gather], owners, offsets.astype(np.intp))

    @classmethod
    def of(cls, ids: list[list[int]]) -> Pairs:
        """From each entry's (non-empty) term ids."""
        lengths = np.array([len(row) for row in ids], dtype=np.intp)
        flat = np.fromiter((t for row in ids for t in row), dtype=np.intp, count=int(lengths.sum()))
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.intp)
        return cls(flat, np.repeat(np.arange(len(ids), dtype=np.intp), lengths), starts)


def heaviest_owner(
    terms: Ints, bounds: Ints, wanted: npt.ArrayLike, weights: Floats
) -> int | None:
    """Of the entries whose term ids are `terms[bounds[k]:bounds[k + 1]]`, the k whose terms
    in `wanted` weigh most, each summed in its terms' order like `sum` over all of them with
    0.0 for the others (adding 0.0 to a sum of positive weights changes no bit); the first
    of those alike, None when no entry has a wanted term.

    A category of a 5 MB list has hundreds of entries, asked for every advice given: the
    entries with a wanted term are found at once, and summed by numpy first. Its sums of n
    positive weights differ from `sum`'s by n rounding errors at most (a relative 2⁻⁵³
    each), so an entry more than twice that short of the largest is not the heaviest, and
    only those within it are summed by `sum`."""
    start, end = bounds[0], bounds[-1]
    at = start + np.flatnonzero(np.isin(terms[start:end], wanted))
    if not len(at):
        return None
    owners = np.searchsorted(bounds, at, side="right") - 1
    found = weights[terms[at]]
    rough = np.bincount(owners, weights=found)
    slack = 4 * (int(np.bincount(owners).max()) + 1) * float(np.finfo(np.float64).eps)
    close = np.isin(owners, np.flatnonzero(rough >= rough.max() * (1 - slack)))
    pairs = zip(owners[close].tolist(), found[close].tolist(), strict=True)
    summed: dict[int, float] = {
        owner: sum(w for _, w in group) for owner, group in groupby(pairs, itemgetter(0))}
    return max(summed, key=summed.__getitem__)
