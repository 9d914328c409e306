"""F105 row-cell-count: a row with missing or surplus empty cells."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from bot.checks.analysis.cells import cell_spans
from bot.checks.analysis.facts import Facts
from bot.checks.base import Rule
from bot.checks.format.common import overflow
from bot.checks.format.examples import TABLE
from bot.checks.format.state import CHECK_NAME, FormatState, JudgedText
from bot.checks.format.wording import columns, entry_finding
from bot.model import Entry, Finding, Severity

RULE = Rule(
    code="F105",
    name="row-cell-count",
    title="A table row has a different number of cells than its header",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why=(
        "Missing cells are left empty and extra empty cells are ignored; the row should line "
        "up with its header like the others."
    ),
    bad=(
        "| Zeta | [![Star](https://img.shields.io/github/stars/acme/zeta.svg)]"
        "(https://github.com/acme/zeta) |\n"
    ),
    good=(
        "| Zeta | [![Star](https://img.shields.io/github/stars/acme/zeta.svg)]"
        "(https://github.com/acme/zeta) | OSDI'24 |\n"
    ),
    base=TABLE,
    fixable=True,
)

ASPECTS: tuple[str, ...] = ()


def candidates(judged: JudgedText, state: FormatState) -> Sequence[Entry]:
    return [entry for entry in judged.entries if entry.cell_count != len(entry.header)]


def applies(facts: Facts, state: FormatState) -> bool:
    return facts.entry.cell_count != len(facts.entry.header)  # both 0 for bullets


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    extra = overflow(facts)
    if extra is not None and not any(cell.strip() for cell in extra):
        width = len(facts.entry.header)
        yield _misaligned_row(facts, width, cell_spans(facts.first))


def _misaligned_row(facts: Facts, width: int, spans: list[tuple[int, int]]) -> Finding:
    entry = facts.entry
    cells = [facts.first[s:e] for s, e in spans[:width]]
    cells += [""] * (width - len(cells))
    fixed = "| " + " | ".join(cells) + " |"
    if entry.cell_count < width:
        missing = columns(entry.header[entry.cell_count :])
        message = (
            f"this row has {entry.cell_count} cells but the table header has {width}; "
            f"GitHub leaves {missing} empty. Add the missing cells (even as `-`) so the row "
            "lines up with its header."
        )
    else:
        message = (
            f"this row has {entry.cell_count} cells but the table header has {width}; the "
            "extra empty cells at the end are ignored. Remove the surplus `|`."
        )
    return entry_finding(RULE, entry.line, entry.line, message, fixed)
