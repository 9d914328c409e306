"""What a format rule module provides: its RULE, the aspects it judges, applies() and judge().

A rule module is the whole rule: the documented `RULE`, a cheap `applies()` that most
entries fail (a full audit of a 3,000-entry list has a few milliseconds for all rules), and
`judge()`. A learned rule names the convention aspects it judges (`ASPECTS`); it is asked
only about entries that go against a clear majority on one of them. A line rule also
judges source lines that no entry holds (`judge_line`). A screened rule also tests all the
judged entries at once (`possible()`), so a list that gives it nothing to find skips it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from bot.checks.analysis.facts import Facts
from bot.checks.base import Context, Rule
from bot.checks.format.state import FormatState, JudgedText
from bot.model import Finding


class FormatRule(Protocol):
    RULE: Rule
    ASPECTS: tuple[str, ...]  # empty: a structural rule, asked about every entry

    def applies(self, facts: Facts, state: FormatState) -> bool: ...

    def judge(self, facts: Facts, state: FormatState) -> Iterable[Finding]: ...


class ScreenedRule(FormatRule, Protocol):
    def possible(self, judged: JudgedText, state: FormatState) -> bool:
        """Whether `applies` may hold for any judged entry: False when text it needs is
        nowhere in them (a superset of `applies`, tested once per review)."""
        ...


class LineRule(FormatRule, Protocol):
    def judge_line(self, text: str, scan: str, line: int, entry_line: int) -> Finding | None:
        """`scan` is `text` with code spans blanked out (offsets kept)."""
        ...


class DiffRule(Protocol):
    """A rule on the change as a whole (what it broke), not on one entry."""

    RULE: Rule

    def judge_diff(self, ctx: Context) -> Iterable[Finding]: ...
