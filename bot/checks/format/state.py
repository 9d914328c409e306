"""What the format check learns once per review: every entry's facts and the conventions."""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import accumulate

from bot.checks.analysis.conventions import Conventions, Majority, learn
from bot.checks.analysis.facts import Facts, read_entry, vote_venue
from bot.checks.analysis.venues import find_venue_columns, may_cite_venues, venue_names
from bot.checks.analysis.votes import SHAPE, split_vote
from bot.checks.base import Context
from bot.checks.format.options import FormatOptions
from bot.config import Config
from bot.model import Document, Entry, Finding

LOG = logging.getLogger(__name__)

CHECK_NAME = "format"
_RESTYLE_MIN = 3  # changed entries rewritten the same way that make a restyle

FactsByLine = dict[int, Facts]  # an entry's first line is unique within its document


@dataclass(frozen=True)
class FormatState:
    """What every format rule may consult while judging one entry."""

    conventions: Conventions
    config: Config
    restyled: frozenset[tuple[str, str]] = frozenset()  # (aspect, value) the PR moves to
    names_repeated_often: bool = False  # the list lets descriptions open with the name
    head: Document | None = None  # the list under review, for rules that read around an entry

    @property
    def learned_shape(self) -> bool:
        """The learned shape rules apply only when no explicit entry_pattern is set."""
        return self.options.entry_pattern is None

    @cached_property
    def absolute_links_only(self) -> bool:
        """The list's entries link full URLs, never repository files (asked only about a
        bare word written as a URL: most lists have none, and never count their links)."""
        return self.head is not None and links_are_absolute(self.head.entries)

    @cached_property
    def options(self) -> FormatOptions:
        return self.config.option(FormatOptions)  # asked for every entry: built once

    def deviation(self, aspect: str, facts: Facts, own: str) -> Majority | None:
        """The section's (or list's) clear majority on `aspect` when `own` differs from it."""
        major = self.conventions.majority(aspect, facts.entry.section)
        if major is None or major.value == own or (aspect, own) in self.restyled:
            return None
        return replace(major, example=self.conventions.example(major, facts))

    def misshapen(self, facts: Facts) -> bool:
        """A bullet among table rows (or the reverse) is rewritten whole (entry-shape); its
        label, sub-line and venue need no findings of their own."""
        major = self.conventions.majority(SHAPE, facts.entry.section)
        return major is not None and major.value != facts.entry.kind


@dataclass(frozen=True)
class JudgedText:
    """The entries a review judges, read together: a rule whose `applies` needs text that
    few of them hold is asked only about those (`candidates`), not once per entry."""

    entries: tuple[Entry, ...]

    @cached_property
    def raw(self) -> str:
        """Their source, one entry after another, each followed by a line break."""
        return "\n".join([entry.raw for entry in self.entries]) + "\n"

    @cached_property
    def _starts(self) -> list[int]:
        """Where each entry's text starts in `raw`."""
        return list(accumulate((len(entry.raw) + 1 for entry in self.entries), initial=0))

    def holding(self, *needles: str) -> list[Entry]:
        """The entries whose text (with the line break after it) holds one of `needles`.
        Past a find the search goes on from the next entry: linear however often a needle
        stands in one."""
        text, starts, found = self.raw, self._starts, []
        for needle in needles:
            at = text.find(needle)
            while at >= 0:
                index = bisect_right(starts, at) - 1
                found.append(self.entries[index])
                at = text.find(needle, starts[index + 1])
        return found

    @cached_property
    def urls(self) -> tuple[str, ...]:
        """Every link's address (a reference link's among them, which its raw text lacks)."""
        return tuple(link.url for entry in self.entries for link in entry.links)


def judged_text(ctx: Context) -> JudgedText:
    """The head versions of the entries a review judges, and the base versions of those
    it changed."""
    changed = (c.base for c in ctx.diff.judged if c.base is not None)
    return JudgedText((*(c.head for c in ctx.diff.judged), *changed))


def prepare(ctx: Context) -> tuple[FactsByLine, FactsByLine, FormatState]:
    """Read every entry once and learn the conventions from the untouched ones."""
    full = ctx.base is None or ctx.diff.full_audit
    base_entries = () if full else _base_entries(ctx)
    head, base, columns, known = _read_all(ctx, base_entries)
    if full:
        examples = list(head.values())
    else:
        examples = _pr_examples(ctx, head) + [base[e.line] for e in base_entries]
    LOG.debug("format: conventions from %d entries (%s)", len(examples), "audit" if full else "PR")
    conventions = learn(examples)
    conventions.known_venues = known
    conventions.venue_columns = columns
    restyled = frozenset() if full else _restyled(ctx, head, base)
    repeated = names_repeated_often(f.entry for f in examples)
    state = FormatState(conventions, ctx.config, restyled, repeated, ctx.head)
    return head, base, state


