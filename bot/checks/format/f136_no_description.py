"""F136 no-description: a bare link where the section's entries all say what they link to."""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.analysis.facts import Facts
from bot.checks.analysis.votes import DESCRIPTION
from bot.checks.base import Rule
from bot.checks.format.examples import BULLETS
from bot.checks.format.state import CHECK_NAME, FormatState
from bot.checks.format.wording import entry_finding, example, share
from bot.model import Finding, Severity

RULE = Rule(
    code="F136",
    name="no-description",
    title="An entry has no description where the others have one",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why=(
        "A reader picks from a list by its descriptions; where every entry says what it is, "
        "a bare link says nothing, and its maintainers ask for one."
    ),
    bad="- [Zeta](https://github.com/acme/zeta)\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=BULLETS,
)

ASPECTS: tuple[str, ...] = (DESCRIPTION,)

# Lists that leave some links bare (a list of lists, sub-lists of related links) do so often;
# only a section that nearly always describes its links (five or more) asks for it.
CLEAR = 0.9


def applies(facts: Facts, state: FormatState) -> bool:
    """The learned shape rules are off when the repository sets an entry_pattern."""
    return state.learned_shape


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    bullet = facts.bullet
    if bullet is None or bullet.separator is not None or facts.entry.depth or len(facts.lines) > 1:
        return
    major = state.deviation(DESCRIPTION, facts, "no")
    # the section's own entries decide: a sponsor block or a small section of books under a
    # list of described tools is not held to the list
    if major is None or major.section is None or major.count < CLEAR * major.total:
        return
    yield entry_finding(
        RULE, facts.entry.line, facts.entry.line,
        f"{share(major)} describe their link after it{example(major)}; this one has no "
        "description. Add ` - ` and a few words on what it is.",
    )
