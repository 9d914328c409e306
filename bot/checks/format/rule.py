"""What a format rule module provides: its RULE, the aspects it judges, applies() and judge().

A rule module is the whole rule: the documented `RULE`, a cheap `applies()` that most
entries fail (a full audit of a 3,000-entry list has a few milliseconds for all rules), and
`judge()`. A learned rule names the convention aspects it judges (`ASPECTS`); it is asked
only about entries that go against a clear majority on one of them. A line rule also
judges source lines that no entry holds (`judge_line`). A screened rule also picks, from all the
judged entries at once, those it may apply to (`candidates()`): the others skip it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from bot.checks.analysis.facts import Facts
from bot.checks.base import Context, Rule
from bot.checks.format.state import FormatState, JudgedText
from bot.model import Entry, Finding


class FormatRule(Protocol):
    RULE: Rule
    ASPECTS: tuple[str, ...]  # empty: a structural rule, asked about every entry

    def applies(self, facts: Facts, state: FormatState) -> bool: ...

    def judge(self, facts: Facts, state: FormatState) -> Iterable[Finding]: ...


class ScreenedRule(FormatRule, Protocol):
    def candidates(self, judged: JudgedText, state: FormatState) -> Sequence[Entry]:
        """The judged entries `applies` may hold for (all of them: `judged.entries`), found
        once per review: those that hold the text it needs (a superset of `applies`)."""
        ...


class LineRule(FormatRule, Protocol):
    def judge_line(self, text: str, scan: str, line: int, entry_line: int) -> Finding | None:
        """`scan` is `text` with code spans blanked out (offsets kept)."""
        ...


class DiffRule(Protocol):
    """A rule on the change as a whole (what it broke), not on one entry."""

    RULE: Rule

    def judge_diff(self, ctx: Context) -> Iterable[Finding]: ...
