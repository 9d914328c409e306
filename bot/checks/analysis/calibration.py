"""How well the category model places a list's own entries, and the bar it learns from them.

Kept apart from the model (categories.py): this is the yardstick P204 is held to, measured on
the list itself rather than assumed, and its numbers are the ones docs/quality.md reports.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.model import Entry

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]
Bools = npt.NDArray[np.bool_]

FLOOR = 0.08  # the better category must fit at least this well
# Calibration on the list's own entries (each scored as if it were new):
MIN_CALIBRATION = 30  # entries needed to judge the model at all
MIN_ACCURACY = 0.5  # a list whose entries the model misplaces half the time: never speak
# How much better another category fits is a ratio of fits, each padded by EPS: a ratio
# holds across lists whose fits are all low (paper titles) or all high (long descriptions),
# and EPS keeps an entry with no fit at all to its category from dividing by nothing.
EPS = 0.05
FALSE_ALARMS = 0.03  # share of the list's own entries the learned bar may flag
# An audit lists advice on every entry at once: only the clearest, at most 0.5% of them.
FALSE_ALARMS_AUDIT = 0.005
MIXED = 0.2  # a category more of whose own entries than this would be flagged is mixed


def lead(top: Floats, current: Floats, usual: Floats) -> Floats:
    """How many times better the best other category fits than the entry's own, each fit
    counted above the entry's `usual` one (its mean over all categories): words that every
    category shares lift both fits alike and would hide a clear lead."""
    return (np.maximum(top - usual, 0.0) + EPS) / (np.maximum(current - usual, 0.0) + EPS)


def leading(top: Floats, current: Floats, leads: Floats, margin: float | None, bar: float) -> Bools:
    """The entries whose best other category may be advised: it fits well enough, and leads
    by the list's own `bar`, or by the repository's `margin` when it sets one."""
    if margin is None:
        return (top >= FLOOR) & (leads > bar)
    return (top >= FLOOR) & (top >= current + margin)


def leading_entries(
    ranked: tuple[Ints, Ints, Floats, Floats, Floats, Bools],
    judged: list[Entry],
    margin: float | None,
    bar: float,
) -> list[Entry]:
    """Of `judged`, those `leading` with the ranks the calibration gave them (`ranked`: each
    calibrated entry's line, category, best other fit, own fit, lead, advisability); all of
    `judged` when one is not among the calibrated entries. An audit judges the entries the
    calibration ranked, and so does a pull request (the calibration leaves them out after
    ranking them): the few leading are ranked again, not every one."""
    at, _, top, current, leads, _ = ranked
    row = dict(zip(at.tolist(), range(len(at)), strict=True))
    rows = [row.get(entry.line, -1) for entry in judged]
    if -1 in rows:
        return judged
    picked = np.array(rows, dtype=np.intp)
    wanted = leading(top[picked], current[picked], leads[picked], margin, bar)
    return [judged[k] for k in np.flatnonzero(wanted)]


@dataclass(frozen=True)
class Calibration:
    """How well the model places the list's own entries, and the bar it learned from them.

    Every entry of the list is scored as if it were new. An entry the maintainers placed
    that another category fits many times better than its own is exactly what P204 would
    flag; the bar on that lead is set so that at most FALSE_ALARMS of the list's own
    entries would be flagged — a rate measured on the list, not assumed.
    """

    accuracy: float  # share of the list's entries whose own category fits them best
    bar: float  # the lead (see `lead`) the best other category must exceed
    audit_bar: float  # the same for a full audit, where every entry is judged at once
    entries: int
    mixed: npt.NDArray[np.bool_]  # per category: many of its own entries would be flagged

    @property
    def reliable(self) -> bool:
        """Speak only about a list whose own entries the model places well."""
        return self.entries >= MIN_CALIBRATION and self.accuracy >= MIN_ACCURACY

    @classmethod
    def of(
        cls, own: Ints, top: Floats, current: Floats, leads: Floats, categories: int,
        movable: npt.NDArray[np.bool_] | None,
    ) -> Calibration:
        """From every member entry's category, best other fit, own fit (leave-one-out) and
        the lead of the one over the other (`lead`); an entry that is never advised (not
        `movable`) spends none of the alarms allowed."""
        counted = len(own)
        judged = (top >= FLOOR) if movable is None else (top >= FLOOR) & movable
        leads = np.where(judged, leads, 0.0)
        ranked = np.sort(leads)[::-1]

        def bar(share: float) -> float:  # the lead only `share` of the own entries exceed
            allowed = int(share * counted)
            # sums differ in their last bits from run to run (terms are sets): the entry
            # whose lead sets the bar must stay under it in every run, not in half of them
            at = float(ranked[allowed]) * (1 + 1e-9) if allowed < len(ranked) else 0.0
            return max(at, 1.0)

        learned = bar(FALSE_ALARMS)
        flagged = np.bincount(own[leads > learned], minlength=categories)
        members = np.bincount(own, minlength=categories)
        # a category whose own entries would often be flagged gathers by something other
        # than topic (Tutorials, Books, Videos): its entries are not judged
        mixed = (flagged >= 2) & (flagged > MIXED * np.maximum(members, 1))
        return cls(
            accuracy=float((current >= top).sum() / counted) if counted else 0.0,
            bar=learned,
            audit_bar=bar(FALSE_ALARMS_AUDIT),
            entries=counted,
            mixed=mixed,
        )

    @classmethod
    def on_none(cls, categories: int) -> Calibration:
        """The calibration on no entries: unreliable, the bar at its floor."""
        no_floats = np.zeros(0)
        return cls.of(np.zeros(0, dtype=np.intp), no_floats, no_floats, no_floats, categories,
                      np.zeros(0, dtype=bool))
