"""F107 trailing-whitespace: a line ending in spaces or tabs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from bot.checks.analysis.facts import Facts
from bot.checks.base import Rule
from bot.checks.format.examples import BULLETS
from bot.checks.format.state import CHECK_NAME, FormatState, JudgedText
from bot.checks.format.wording import entry_finding
from bot.model import Entry, Finding, Severity

RULE = Rule(
    code="F107",
    name="trailing-whitespace",
    title="A line ends with whitespace",
    severity=Severity.NOTICE,
    check=CHECK_NAME,
    why="Trailing spaces are invisible noise in diffs; two of them are a hidden line break.",
    bad="- [Zeta](https://github.com/acme/zeta) - Finds things.   \n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=BULLETS,
    fixable=True,
)

ASPECTS: tuple[str, ...] = ()


_SPACES = frozenset({" ", "\t"})


def candidates(judged: JudgedText, state: FormatState) -> Sequence[Entry]:
    return judged.holding(" \n", "\t\n")  # each entry's text ends with a line break there


def applies(facts: Facts, state: FormatState) -> bool:
    raw = facts.entry.raw
    return raw[-1:] in _SPACES or ("\n" in raw and (" \n" in raw or "\t\n" in raw))


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    for offset, text in enumerate(facts.lines):
        stripped = text.rstrip()
        if stripped and stripped != text:
            yield entry_finding(
                RULE, facts.entry.line + offset, facts.entry.line,
                f"the line ends with {len(text) - len(stripped)} whitespace character(s); "
                "trailing spaces are invisible noise, and two of them are a hidden line "
                "break in Markdown. Remove them.",
                stripped,
            )
