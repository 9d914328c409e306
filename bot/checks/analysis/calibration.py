"""How well the category model places a list's own entries, and the bar it learns from them.

Kept apart from the model (categories.py): this is the yardstick P204 is held to, measured on
the list itself rather than assumed, and its numbers are the ones docs/quality.md reports.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]

FLOOR = 0.08  # the better category must fit at least this well
# Calibration on the list's own entries (each scored as if it were new):
MIN_CALIBRATION = 30  # entries needed to judge the model at all
MIN_ACCURACY = 0.5  # a list whose entries the model misplaces half the time: never speak
STRANGER = 0.05  # fit to its own category (leave-one-out) of an entry sharing ~no word
FALSE_ALARMS = 0.05  # share of the list's own entries the learned bar may flag
# An audit lists advice on every entry at once: only the clearest, at most 0.5% of them.
FALSE_ALARMS_AUDIT = 0.005
MIXED = 0.2  # a category more of whose own entries than this would be flagged is mixed


@dataclass(frozen=True)
class Calibration:
    """How well the model places the list's own entries, and the bar it learned from them.

    Every entry of the list is scored as if it were new. An entry the maintainers placed
    that shares (almost) no weighted word with its own category yet fits another one is
    exactly what P204 would flag; the bar is set so that at most FALSE_ALARMS of the list's
    own entries would be flagged — a rate measured on the list, not assumed.
    """

    accuracy: float  # share of the list's entries whose own category fits them best
    floor: float  # the best other fit a stranger to its category must exceed
    audit_floor: float  # the same for a full audit, where every entry is judged at once
    entries: int
    mixed: npt.NDArray[np.bool_]  # per category: many of its own entries would be flagged

    @property
    def reliable(self) -> bool:
        """Speak only about a list whose own entries the model places well."""
        return self.entries >= MIN_CALIBRATION and self.accuracy >= MIN_ACCURACY

    @classmethod
    def of(cls, own: Ints, top: Floats, current: Floats, categories: int) -> Calibration:
        """From every member entry's category, best other fit and own fit (leave-one-out)."""
        counted = len(own)
        strangers = current <= STRANGER
        ranked = np.sort(top[strangers])[::-1]

        def bar(share: float) -> float:  # the fit only `share` of the own entries exceed
            allowed = int(share * counted)
            return max(float(ranked[allowed]) if allowed < len(ranked) else 0.0, FLOOR)

        floor = bar(FALSE_ALARMS)
        flagged = np.bincount(own[strangers & (top > floor)], minlength=categories)
        members = np.bincount(own, minlength=categories)
        # a category whose own entries would often be flagged gathers by something other
        # than topic (Tutorials, Books, Videos): its entries are not judged
        mixed = (flagged >= 2) & (flagged > MIXED * np.maximum(members, 1))
        return cls(
            accuracy=float((current >= top).sum() / counted) if counted else 0.0,
            floor=floor,
            audit_floor=bar(FALSE_ALARMS_AUDIT),
            entries=counted,
            mixed=mixed,
        )
