"""F110 entry-label: an entry not starting with its section's label (`code [`)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.analysis.facts import Facts
from bot.checks.analysis.votes import LABEL
from bot.checks.base import Rule
from bot.checks.format.common import see_also
from bot.checks.format.examples import SEED
from bot.checks.format.state import CHECK_NAME, FormatState
from bot.checks.format.wording import entry_finding, example, share
from bot.model import Finding, Severity

RULE = Rule(
    code="F110",
    name="entry-label",
    title="An entry does not start like the others in its section",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why=(
        "Lists like awesome-AI-system start each entry with a label such as `code [`; an entry "
        "without it (or with another) stands out."
    ),
    bad=(
        "- [Zeta: Fast Training OSDI'24](https://github.com/acme/zeta)\n\n"
        "  paper [Zeta: Fast Training OSDI'24](https://arxiv.org/abs/2401.00001)\n"
    ),
    good=(
        "- code [Zeta: Fast Training OSDI'24](https://github.com/acme/zeta)\n\n"
        "  paper [Zeta: Fast Training OSDI'24](https://arxiv.org/abs/2401.00001)\n"
    ),
    base=SEED + "\n",
    fixable=True,
)

ASPECTS: tuple[str, ...] = (LABEL,)


def applies(facts: Facts, state: FormatState) -> bool:
    """Off with an entry_pattern; a 'see also' line or an entry of the wrong shape (F109
    rewrites it whole) needs no label."""
    return state.learned_shape and not see_also(facts) and not state.misshapen(facts)


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    bullet = facts.bullet
    if bullet is None or bullet.label is None:
        return
    major = state.deviation(LABEL, facts, bullet.label)
    if major is None:
        return
    rest = facts.first[bullet.link_start :]
    fixed = f"{bullet.indent}{bullet.marker} {major.value + ' ' if major.value else ''}{rest}"
    yield entry_finding(
        RULE, facts.entry.line, facts.entry.line,
        f"{share(major)} start with `{_opening(major.value)}`{example(major)}; this one "
        f"starts with `{_opening(bullet.label)}`.",
        fixed,
    )


def _opening(label: str) -> str:
    return f"- {label} [" if label else "- ["
