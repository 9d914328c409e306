"""internal — a check that crashed. Its findings are missing, and the review says so.

The engine runs each check isolated (STYLE: a crashing plugin becomes a named failure, not
a crash): the exception becomes one X001 finding naming the check, and the rest of the
review still posts. A review past its deadline is X002, naming the checks that did not run.
A rule that found more than a review lists is X003: the first findings, then one saying
how many more. All are documented like every rule so their links lead somewhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from bot.checks.base import Check, Context, Rule
from bot.deadline import Deadline
from bot.model import Finding, Severity

CHECK_NAME = "internal"

CRASHED = Rule(
    code="X001",
    name="check-crashed",
    title="A check crashed, so its findings are missing from the review",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="A bug in one of the bot's checks, not in the list: the other checks' findings are "
    "complete, but this review says nothing about what the crashed check looks at. Please "
    "report it with the pull request's link; a new push or `/recheck` runs the review again.",
    bad="",
    good="",
)


def crashed(check: str, exc: Exception) -> Finding:
    """The finding that stands in for a check that raised `exc`."""
    return CRASHED.finding(
        1,
        f"the {check} check crashed ({type(exc).__name__}: {exc}); "
        "its findings are missing from this review. Please report it.",
    )


STOPPED = Rule(
    code="X002",
    name="review-stopped",
    title="The review passed its time limit, so some checks did not run",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="Every review has a deadline (60 s of the engine's time by default; link checking has "
    "its own budget), so one huge or hostile list cannot hold a worker. Past it the review "
    "posts what it found and names the checks that did not run; its check run is neutral, "
    "never success. A smaller change, or `awesome-review check` run locally, gets a full review.",
    bad="",
    good="",
)


def stopped(checks: Sequence[str], deadline: Deadline) -> Finding:
    """The finding that stands in for the checks a passed deadline cost."""
    return STOPPED.finding(
        1,
        f"this review was stopped: it passed its time limit of {deadline.seconds:g} s "
        f"after {deadline.elapsed():.1f} s, so the {', '.join(checks)} checks did not run (or "
        "did not finish) and their findings are missing. A list this large or unusual takes "
        "too long to judge; a smaller change, or `awesome-review check` run locally, gets a "
        "full review.",
    )


# Findings of one rule a review of one file lists; past it one X003 finding counts the rest.
# Far above what a real pull request raises (none of the replayed commits comes near), far
# below what a hostile 5 MB list can (400,000), and about what a 60,000-character comment shows.
MOST_PER_RULE = 200

MORE = Rule(
    code="X003",
    name="more-findings",
    title="A rule found more than a review lists: the rest are counted, not listed",
    severity=Severity.NOTICE,
    check=CHECK_NAME,
    why="Nobody reads the same finding ten thousand times, and a comment that long is cut "
    f"anyway: a review lists the first {MOST_PER_RULE} findings of each rule in a file (by "
    "line), then one finding saying how many more there are and on which lines, as severe as "
    "the worst of them. Fixing the listed ones and pushing again lists the next. (An audit "
    "lists every problem.)",
    bad="",
    good="",
)


def more(left_out: Sequence[Finding], listed: int) -> Finding:
    """The finding that stands in for `left_out`, findings of one rule (in line order) past
    the `listed` first."""
    first, last = left_out[0], left_out[-1]
    severity = min((f.severity for f in left_out), key=lambda s: s.rank)
    finding = MORE.finding(
        first.line,
        f"… and {len(left_out)} more {first.rule} findings, from line {first.line} to line "
        f"{last.line}, not listed: a review lists the first {listed} of "
        "each rule. Fix those and push again to see the next.",
        severity=severity,
    )
    return replace(finding, check=first.check)  # told beside the findings it counts


def run(ctx: Context) -> Iterator[Finding]:
    """Nothing to look at: X001 findings come from the engine, when a check raises."""
    return iter(())


CHECK = Check(
    name=CHECK_NAME,
    title="The review itself: a check that crashed, a review stopped at its deadline, "
    "findings past what a review lists",
    rules=(CRASHED, STOPPED, MORE),
    run=run,
)
