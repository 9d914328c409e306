"""F116 venue-format: a venue and year written otherwise than the list (`OSDI 24` for
`OSDI'24`), or a venue spelt otherwise."""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.analysis.conventions import Majority
from bot.checks.analysis.facts import Facts
from bot.checks.analysis.venues import is_venue
from bot.checks.analysis.votes import VENUE, VENUE_NAME
from bot.checks.base import Rule
from bot.checks.format.common import venue_as_listed
from bot.checks.format.examples import TABLE
from bot.checks.format.state import CHECK_NAME, FormatState
from bot.checks.format.wording import entry_finding, example, share
from bot.model import Finding, Severity

RULE = Rule(
    code="F116",
    name="venue-format",
    title="A venue and year are written differently from the list",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why=(
        "Lists of papers write the venue one way (`OSDI'24`); `OSDI 24`, `osdi'24` or `24osdi` "
        "make the list harder to scan and search."
    ),
    bad=(
        "| Zeta | [![Star](https://img.shields.io/github/stars/acme/zeta.svg)]"
        "(https://github.com/acme/zeta) | OSDI 24 |\n"
    ),
    good=(
        "| Zeta | [![Star](https://img.shields.io/github/stars/acme/zeta.svg)]"
        "(https://github.com/acme/zeta) | OSDI'24 |\n"
    ),
    base=TABLE,
    fixable=True,
)

ASPECTS: tuple[str, ...] = (VENUE, VENUE_NAME)


def applies(facts: Facts, state: FormatState) -> bool:
    return True


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    venue = facts.venue
    if venue is None or not is_venue(venue, state.conventions.known_venues):
        return
    if state.misshapen(facts):
        return  # the entry-shape suggestion writes the venue the list's way already
    form = state.deviation(VENUE, facts, venue.form)
    spelling = state.deviation(VENUE_NAME + venue.name.lower(), facts, venue.name)
    written = facts.first[venue.start : venue.end]
    expected = venue_as_listed(facts, state)
    if expected == written:
        return
    fixed = facts.first[: venue.start] + expected + facts.first[venue.end :]
    yield entry_finding(
        RULE, venue.line, facts.entry.line,
        _venue_message(written, expected, form, spelling),
        fixed,
    )


def _venue_message(
    written: str, expected: str, form: Majority | None, spelling: Majority | None
) -> str:
    reasons = []
    if form is not None:
        quoted = example(form, quote="venue")
        reasons.append(f"{share(form)} write the venue as {form.value}{quoted}")
    if spelling is not None:
        reasons.append(
            f"{spelling.count} of {spelling.total} mentions of this venue in this list spell "
            f"it `{spelling.value}`"
        )
    return f"{'; '.join(reasons)}. Write `{expected}` instead of `{written}`."
