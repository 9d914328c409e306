"""F134 doubled-bullet: `* * [text](url)` opens an empty item with the entry nested in it."""

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
    code="F134",
    name="doubled-bullet",
    title="Two bullet markers open the entry's line",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why=(
        "`- - [text](url)` is a list item whose only content is another list: GitHub shows an "
        "empty bullet with the entry indented one level below it, out of line with its "
        "neighbours."
    ),
    bad="- - [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=BULLETS,
    fixable=True,
)

ASPECTS: tuple[str, ...] = ()

# the outer marker and its gap, then the entry's own marker and gap: `  * * [`
_DOUBLED = re.compile(r"^(?P<outer>[ \t]*[-*+][ \t]+)(?P<inner>[-*+][ \t]+)(?=\S)")


def candidates(judged: JudgedText, state: FormatState) -> Sequence[Entry]:
    """The nested bullets: a top-level one holds no doubled marker (most entries)."""
    return [entry for entry in judged.entries if entry.depth > 0 and entry.kind == "bullet"]


def applies(facts: Facts, state: FormatState) -> bool:
    return facts.entry.kind == "bullet" and facts.entry.depth > 0 and bool(_match(facts))


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    match = _match(facts)
    if match is None:
        return
    text = facts.first
    marker = match["inner"].strip()
    yield entry_finding(
        RULE,
        facts.entry.line,
        facts.entry.line,
        f"the line opens with two bullet markers (`{match[0].strip()}`), so GitHub shows an "
        f"empty bullet with this entry nested under it. Remove the second `{marker}`.",
        match["outer"] + text[match.end() :],
    )


def _match(facts: Facts) -> re.Match[str] | None:
    """The doubled markers, when the entry is the inner item of its own first line."""
    match = _DOUBLED.match(facts.first)
    if match is None or facts.first[match.end() :].startswith(("-", "*", "+")):
        return None  # `* * *` is a thematic break, and three markers are no entry's slip
    return match
