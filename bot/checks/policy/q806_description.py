"""Q806 description-missing: an added entry says nothing about what it links."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.checks.base import Context, Rule
from bot.checks.policy.options import CHECK_NAME, PolicyOptions, where
from bot.model import Entry, Finding, Severity

RULE = Rule(
    code="Q806",
    name="description-missing",
    title="An entry has no description",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="A bare name makes the reader open the link to learn what it is; a list is worth "
    "reading for its one-line descriptions. A bullet is described by the text after its "
    "link, a table row by its Description column. Off unless `policy.description_required` "
    "is true.",
    base="# Awesome X\n\n## Tools\n\n- [Alpha](https://alpha.example.org) - Does alpha.\n",
    bad="- [Beta](https://beta.example.org)\n",
    good="- [Beta](https://beta.example.org) - Does beta.\n",
    config="policy:\n  description_required: true\n",
)

_LINE_BREAK = re.compile(r"<br\s*/?>$", re.IGNORECASE)


def judge(ctx: Context, options: PolicyOptions) -> Iterator[Finding]:
    if not options.description_required:
        return
    for change in (*ctx.diff.added, *ctx.diff.changed):
        entry = change.head
        if described(entry) is not False:
            continue
        if change.base is not None and described(change.base) is False:
            continue  # it had none before this edit either
        first = entry.raw.splitlines()[0].rstrip()
        ending = _LINE_BREAK.search(first) if entry.kind == "html" else None
        cut = ending.start() if ending else len(first)  # an HTML line's `<br>` stays last
        example = f"`{first[:cut]} - What it does.{first[cut:]}`"
        column = " in its Description column" if entry.kind == "row" else f", e.g. {example}"
        yield RULE.finding(
            entry.line,
            f"`{entry.title}` has no description; this list describes every entry "
            f"({where('description_required')}). Say in one line what it is{column}.",
            entry_line=entry.line,
        )


def described(entry: Entry) -> bool | None:
    """Does the entry say what it links? None when its shape has no place for it (a link-less
    bullet, a table without a description column)."""
    if not entry.links:
        return None
    if _linked_from_a_sub_item(entry):
        return None  # named on its item, its link on a sub-item (`地址：…`): sub-items describe it
    if entry.kind in ("bullet", "html"):
        return bool(entry.description.strip())
    cells = [text for header, text in entry.cells if "descr" in header.casefold()]
    return bool(cells[0].strip()) if cells else None


def _linked_from_a_sub_item(entry: Entry) -> bool:
    primary = entry.primary
    if primary is None or primary.line <= entry.line:
        return False
    lines = entry.raw.splitlines()
    at = primary.line - entry.line
    return at < len(lines) and lines[at].lstrip()[:1] in ("*", "-", "+")
