"""F112 bullet-marker: `*` where the list uses `-` (or the reverse)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.analysis.facts import Facts
from bot.checks.analysis.votes import MARKER
from bot.checks.base import Rule
from bot.checks.format.examples import BULLETS
from bot.checks.format.state import CHECK_NAME, FormatState
from bot.checks.format.wording import entry_finding, example, share
from bot.model import Finding, Severity

RULE = Rule(
    code="F112",
    name="bullet-marker",
    title="A bullet uses another marker than the list",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="Switching between `-` and `*` starts a new Markdown list and looks inconsistent.",
    bad="* [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=BULLETS,
    fixable=True,
)

ASPECTS: tuple[str, ...] = (MARKER,)


def applies(facts: Facts, state: FormatState) -> bool:
    """The learned shape rules are off when the repository sets an entry_pattern."""
    return state.learned_shape


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    bullet = facts.bullet
    if bullet is None:
        return
    major = state.deviation(MARKER, facts, bullet.marker)
    if major is None:
        return
    at = len(bullet.indent)
    fixed = facts.first[:at] + major.value + facts.first[at + 1 :]
    yield entry_finding(
        RULE, facts.entry.line, facts.entry.line,
        f"{share(major, 'bullets')} use `{major.value}`{example(major)}; this one uses "
        f"`{bullet.marker}`, which also starts a separate Markdown list.",
        fixed,
    )
