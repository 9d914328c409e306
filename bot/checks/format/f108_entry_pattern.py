"""F108 entry-pattern: an entry not matching the repository's `entry_pattern`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from bot.checks.analysis.facts import Facts
from bot.checks.base import Rule
from bot.checks.format.examples import BULLETS
from bot.checks.format.state import CHECK_NAME, FormatState, JudgedText
from bot.checks.format.wording import entry_finding
from bot.model import Entry, Finding, Severity

RULE = Rule(
    code="F108",
    name="entry-pattern",
    title="An entry does not match the configured entry_pattern",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why=(
        "The maintainers wrote down the one shape an entry must have (`entry_pattern` in "
        ".github/awesome-review.yml); the learned shape rules are off then."
    ),
    bad="- [Zeta](https://github.com/acme/zeta): finds things\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=BULLETS,
    fixable=False,
    config="entry_pattern: '^- \\[[^\\]]+\\]\\(https://[^)]+\\) - [A-Z].*\\.$'\n",
)

ASPECTS: tuple[str, ...] = ()


def candidates(judged: JudgedText, state: FormatState) -> Sequence[Entry]:
    return judged.entries if state.options.entry_pattern is not None else ()


def applies(facts: Facts, state: FormatState) -> bool:
    return state.options.entry_pattern is not None


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    pattern = state.options.entry_pattern
    if pattern is None or pattern.search(facts.first.rstrip()):
        return
    yield entry_finding(
        RULE, facts.entry.line, facts.entry.line,
        f"this entry does not match the list's entry pattern `{pattern.pattern}` (entry_pattern "
        "in .github/awesome-review.yml). Write it the way that pattern describes.",
    )
