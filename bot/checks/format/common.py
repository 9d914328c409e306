"""What several format rules ask of an entry: is it a 'see also' line, does it have a
description of its own, how does the list write its venue and separator."""

from __future__ import annotations

import re

from bot.checks.analysis.cells import cell_spans
from bot.checks.analysis.conventions import Majority
from bot.checks.analysis.facts import Facts
from bot.checks.analysis.venues import is_venue
from bot.checks.analysis.votes import VENUE, VENUE_NAME
from bot.checks.format.lines import GLUED_BULLET
from bot.checks.format.state import FormatState
from bot.urls import github_repo

_SEE_ALSO = re.compile(r"aw?e?some\b", re.I)  # 'awesome X', and this list's own 'awsome X'


def see_also(facts: Facts) -> bool:
    """A pointer to another awesome list ('- [awesome GNN](…)') is a 'see also' line, not an
    entry of the section's kind, so it need not carry the entries' label or sub-line."""
    if _SEE_ALSO.match(facts.entry.title):
        return True
    repo = next((github_repo(link.url) for link in facts.entry.links), None)
    return repo is not None and _SEE_ALSO.match(repo.split("/")[1]) is not None


def described(facts: Facts) -> bool:
    """A bullet with a description of its own (not text glued on from a broken bullet)."""
    bullet = facts.bullet
    return (
        bullet is not None
        and bullet.separator is not None
        and bool(facts.entry.description)
        and not swallowed_bullet(facts)
    )


def swallowed_bullet(facts: Facts) -> bool:
    """A later line of the entry is a glued bullet (`-[text](url)`) markdown-it joined to it."""
    return any(GLUED_BULLET.match(text) for text in facts.lines[1:])


def venue_as_listed(facts: Facts, state: FormatState) -> str:
    """The entry's venue written in the list's form and spelling ('' when it has none)."""
    venue = facts.venue
    if venue is None:
        return ""
    written = facts.first[venue.start : venue.end]
    if not is_venue(venue, state.conventions.known_venues):
        return written
    form = state.deviation(VENUE, facts, venue.form)
    spelling = state.deviation(VENUE_NAME + venue.name.lower(), facts, venue.name)
    if form is None and spelling is None:
        return written
    return venue.render(
        form.value if form is not None else venue.form,
        spelling.value if spelling is not None else venue.name,
    )


def written_separator(major: Majority) -> str:
    """The separator as the majority writes it, spaces included (' - ', ': ')."""
    bullet = major.example.bullet if major.example is not None else None
    if bullet is not None and bullet.separator is not None:
        return bullet.separator
    return f"{major.value} " if major.value == ":" else f" {major.value} " if major.value else " "


def overflow(facts: Facts) -> list[str] | None:
    """The cells a table row has past its header's last column (None: not a row that is
    wider or narrower than its header)."""
    entry = facts.entry
    width = len(entry.header)
    if entry.kind != "row" or not width or entry.cell_count == width:
        return None
    return [facts.first[s:e] for s, e in cell_spans(facts.first)[width:]]
