"""The entries whose place in their list's order a review judges.

Those a pull request adds; those it moves into another section; those whose name or date it
edits (a changed description keeps the entry's place); and those it moves within their list:
the fewest entries whose moving explains the new order (the rest kept their order).
"""

from __future__ import annotations

from collections import defaultdict

from bot.checks.base import Context
from bot.checks.order.dates import plain
from bot.checks.order.runs import Run, alphabetical_key
from bot.checks.order.sequence import is_sorted, kept
from bot.model import Document, Entry


def judged_lines(ctx: Context, head_runs: list[Run]) -> set[int]:
    """Head lines of the entries to judge."""
    diff = ctx.diff
    lines = {change.head.line for change in diff.added + diff.moved}
    lines |= {
        change.head.line
        for change in diff.changed
        if change.base is None or _sort_text(change.head) != _sort_text(change.base)
    }
    if ctx.base is not None and not diff.full_audit:
        lines |= _moved_within(ctx.base, head_runs, lines)
    return lines


def _sort_text(entry: Entry) -> tuple[tuple[str] | None, tuple[str, ...]]:
    """What an entry is sorted by: its name, and its cells (a row's date is one of them)."""
    return alphabetical_key(entry), tuple(plain(text) for _, text in entry.cells)


def _moved_within(base: Document, head_runs: list[Run], judged: set[int]) -> set[int]:
    """Unchanged entries whose order among their list's other unchanged entries changed."""
    positions: dict[str, list[int]] = defaultdict(list)
    for index, entry in enumerate(base.entries):
        positions[_text(entry)].append(index)
    taken: dict[str, int] = defaultdict(int)
    moved: set[int] = set()
    for each in head_runs:
        found: list[tuple[int, int]] = []  # (head line, base position)
        for member in each.members:
            entry = member.entry
            if entry.line in judged:
                continue
            text = _text(entry)
            seen = positions.get(text, [])
            if taken[text] < len(seen):
                found.append((entry.line, seen[taken[text]]))
                taken[text] += 1
        if is_sorted([(position,) for _, position in found]):
            continue  # the common case: nothing moved
        order = kept([(position,) for _, position in found], [1] * len(found))
        moved |= {line for i, (line, _) in enumerate(found) if i not in order}
    return moved


def _text(entry: Entry) -> str:
    return " ".join(entry.raw.split())
