"""F113 description-separator: `: ` or `—` where the list writes ` - `."""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.analysis.facts import Facts
from bot.checks.analysis.votes import SEPARATOR
from bot.checks.base import Rule
from bot.checks.format.common import swallowed_bullet, written_separator
from bot.checks.format.examples import BULLETS
from bot.checks.format.state import CHECK_NAME, FormatState
from bot.checks.format.wording import entry_finding, example, share
from bot.model import Finding, Severity

RULE = Rule(
    code="F113",
    name="description-separator",
    title="The link and description are separated differently",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why=(
        "Awesome lists write `- [Name](url) - Description.`; a colon, an em dash or no "
        "separator at all stands out."
    ),
    bad="- [Zeta](https://github.com/acme/zeta): Finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=BULLETS,
    fixable=True,
)

ASPECTS: tuple[str, ...] = (SEPARATOR,)


def applies(facts: Facts, state: FormatState) -> bool:
    """The learned shape rules are off when the repository sets an entry_pattern."""
    return state.learned_shape


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    bullet = facts.bullet
    if bullet is None or bullet.separator is None:
        return
    if "\u00a0" in facts.first[bullet.link_end : bullet.description_start + 2]:
        return  # a dash between non-breaking spaces: separator-whitespace (F133) says so
    own = bullet.separator.strip()
    major = state.deviation(SEPARATOR, facts, own)
    # a bare space is no convention to hold others to: such lists have no descriptions
    if major is None or not major.value or swallowed_bullet(facts):
        return
    start = bullet.description_start - len(bullet.separator)
    rest = facts.first[bullet.description_start :]
    fixed = facts.first[:start] + written_separator(major) + rest
    yield entry_finding(
        RULE, facts.entry.line, facts.entry.line,
        f"{share(major)} put `{major.value}` between the link and the description"
        f"{example(major)}; this one has {_separator_words(own)}.",
        fixed,
    )


def _separator_words(separator: str) -> str:
    return f"`{separator}`" if separator else "no separator"
