"""F132 description-punctuation: a description that is only a code span, or that ends with
its punctuation both inside and after a closing quote (`"fast.".`)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from bot.checks.analysis.facts import Facts
from bot.checks.base import Rule
from bot.checks.format.examples import BULLETS
from bot.checks.format.state import CHECK_NAME, FormatState, JudgedText
from bot.checks.format.wording import entry_finding
from bot.model import Entry, Finding, Severity

RULE = Rule(
    code="F132",
    name="description-punctuation",
    title="The description is a bare code span, or ends with doubled punctuation at a quote",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="A description says in words what the project is; a bare `` `code span` `` says "
    'nothing to a newcomer. `"Fast.".` ends the sentence twice: keep one mark, inside the '
    "quote or after it.",
    bad='- [Zeta](https://github.com/acme/zeta) - Finds "things.".\n',
    good='- [Zeta](https://github.com/acme/zeta) - Finds "things".\n',
    base=BULLETS,
    fixable=True,
)

ASPECTS: tuple[str, ...] = ()

_TERMINAL = "[.!?…]"
# Starts only where a run of marks starts: from every `!` of a long run, re scanned the rest
# of the run (quadratic); a match starting inside a run also matches from its start.
_DOUBLED = re.compile(rf"(?<!{_TERMINAL})({_TERMINAL}+)([\"”’»」])({_TERMINAL}+)\s*$")
_QUOTES = ('"', "”", "’", "»", "」")
# what _DOUBLED holds: most descriptions have none
_CLOSING_QUOTES = re.compile(f"[{''.join(_QUOTES)}]")
_ONLY_CODE = re.compile(rf"\s*`[^`\n]*`\s*{_TERMINAL}*\s*$")


def candidates(judged: JudgedText, state: FormatState) -> Sequence[Entry]:
    return judged.holding("`", *_QUOTES)


def applies(facts: Facts, state: FormatState) -> bool:
    """A description holding a code span or a closing quote (most hold neither)."""
    bullet = facts.bullet
    if bullet is None or bullet.separator is None or not facts.entry.description:
        return False
    written = facts.first[bullet.description_start :]
    return "`" in written or _CLOSING_QUOTES.search(written) is not None


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    bullet = facts.bullet
    assert bullet is not None
    written = facts.first[bullet.description_start :]
    if facts.entry.end_line == facts.entry.line and _ONLY_CODE.match(written):
        yield entry_finding(
            RULE,
            facts.entry.line,
            facts.entry.line,
            "The description is only a code span; say in words what the project is.",
        )
        return
    doubled = _DOUBLED.search(written) if _CLOSING_QUOTES.search(written) else None
    if doubled is not None:
        inside, quote, after = doubled.groups()
        fixed = facts.first[: bullet.description_start + doubled.start()] + quote + after
        yield entry_finding(
            RULE,
            facts.entry.line,
            facts.entry.line,
            f"`{inside}{quote}{after}` ends the sentence twice; keep one mark: `{quote}{after}`.",
            fixed if facts.entry.end_line == facts.entry.line else None,
        )
