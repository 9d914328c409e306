"""F102 bullet-missing-space: `-[text](url)` is not a list item."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from bot.checks.analysis.facts import Facts
from bot.checks.base import Rule
from bot.checks.format.examples import BULLETS
from bot.checks.format.lines import GLUED_BULLET, entry_lines, suspect_entry
from bot.checks.format.state import CHECK_NAME, FormatState, JudgedText
from bot.checks.format.wording import entry_finding
from bot.model import Entry, Finding, Severity

RULE = Rule(
    code="F102",
    name="bullet-missing-space",
    title="No space after the bullet marker",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why=(
        "`-[text](url)` is not a list item in Markdown: GitHub glues the line to the entry "
        "above it."
    ),
    bad="-[Zeta](https://github.com/acme/zeta) - Finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=BULLETS,
    fixable=True,
)

ASPECTS: tuple[str, ...] = ()


def candidates(judged: JudgedText, state: FormatState) -> Sequence[Entry]:
    return judged.holding("-[", "*[", "+[")


def applies(facts: Facts, state: FormatState) -> bool:
    raw = facts.entry.raw
    return ("-[" in raw or "*[" in raw or "+[" in raw) and suspect_entry(facts)


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    return entry_lines(facts, judge_line)


def judge_line(text: str, scan: str, line: int, entry_line: int) -> Finding | None:
    match = GLUED_BULLET.match(scan)
    if match is None:
        return None
    marker = match["marker"]
    if marker == "*" and "*" in scan[match.end() :]:
        return None  # `*[Name](url)*` is an emphasised link, not a broken bullet
    at = match.end("marker")
    return entry_finding(
        RULE, line, entry_line,
        f"`{marker}[` has no space after the bullet `{marker}`, so GitHub does not show this "
        f"line as a list item (it is glued to the text above). Write `{marker} [`.",
        text[:at] + " " + text[at:],
    )
