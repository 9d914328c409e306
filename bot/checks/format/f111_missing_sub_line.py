"""F111 missing-sub-line: an entry without the `paper [Title](url)` line its section's have."""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.analysis.facts import Facts
from bot.checks.analysis.votes import LABEL, SUB_LINE
from bot.checks.base import Rule
from bot.checks.format.common import see_also
from bot.checks.format.examples import SEED
from bot.checks.format.state import CHECK_NAME, FormatState
from bot.checks.format.wording import entry_finding, example, share
from bot.model import Finding, Severity

RULE = Rule(
    code="F111",
    name="missing-sub-line",
    title="An entry lacks the second line its section's entries have",
    severity=Severity.NOTICE,
    check=CHECK_NAME,
    why=(
        "Where entries pair a `code` line with a `paper [Title](url)` line, one without it "
        "leaves readers without the paper."
    ),
    bad="- code [Zeta: Fast Training OSDI'24](https://github.com/acme/zeta)\n",
    good=(
        "- code [Zeta: Fast Training OSDI'24](https://github.com/acme/zeta)\n\n"
        "  paper [Zeta: Fast Training OSDI'24](https://arxiv.org/abs/2401.00001)\n"
    ),
    base=SEED + "\n",
    fixable=False,
)

ASPECTS: tuple[str, ...] = (SUB_LINE,)


def applies(facts: Facts, state: FormatState) -> bool:
    """Off with an entry_pattern; a 'see also' line or an entry of the wrong shape (F109
    rewrites it whole) needs no sub-line."""
    return state.learned_shape and not see_also(facts) and not state.misshapen(facts)


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    bullet = facts.bullet
    if bullet is None or bullet.label is None or facts.sub_label:
        return
    major = state.deviation(SUB_LINE, facts, "")
    # only an entry that otherwise starts like the others is expected to have its sub-line
    if major is None or major.value == "[" or state.deviation(LABEL, facts, bullet.label):
        return
    yield entry_finding(
        RULE, facts.entry.line, facts.entry.line,
        f"{share(major)} have a second line `{major.value} [Title](url)` under the first"
        f"{example(major, quote='sub-line')}; add this entry's {major.value} link the same way.",
    )
