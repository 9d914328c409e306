"""Q803 category-too-small: a category the pull request adds to, or takes from, keeps fewer
entries than the list's policy asks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from bot.checks.base import Context, Rule
from bot.checks.policy.options import CHECK_NAME, PolicyOptions, where
from bot.model import Document, Entry, Finding, Severity

RULE = Rule(
    code="Q803",
    name="category-too-small",
    title="A category the pull request touches keeps fewer entries than the list's policy asks",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why="A category of one or two entries is a heading more to scan for little; lists like "
    "awesome-go open a category only for three packages or more, and keep it so. Judged on "
    "the categories a pull request adds entries to or removes entries from; off unless "
    "`policy.min_category_entries` is set.",
    base="# Awesome X\n\n## Tools\n\n- [Alpha](https://alpha.example.org) - Does alpha.\n"
    "- [Beta](https://beta.example.org) - Does beta.\n",
    bad="\n## Games\n\n- [Chess](https://chess.example.org) - Plays chess.\n",
    good="- [Gamma](https://gamma.example.org) - Does gamma.\n",
    config="policy:\n  min_category_entries: 3\n",
)


def judge(ctx: Context, options: PolicyOptions) -> Iterator[Finding]:
    minimum = options.min_category_entries
    if minimum is None or ctx.base is None or ctx.diff.full_audit:
        return
    counts = Counter(entry.section for entry in ctx.head.entries)
    arrived = _first_arrivals(ctx)
    for category in _touched(ctx):
        kept = counts[category]
        if kept >= minimum:
            continue
        line = arrived.get(category) or _heading_line(ctx.head, category)
        if line is None:  # the category is gone altogether: nothing left to keep small
            continue
        name = " › ".join(category)
        if category in arrived:
            doing, fix = "adds to", "Add the entry to a category that has more, or add more to it."
        else:
            doing, fix = "takes entries from", "Keep them, or move its others where they fit."
        yield RULE.finding(
            line,
            f"this list keeps at least {minimum} entries in a category "
            f"({where('min_category_entries')}); `{name}`, which this pull request {doing}, "
            f"has {kept}. {fix}",
            entry_line=line if category in arrived else None,
        )


def _first_arrivals(ctx: Context) -> dict[tuple[str, ...], int]:
    """Each category the PR adds or moves entries into, and the first such entry's line."""
    arrived: dict[tuple[str, ...], int] = {}
    for change in sorted((*ctx.diff.added, *ctx.diff.moved), key=lambda c: c.head.line):
        arrived.setdefault(change.head.section, change.head.line)
    return arrived


def _touched(ctx: Context) -> list[tuple[str, ...]]:
    """The categories the PR adds entries to or takes entries from, in order of appearance."""
    left: list[Entry] = [*ctx.diff.removed, *(c.base for c in ctx.diff.moved if c.base)]
    sections = [c.head.section for c in (*ctx.diff.added, *ctx.diff.moved)]
    sections += [entry.section for entry in left]
    return [section for section in dict.fromkeys(sections) if section]


def _heading_line(head: Document, category: tuple[str, ...]) -> int | None:
    """The head line of the category's heading, when the head still has it."""
    found = [h.line for h in head.headings if h.text == category[-1]]
    return found[0] if found else None
