"""F104 row-cells-dropped: GitHub drops the cells past the header's last column."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from bot.checks.analysis.facts import Facts
from bot.checks.analysis.quote import short
from bot.checks.base import Rule
from bot.checks.format.common import overflow
from bot.checks.format.examples import TABLE
from bot.checks.format.state import CHECK_NAME, FormatState, JudgedText
from bot.checks.format.wording import columns, entry_finding
from bot.model import Entry, Finding, Severity

RULE = Rule(
    code="F104",
    name="row-cells-dropped",
    title="A table row has more cells than its header",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why="GitHub ignores every cell past the header's last column, so their text is lost.",
    bad=(
        "| Zeta | [![Star](https://img.shields.io/github/stars/acme/zeta.svg)]"
        "(https://github.com/acme/zeta) | OSDI'24 | Best Paper |\n"
    ),
    good=(
        "| Zeta | [![Star](https://img.shields.io/github/stars/acme/zeta.svg)]"
        "(https://github.com/acme/zeta) | OSDI'24 Best Paper |\n"
    ),
    base=TABLE,
    fixable=False,
)

ASPECTS: tuple[str, ...] = ()


def candidates(judged: JudgedText, state: FormatState) -> Sequence[Entry]:
    return [entry for entry in judged.entries if entry.cell_count != len(entry.header)]


def applies(facts: Facts, state: FormatState) -> bool:
    return facts.entry.cell_count != len(facts.entry.header)  # both 0 for bullets


# A note written to be invisible: an HTML comment, or the `[//]: # (note)` idiom (a link
# reference definition, which renders as nothing). Some lists end every row with one as a
# hidden date or id; GitHub dropping that cell is what its author wants.
_HIDDEN_NOTE = re.compile(r"<!--(?:(?!-->).)*-->|\[[^\]]*\]:[ \t]*(?:#|<>).*")


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    lost = [cell for cell in overflow(facts) or () if _shows_text(cell)]
    if lost:
        yield _dropped_cells(facts, len(facts.entry.header), lost)


def _shows_text(cell: str) -> bool:
    return bool(cell.strip()) and not _HIDDEN_NOTE.fullmatch(cell.strip())


def _dropped_cells(facts: Facts, width: int, extra: list[str]) -> Finding:
    shown = " | ".join(extra)
    return entry_finding(
        RULE, facts.entry.line, facts.entry.line,
        f"this row has {facts.entry.cell_count} cells but the table header has {width} "
        f"({columns(facts.entry.header)}); GitHub drops every cell past column {width}, here "
        f"`{short(shown)}`. Move that text into one of the header's columns.",
    )
