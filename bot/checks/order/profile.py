"""What order a list already keeps, learned from the list before the pull request.

`order: auto` speaks only when the list keeps an order throughout:

- **alphabetical** — of the runs (a section's list, a nested list, a table) with three or
  more named entries and at least two different names, 90% or more are sorted
  case-insensitively, and those sorted runs hold ten entries or more between them;
- **date** — of the tables with a date column and three or more dated rows of at least two
  dates, 90% or more are sorted by date (newest first or newest last, each table its own way),
  and those tables hold ten dated rows or more between them.

Even then, a run is judged only when the entries it already had are still in that order
(a section the list left unsorted is never asked to sort).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.checks.order.dates import Date, at_precision, date_column, row_date
from bot.checks.order.runs import Run, alphabetical_key, runs
from bot.checks.order.sequence import distinct, is_sorted
from bot.model import Document

SORTED_SHARE = 0.9  # of the runs that can show an order, how many must keep it
MIN_RUN = 3  # entries a run needs before its order says anything
MIN_EVIDENCE = 10  # entries in sorted runs before a list counts as keeping the order

NEWEST_FIRST = "newest first"
NEWEST_LAST = "newest last"


@dataclass(frozen=True, slots=True)
class Tally:
    """How many runs could show an order, how many keep it, and the entries they hold."""

    runs: int = 0
    sorted_runs: int = 0
    entries: int = 0

    @property
    def keeps(self) -> bool:
        return (
            self.runs > 0
            and self.sorted_runs >= SORTED_SHARE * self.runs
            and self.entries >= MIN_EVIDENCE
        )

    def add(self, size: int, ordered: bool) -> Tally:
        return Tally(
            self.runs + 1,
            self.sorted_runs + ordered,
            self.entries + (size if ordered else 0),
        )

    def __str__(self) -> str:
        return f"{self.sorted_runs} of its {self.runs}"


@dataclass(frozen=True, slots=True)
class Profile:
    alphabetical: Tally
    date: Tally
    newest_first: int = 0  # sorted date tables that list the newest first
    newest_last: int = 0


def learn(document: Document) -> Profile:
    """The orders `document` keeps, run by run."""
    alphabetical, dated = Tally(), Tally()
    first = last = 0
    for run in runs(document):
        names = [alphabetical_key(m.entry) for m in run.members]
        if _shows_order(names):
            alphabetical = alphabetical.add(len(names), is_sorted(names))
        dates = run_dates(run)
        if dates is not None and _shows_order(dates):
            direction = date_direction(dates)
            dated = dated.add(sum(d is not None for d in dates), direction is not None)
            first += direction == NEWEST_FIRST
            last += direction == NEWEST_LAST
    return Profile(alphabetical, dated, first, last)


def _shows_order(keys: Sequence[object | None]) -> bool:
    present = [key for key in keys if key is not None]
    return len(present) >= MIN_RUN and len(set(present)) >= 2


def run_dates(run: Run) -> list[Date | None] | None:
    """Each row's date at the run's coarsest precision, or None for a run with no dates."""
    if run.table is None:
        return None
    rows = [m.entry for m in run.members]
    column = date_column(run.table, rows)
    if column is None:
        return None
    dates = [row_date(row, column) for row in rows]
    present = [len(d) for d in dates if d is not None]
    if not present:
        return None
    precision = min(present)
    return [at_precision(d, precision) if d is not None else None for d in dates]


def date_direction(dates: Sequence[Date | None]) -> str | None:
    """NEWEST_FIRST or NEWEST_LAST when the dates are sorted one way (and not all equal)."""
    if distinct(dates) < 2:
        return None
    if is_sorted([newer_first(d) for d in dates]):
        return NEWEST_FIRST
    if is_sorted(dates):
        return NEWEST_LAST
    return None


def newer_first(date: Date | None) -> Date | None:
    """A key that sorts newer dates before older ones."""
    return None if date is None else tuple(-part for part in date)
