"""P206 above-sub-sections: a new entry right under a heading whose entries all sit in its
sub-sections.

`## Databases` holding only `### SQL` and `### NoSQL` (an intro paragraph aside) is a parent,
not a category: an entry added between the heading and its first sub-section is in no
sub-section, and readers browsing `SQL` or `NoSQL` never find it. Judged from the list's own
convention at the base, so a list that keeps entries above its sub-sections on purpose
(awesome-go's `Networking`) is followed: only a parent that holds no entry (nor table) of its
own at the base is judged, a warning when no other parent of the list holds entries of its
own either, else a notice. A heading the pull request adds is a new category, not a parent
passed over. Kept beside the placement check, which runs it on the entries it places.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bot.checks.analysis.categories import CategoryModel, is_meta_section
from bot.checks.analysis.quote import quote_title
from bot.checks.base import Context, Rule
from bot.model import Document, Entry, Finding, Heading, Severity

_BASE = (
    "# Awesome X\n\n## Databases\n\nStores of every kind.\n\n### SQL\n\n"
    "- [Ant](https://ant.example.org) - Distributed SQL database.\n"
    "\n### NoSQL\n\n- [Bee](https://bee.example.org) - Document store.\n"
)

ABOVE_SUBSECTIONS = Rule(
    code="P206",
    name="above-sub-sections",
    title="Entry sits directly under a heading whose entries all sit in its sub-sections",
    severity=Severity.WARNING,
    check="placement",
    why="A heading whose entries all sit in its sub-sections (`Databases` holding `SQL` and "
    "`NoSQL`) is a parent, not a category: an entry added between it and its first "
    "sub-section is in none of them, and readers browsing a sub-section never find it. "
    "Judged from the list as it was: a parent that already holds entries of its own is "
    "left alone, and where other parents of the list do, this is a notice. The sub-section "
    "that fits the entry best is named when the placement model is confident; an entry under "
    "a `###Name` line (no heading on GitHub without the space) is told to fix that line.",
    base=_BASE,
    after="Stores of every kind.\n",
    bad="\n- [Gnu](https://gnu.example.org) - Graph database.\n",
    good="\n### Graph\n\n- [Gnu](https://gnu.example.org) - Graph database.\n",
)

SHOWN = 4  # sub-sections a message names before `…`
# `###Serving`: GitHub needs a space after the hashes, so this is text, not a sub-section.
# The name's trailing space is stripped in Python: a lazy `.*?\s*$` is quadratic on spaces.
_NO_SPACE_HEADING = re.compile(r"^ {0,3}(#{1,6})([^#\s].*)")


@dataclass(frozen=True)
class Parents:
    """The base's parents: sections whose sub-sections hold entries, and which of them hold
    entries (or a table) of their own too."""

    with_subsections: frozenset[tuple[str, ...]]
    holding: frozenset[tuple[str, ...]]

    @classmethod
    def of(cls, base: Document) -> Parents:
        own = Counter(e.section for e in base.entries)
        own.update(t.section for t in base.tables)
        parents = {e.section[:k] for e in base.entries for k in range(1, len(e.section))}
        parents = {p for p in parents if not is_meta_section(p)}
        return cls(frozenset(parents), frozenset(p for p in parents if own[p]))

    def passed_over(self, section: tuple[str, ...]) -> bool:
        """A parent at the base whose entries all sit in its sub-sections."""
        return section in self.with_subsections and section not in self.holding


def judge(
    ctx: Context, entries: list[Entry], model: Callable[[], CategoryModel]
) -> Iterator[Finding]:
    """The placed entries right under a parent the base keeps free of entries of its own
    (`model` makes the category model, on first use)."""
    if ctx.base is None or ctx.diff.full_audit:
        return  # the list's convention is read at the base; an audit has none to compare
    parents: Parents | None = None
    dissolved = _dissolved(ctx)
    heading_lines = [h.line for h in ctx.head.headings]  # in line order: found by bisection
    searched: dict[int, tuple[int, Broken | None]] = {}
    below: dict[int, tuple[Heading, list[Heading]]] = {}  # per heading: its sub-sections
    for entry in entries:
        if entry.line in dissolved:
            continue
        parent, subsections = _subsections(ctx.head, heading_lines, entry, below)
        if parent is None or not subsections:
            continue
        parents = parents or Parents.of(ctx.base)
        if not parents.passed_over(entry.section):
            continue
        broken = _broken_heading(ctx.head, parent.line, entry.line, searched)
        if broken is not None:
            yield _broken_finding(entry, *broken)
        else:
            yield _finding(entry, subsections, _best(model(), entry), sorted(parents.holding))


def _dissolved(ctx: Context) -> frozenset[int]:
    """Entries whose sub-section the pull request took away (its heading removed or renamed,
    or every entry moved out): a maintainer reshaping the list, not a contributor's slip."""
    changes = ctx.diff.moved + ctx.diff.changed
    if not changes:
        return frozenset()  # entries only added: no sub-section was taken away
    kept = {e.section for e in ctx.head.entries}
    return frozenset(
        c.head.line for c in changes if c.base is not None and c.base.section not in kept
    )


