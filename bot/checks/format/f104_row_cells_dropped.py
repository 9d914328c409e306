"""F104 row-cells-dropped: GitHub drops the cells past the header's last column."""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.analysis.facts import Facts
from bot.checks.analysis.quote import short
from bot.checks.base import Rule
from bot.checks.format.common import overflow
from bot.checks.format.examples import TABLE
from bot.checks.format.state import CHECK_NAME, FormatState
from bot.checks.format.wording import columns, entry_finding
from bot.model import Finding, Severity

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


def applies(facts: Facts, state: FormatState) -> bool:
    return facts.entry.cell_count != len(facts.entry.header)  # both 0 for bullets


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    extra = overflow(facts)
    if extra and any(cell.strip() for cell in extra):
        yield _dropped_cells(facts, len(facts.entry.header), extra)


def _dropped_cells(facts: Facts, width: int, extra: list[str]) -> Finding:
    shown = " | ".join(cell for cell in extra if cell.strip())
    return entry_finding(
        RULE, facts.entry.line, facts.entry.line,
        f"this row has {facts.entry.cell_count} cells but the table header has {width} "
        f"({columns(facts.entry.header)}); GitHub drops every cell after the {width}th, here "
        f"`{short(shown)}`. Move that text into one of the header's columns.",
    )
