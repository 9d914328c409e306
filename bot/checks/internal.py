"""internal — a check that crashed. Its findings are missing, and the review says so.

The engine runs each check isolated (STYLE: a crashing plugin becomes a named failure, not
a crash): the exception becomes one X001 finding naming the check, and the rest of the
review still posts. X001 is documented like every rule so its link leads somewhere.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.base import Check, Context, Rule
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


def run(ctx: Context) -> Iterator[Finding]:
    """Nothing to look at: X001 findings come from the engine, when a check raises."""
    return iter(())


CHECK = Check(
    name=CHECK_NAME,
    title="The review itself: a check that crashed",
    rules=(CRASHED,),
    run=run,
)
