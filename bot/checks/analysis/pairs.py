"""Entry × term pairs, flattened into numpy arrays: the input of a sparse product."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.intp]


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