def _subsections(
    head: Document, heading_lines: list[int], entry: Entry,
    known: dict[int, tuple[Heading, list[Heading]]],
) -> tuple[Heading | None, list[Heading]]:
    """The heading the entry sits right under, and its sub-sections (none: a leaf); `known`
    keeps them per heading, worked out once for all the entries under it."""
    above = bisect_left(heading_lines, entry.line)  # headings above the entry
    if not entry.section or not above:
        return None, []
    if above not in known:
        known[above] = _below(head.headings, above - 1)
    return known[above]


def _below(headings: tuple[Heading, ...], at: int) -> tuple[Heading, list[Heading]]:
    """The heading at `at`, and its sub-sections: the highest level of those below it."""
    parent = headings[at]
    below: list[Heading] = []
    at += 1
    while at < len(headings) and headings[at].level > parent.level:  # no slice: linear
        below.append(headings[at])
        at += 1
    top = min((h.level for h in below), default=0)
    return parent, [h for h in below if h.level == top]


Broken = tuple[int, str, str]  # (line, as written, as meant)


def _broken_heading(
    head: Document, parent: int, entry: int, searched: dict[int, tuple[int, Broken | None]]
) -> Broken | None:
    """The last `###Name` line between the parent heading and the entry, the sub-section its
    author meant to start. `searched` keeps, per parent, how far down lines were read and
    what was found, so entries in line order under one parent read each line once."""
    down_to, found = searched.get(parent, (parent, None))
    if entry - 1 < down_to:
        down_to, found = parent, None  # an entry above the last one read: read afresh
    for line in range(entry - 1, down_to, -1):
        written = head.line_text(line)
        match = _NO_SPACE_HEADING.match(written)
        if match:
            found = (line, written.strip(), f"{match[1]} {match[2].rstrip()}")
            break
    searched[parent] = (max(entry - 1, down_to), found)
    return found


def _best(model: CategoryModel, entry: Entry) -> tuple[str, ...] | None:
    """The sub-section the placement model puts the entry in, when it is sure: a list whose
    own entries it places well, and no category outside the parent fitting better."""
    if not model.calibration.reliable:
        return None
    fit = model.best(entry)
    parent = entry.section
    if fit is None or fit.section[: len(parent)] != parent:
        return None
    return fit.section[len(parent) :]


def _broken_finding(entry: Entry, line: int, written: str, meant: str) -> Finding:
    return ABOVE_SUBSECTIONS.finding(
        entry.line,
        f"{quote_title(entry)} is directly under `{entry.category}`, whose entries all sit in "
        f"its sub-sections: `{written}` (line {line}) is no heading on GitHub, which needs a "
        f"space after the `#`. Write `{meant}`.",
        end_line=entry.end_line,
        entry_line=entry.line,
    )


def _finding(
    entry: Entry,
    subsections: list[Heading],
    best: tuple[str, ...] | None,
    holding: list[tuple[str, ...]],
) -> Finding:
    names = ", ".join(f"`{h.text}`" for h in subsections[:SHOWN])
    more = ", …" if len(subsections) > SHOWN else ""
    message = (
        f"{quote_title(entry)} is directly under `{entry.category}`, whose entries all sit "
        f"in its sub-sections ({names}{more}): move it into one of them"
    )
    if best is not None:
        message += f"; `{' > '.join(best)}` fits it best"
    severity = None
    if holding:  # the list does keep entries above sub-sections elsewhere
        severity = Severity.NOTICE
        message += (
            f", unless it is meant to stand above them as the entries right under "
            f"`{holding[0][-1]}` do"
        )
    return ABOVE_SUBSECTIONS.finding(
        entry.line, message + ".", end_line=entry.end_line, entry_line=entry.line,
        severity=severity,
    )
