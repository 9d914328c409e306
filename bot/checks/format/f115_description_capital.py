"""F115 description-capital: a description starting lower-case where the list's start with a
capital."""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.analysis.facts import Facts
from bot.checks.analysis.votes import CAPITAL, vote
from bot.checks.base import Rule
from bot.checks.format.common import described
from bot.checks.format.examples import BULLETS
from bot.checks.format.state import CHECK_NAME, FormatState
from bot.checks.format.wording import entry_finding, example, share
from bot.model import Finding, Severity

RULE = Rule(
    code="F115",
    name="description-capital",
    title="A description does not start with a capital letter",
    severity=Severity.NOTICE,
    check=CHECK_NAME,
    why=(
        "When the list's descriptions start with a capital, one starting lower-case stands out "
        "(names such as `npm` are exempt)."
    ),
    bad="- [Zeta](https://github.com/acme/zeta) - finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=BULLETS,
    fixable=True,
)

ASPECTS: tuple[str, ...] = (CAPITAL,)


def applies(facts: Facts, state: FormatState) -> bool:
    return True


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    if not described(facts) or vote(CAPITAL, "no") not in facts.observations:
        return
    major = state.deviation(CAPITAL, facts, "no")
    if major is None:
        return
    bullet = facts.bullet
    assert bullet is not None
    at, first = bullet.description_start, facts.first
    word = first[at:].split(" ", 1)[0]
    fixed = first[:at] + word[:1].upper() + first[at + 1 :] if word[:1].islower() else None
    yield entry_finding(
        RULE, facts.entry.line, facts.entry.line,
        f"{share(major, 'descriptions')} start with a capital letter{example(major)}; "
        f"write `{word[:1].upper() + word[1:]}` instead of `{word}`.",
        fixed,
    )