def names_repeated_often(entries: Iterable[Entry]) -> bool:
    """Whether one in ten or more of the list's descriptions opens with the entry's name: a
    list that lets them is not told about one more (awesome-dotnet: 14%; awesome-go: 6%)."""
    described = repeating = 0
    for entry in entries:
        if entry.kind == "bullet" and entry.description and entry.title:
            described += 1
            repeating += opens_with_name(entry.description, entry.title)
    return described >= 20 and repeating >= described / 10


def opens_with_name(description: str, title: str) -> bool:
    head = description[: len(title) + 1].lower()
    return head.startswith(title.lower()) and (len(head) == len(title) or not head[-1].isalnum())


def links_are_absolute(entries: Iterable[Entry]) -> bool:
    """Whether the entries link full URLs only: at most one path into the repository in fifty
    (the one being judged), so a bare word written as a URL is a slip, not the list's way. A
    host without its scheme (`www.x.org`) is a slip of its own and does not count."""
    absolute = relative = 0
    for entry in entries:
        for link in entry.links:
            if link.url.startswith(("http://", "https://", "mailto:")):
                absolute += 1
            elif link.url and not link.url.startswith("#") and "." not in link.url.split("/")[0]:
                relative += 1
    return absolute >= 5 and relative <= max(1, absolute // 50)


def _read_all(ctx: Context, base_entries: tuple[Entry, ...]) -> tuple[
    FactsByLine, FactsByLine, dict[tuple[str, ...], int | None], frozenset[str]
]:
    """Facts of every head entry and of the base entries, by first line, with the tables'
    venue columns and the venue names the list uses."""
    columns = find_venue_columns((*ctx.head.entries, *base_entries))
    venues = may_cite_venues(ctx.head.text)
    head = {e.line: read_entry(e, True, columns.get(e.header), venues) for e in ctx.head.entries}
    base = {e.line: read_entry(e, False, columns.get(e.header), venues) for e in base_entries}
    if not venues and all(column is None for column in columns.values()):
        return head, base, columns, venue_names(())
    known = venue_names(f.venue for f in (*head.values(), *base.values()))
    for item in (*head.values(), *base.values()):
        if item.venue is not None:
            vote_venue(item, known)
    return head, base, columns, known


def _base_entries(ctx: Context) -> tuple[Entry, ...]:
    """The base versions a pull request removed or changed."""
    return (*ctx.diff.removed, *(c.base for c in ctx.diff.changed if c.base is not None))


def _pr_examples(ctx: Context, head: FactsByLine) -> list[Facts]:
    """The head's untouched entries; in a section the PR creates, its own new entries."""
    judged = {c.head.line for c in ctx.diff.judged}
    untouched = [e for e in ctx.head.entries if e.line not in judged]
    known = {e.section for e in untouched} | {e.section for e in ctx.diff.removed}
    known |= {c.base.section for c in ctx.diff.changed if c.base is not None}
    fresh = [c.head for c in ctx.diff.judged if c.head.section not in known]
    return [head[e.line] for e in (*untouched, *fresh)]


def _restyled(ctx: Context, head: FactsByLine, base: FactsByLine) -> frozenset[tuple[str, str]]:
    """(aspect, value) pairs that several changed entries were rewritten to: a deliberate
    restyle by the maintainers (e.g. every `- [` became `- code [`), not a slip."""
    moves: Counter[tuple[str, str]] = Counter()
    for change in ctx.diff.changed:
        if change.base is None:
            continue
        before = dict(map(split_vote, base[change.base.line].observations))
        for aspect, value in dict(map(split_vote, head[change.head.line].observations)).items():
            if aspect in before and before[aspect] != value:
                moves[aspect, value] += 1
    return frozenset(move for move, count in moves.items() if count >= _RESTYLE_MIN)


def new_problems(
    found: list[Finding], head: Entry, before: list[Finding], base: Entry
) -> list[Finding]:
    """Of a changed entry's findings, those its base version did not already have."""
    old = {(f.rule, f.line - base.line) for f in before}
    return [f for f in found if (f.rule, f.line - head.line) not in old]
