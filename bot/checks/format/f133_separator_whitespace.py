"""F133 separator-whitespace: the ` - ` between link and description with a non-breaking or
doubled space."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from bot.checks.analysis.facts import Facts
from bot.checks.base import Rule
from bot.checks.format.examples import BULLETS
from bot.checks.format.state import CHECK_NAME, FormatState, JudgedText
from bot.model import Entry, Finding, Severity

RULE = Rule(
    code="F133",
    name="separator-whitespace",
    title="The separator has a non-breaking or doubled space",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="` - ` is written with one plain space each side; a non-breaking space (pasted from a "
    "web page or a word processor) looks the same here but not in diffs, searches and the "
    "rendered line. A doubled plain space renders as one, so it is only a notice.",
    bad="- [Zeta](https://github.com/acme/zeta)  -  Finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=BULLETS,
    fixable=True,
)

ASPECTS: tuple[str, ...] = ()

# right after the title link: spaces (any kind), one dash, spaces — with a NBSP or a double
_SEPARATOR = re.compile(r"([ \t\u00a0\u202f]+)([-–—])([ \t\u00a0\u202f]+)")


def candidates(judged: JudgedText, state: FormatState) -> Sequence[Entry]:
    return judged.holding("\u00a0", "  ")


def applies(facts: Facts, state: FormatState) -> bool:
    return facts.bullet is not None and ("\u00a0" in facts.first or "  " in facts.first)


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    bullet = facts.bullet
    assert bullet is not None
    found = _SEPARATOR.match(facts.first, bullet.link_end)
    if found is None:
        return
    before, dash, after = found.groups()
    if before == " " and after == " ":
        return
    unbreakable = "\u00a0" in before + after or "\u202f" in before + after
    odd = "a non-breaking space" if unbreakable else "a doubled space"
    fixed = facts.first[: found.start()] + f" {dash} " + facts.first[found.end() :]
    yield RULE.finding(
        facts.entry.line,
        f"The separator `{dash}` has {odd} around it; write it with one plain space each side.",
        fixed,
        end_line=facts.entry.line,
        entry_line=facts.entry.line,
        # GitHub collapses a doubled plain space: only diffs and searches see it
        severity=None if unbreakable else Severity.NOTICE,
    )
