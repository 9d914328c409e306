"""F114 description-period: a description without the final period the list's have."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from bot.checks.analysis.facts import Facts, ends_sentence
from bot.checks.analysis.votes import PERIOD
from bot.checks.base import Rule
from bot.checks.format.common import described
from bot.checks.format.examples import BULLETS
from bot.checks.format.state import CHECK_NAME, FormatState
from bot.checks.format.wording import entry_finding, example, share
from bot.model import Finding, Severity

RULE = Rule(
    code="F114",
    name="description-period",
    title="A description does not end with a period",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="When the list's descriptions are sentences ending with `.`, one without it stands out.",
    bad="- [Zeta](https://github.com/acme/zeta) - Finds things\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=BULLETS,
    fixable=True,
)

ASPECTS: tuple[str, ...] = (PERIOD,)


def applies(facts: Facts, state: FormatState) -> bool:
    return True


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    description = facts.entry.description
    if not described(facts) or ends_sentence(description):
        return
    major = state.deviation(PERIOD, facts, "no")
    if major is None:
        return
    first = facts.first.rstrip()
    single = facts.entry.end_line == facts.entry.line and first.endswith(description[-1:])
    mark = _period_after(description[-1])
    yield entry_finding(
        RULE, facts.entry.line, facts.entry.line,
        f"{share(major, 'descriptions')} end with a period{example(major)}; end this one "
        f"with `{mark}` too.",
        first + mark if single else None,
    )


def _period_after(last: str) -> str:
    """A full-width `。` after CJK text (its own full stop), `.` after anything else."""
    return "。" if unicodedata.east_asian_width(last) in ("W", "F") else "."
