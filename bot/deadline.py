"""A review's time limit: one clock read per question, shared by every stage of a review.

Checks are otherwise pure; the deadline is the one thing they may ask the clock about, and
only to stop early. A stopped review still posts what it found, with a finding saying what
was stopped (see `bot.engine`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

# A 5 MB list, the largest reviewed, is judged well within this on one core; a review past
# it is hostile input or a bug, and holding a worker longer only delays every other review.
REVIEW_SECONDS = 60.0


class DeadlinePassed(Exception):
    """Raised inside a stage that found its review's deadline passed."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """`seconds` from when it was made (monotonic clock)."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    def passed(self) -> bool:
        return time.monotonic() - self.started >= self.seconds

    def check(self) -> None:
        """Raise DeadlinePassed once the time is up; cheap enough to call per entry."""
        if self.passed():
            raise DeadlinePassed

    def not_counting_since(self, since: float) -> Deadline:
        """This deadline moved on by the time since `since` (a wait it does not cover)."""
        return replace(self, started=self.started + time.monotonic() - since)

    def elapsed(self) -> float:
        return time.monotonic() - self.started


def deadline_after(seconds: float | None) -> Deadline | None:
    """A deadline `seconds` from now; None (or 0) means none."""
    return Deadline(seconds) if seconds else None
