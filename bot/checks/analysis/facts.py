"""An entry read once into `Facts`: its bullet anatomy, sub-line, venue, and its votes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from sys import intern
from typing import NamedTuple

from bot.checks.analysis.venues import Venue, bullet_venue, cell_venue, is_venue
from bot.checks.analysis.votes import (
    CAPITAL,
    DESCRIPTION,
    GIT_SUFFIX,
    HTTPS,
    PERIOD,
    SHAPE,
    TRAILING_SLASH,
    VENUE,
    VENUE_NAME,
    vote,
)
from bot.model import Entry

# A bullet's first line: indent, marker, gap, an optional one-word label ("code"), then the
# title link (its text may hold one level of brackets: a badge `[![alt](img)](url)`), then
# what may sit before the separator without being the description — code spans
# (awesome-selfhosted's `⚠`) and image badges — then the separator. One regex, one pass.
_BULLET_HEAD = r"(?P<indent>[ \t]*)(?P<marker>[-*+])(?P<gap>[ \t]+)"
_LINK = (
    r"\[(?:[^\[\]]++|\[[^\[\]]*+\])*+\]"  # text, holding at most one level of brackets
    r"\((?:[^()\s]++|\([^()\s]*+\))*+(?:[ \t]+\"[^\"]*\")?\)"  # url (balanced parens), title
)
_BULLET = re.compile(
    # a doubled marker (`* * [x](…)`, F134) is skipped: the entry is read as written after it
    _BULLET_HEAD + r"(?:[-*+][ \t]+)?(?:(?P<label>[A-Za-z][\w-]{0,15})[ \t]+)?"
    r"(?P<link>" + _LINK + r")"
    r"(?:[ \t]*(?:`[^`\n]*+`|!\[[^\]\n]*+\]\([^)\s]*+\)))*"
    r"(?P<sep>[ \t]*[-–—:]*[ \t]*)"
)
_LINK_GROUP = _BULLET.groupindex["link"]
assert tuple(_BULLET.groupindex) == ("indent", "marker", "gap", "label", "link", "sep")
_BULLET_START = re.compile(_BULLET_HEAD)
_SUB_LINE = re.compile(r"[ \t]*(?:(?P<label>[A-Za-z][\w-]{0,15})[ \t]+)?\[")
_GITHUB_ROOT = re.compile(r"https?://(?:www\.)?github\.com/[^/?#\s]+/[^/?#\s]+/*$")
_TERMINAL = ".!?…。！？．"  # CJK text ends its sentences with full-width marks


class Bullet(NamedTuple):
    """The anatomy of a bullet's first line; offsets index into that line."""

    indent: str
    marker: str
    label: str | None  # None: the line starts with text, not a (labelled) link
    link_start: int  # where the title link's '[' is (or the text begins)
    link_end: int  # just after the title link's ')'
    separator: str | None  # None: no description on the first line
    description_start: int


@dataclass(eq=False, slots=True)
class Facts:
    """One entry read once: what it shows of each convention."""

    entry: Entry
    in_head: bool  # its line numbers are the head file's (examples quote them)
    lines: tuple[str, ...]  # the entry's source lines, line 1 first
    bullet: Bullet | None = None
    sub_label: str | None = None
    venue: Venue | None = None
    observations: tuple[str, ...] = ()  # votes, "aspect=value" (see vote())

    @property
    def first(self) -> str:
        return self.lines[0] if self.lines else ""


def read_entry(
    entry: Entry, in_head: bool, venue_column: int | None = None, venues: bool = True
) -> Facts:
    """Read an entry's facts and votes (its venue's are added by vote_venue).

    `venue_column`: the table column holding venues, if any; `venues`: whether to look for
    venues in bullets at all (see may_cite_venues). Written flat on purpose: it runs once
    for every entry of the list, so every call it saves counts.
    """
    raw = entry.raw
    facts = Facts(entry, in_head, tuple(raw.split("\n")) if "\n" in raw else (raw,))
    votes = [_SHAPES[entry.kind]]
    if entry.kind == "bullet":
        _read_bullet(facts, votes, venues)
    elif venue_column is not None:
        facts.venue = cell_venue(facts.first, venue_column, entry.line)
    for link in entry.links:
        url = link.url
        if url.startswith("https://"):
            votes.append(_HTTPS_YES)
        elif url.startswith("http://"):
            votes.append(_HTTPS_NO)
        # the pattern needs `github.com/`: a substring test spares most other links a match
        if "github.com/" in url and _GITHUB_ROOT.match(url):
            votes.append(_GIT_YES if url.rstrip("/").endswith(".git") else _GIT_NO)
            votes.append(_SLASH_YES if url[-1] == "/" else _SLASH_NO)
    facts.observations = tuple(votes)
    return facts


def _read_bullet(facts: Facts, votes: list[str], venues: bool) -> None:
    """A bullet's anatomy, sub-line and venue, and its votes on them."""
    bullet = facts.bullet = read_bullet(facts.first)
    if bullet is None:
        return
    # vote() written out, here and below: one string per distinct vote, not per entry, looked
    # up rather than joined and interned again for every entry
    votes.append(_MARKER_VOTES[bullet.marker])
    label = bullet.label
    if label is None:
        return
    if len(facts.lines) > 1:
        facts.sub_label = _sub_label(facts)
    if venues:
        facts.venue = _bullet_venue(facts)
    votes.append(_LABEL_VOTES.get(label) or _remembered_vote(_LABEL_VOTES, "label=", label))
    sub = facts.sub_label or ""
    votes.append(_SUB_LINE_VOTES.get(sub) or _remembered_vote(_SUB_LINE_VOTES, "sub-line=", sub))
    separator = bullet.separator
    if facts.entry.depth == 0 and len(facts.lines) == 1:  # sub-items and sub-lines vary
        votes.append(_DESCRIBED_NO if separator is None else _DESCRIBED_YES)
    if separator is None:
        return
    # "-", "–", ":" or "" (a space), keyed by the separator as written
    votes.append(
        _SEPARATOR_VOTES.get(separator) or _remembered_vote(_SEPARATOR_VOTES, "", separator)
    )
    _description_votes(facts, bullet, votes)


def _description_votes(facts: Facts, bullet: Bullet, votes: list[str]) -> None:
    description = facts.entry.description
    if not description:
        return
    ended = description[-1] in _TERMINAL or ends_sentence(description)
    votes.append(_PERIOD_YES if ended else _PERIOD_NO)
    # the raw text: a leading code span (`beta`) is markup, not the first word
    line, start = facts.first, bullet.description_start
    if line[start : start + 1].isupper():  # most descriptions: the first word's first letter
        votes.append(_CAPITAL_YES)
        return
    capital = starts_capital(_first_word(line, start), facts.entry.title)
    if capital is not None:
        votes.append(_CAPITAL_YES if capital else _CAPITAL_NO)


# the votes seen so far on the label, the sub-line label and the separator (a separator's
# by the separator as written); each table is bounded, as hostile input has no end of them
_MARKER_VOTES = {marker: intern("marker=" + marker) for marker in "-*+"}
_LABEL_VOTES: dict[str, str] = {}
_SUB_LINE_VOTES: dict[str, str] = {}
_SEPARATOR_VOTES: dict[str, str] = {}
_MOST_VOTES = 512


def _remembered_vote(table: dict[str, str], aspect: str, value: str) -> str:
    """The vote `aspect` + `value` (for a separator: `separator=` and its stripped self),
    kept in `table` while it holds fewer than _MOST_VOTES."""
    cast = intern(aspect + value if aspect else "separator=" + value.strip())
    if len(table) < _MOST_VOTES:
        table[value] = cast
    return cast


def read_bullet(line: str) -> Bullet | None:
    """Split a bullet line into marker, label, title link, separator and description.

    Not remembered by text: a review reads each entry's first line once, and a long list's
    lines are all distinct, so a remembered miss (a Python frame, a store, a clear when
    full) costs a third more than reading the line again."""
    match = _BULLET.match(line)
    if match is None:
        head = _BULLET_START.match(line)
        if head is None:
            return None
        return Bullet(head["indent"], head["marker"], None, head.end(), head.end(), None, 0)
    indent, marker, _, label, _, separator = match.groups()  # by position: named, slower
    start, end = match.span(_LINK_GROUP)
    stop = match.end()
    # after a bare space, a link or a bracket is more markup, not a description
    described = stop < len(line) and (separator.strip() != "" or line[stop] not in "[(<! \t")
    parts = (indent, marker, label or "", start, end, separator if described else None, stop)
    return tuple.__new__(Bullet, parts)  # NamedTuple's own __new__ is a slow Python frame


def _sub_label(facts: Facts) -> str:
    """The label of the entry's first sub-line holding a link ('' when there is none)."""
    for text in facts.lines[1:]:
        if "](" not in text:
            continue
        match = _SUB_LINE.match(text)
        if match is not None:
            return match["label"] or "["
    return ""


def _bullet_venue(facts: Facts) -> Venue | None:
    bullet = facts.bullet
    if bullet is None or bullet.label is None:
        return None
    return bullet_venue(facts.first, bullet.link_start, bullet.link_end, facts.entry.line)


def vote_venue(facts: Facts, known: frozenset[str]) -> None:
    """Add the entry's venue votes, once the list's venue names are known."""
    venue = facts.venue
    if venue is not None and is_venue(venue, known):
        form = intern(vote(VENUE, venue.form))
        spelling = intern(vote(VENUE_NAME + venue.name.lower(), venue.name))
        facts.observations = (*facts.observations, form, spelling)


def ends_sentence(text: str) -> bool:
    """Ends with . ! ? or …, maybe inside a closing bracket or quote: `(beta).`, `"Go!"`."""
    if text[-1:] in _TERMINAL:
        return True
    text = text.rstrip()
    return text[-1:] in ")\"'”’）」』" and text[-2:-1] in _TERMINAL and len(text) > 1


def _first_word(line: str, start: int) -> str:
    end = line.find(" ", start)
    return line[start:end] if end >= 0 else line[start:]


def starts_capital(first: str, title: str) -> bool | None:
    """Whether a description's first word starts with a capital; None when a capital would
    be wrong: a description may rightly start with a lower-case name (`npm`, `i18n`,
    `go-kit`, `isatty for golang`, the entry's own name), so those do not vote.
    """
    if not first or not first[0].isalpha():
        return None
    if first[0].isupper():
        return True
    word = first.rstrip(".,:;")
    if not word.isalpha() or not word.islower() or _names_title(word, title):
        return None
    return False


def _names_title(word: str, title: str) -> bool:
    lowered = title.lower()
    return word in lowered or (len(lowered) > 2 and lowered in word)


_SHAPES = {kind: vote(SHAPE, kind) for kind in ("bullet", "row", "html")}
_PERIOD_YES, _PERIOD_NO = vote(PERIOD, "yes"), vote(PERIOD, "no")
_DESCRIBED_YES, _DESCRIBED_NO = vote(DESCRIPTION, "yes"), vote(DESCRIPTION, "no")
_CAPITAL_YES, _CAPITAL_NO = vote(CAPITAL, "yes"), vote(CAPITAL, "no")
_HTTPS_YES, _HTTPS_NO = vote(HTTPS, "https"), vote(HTTPS, "http")
_GIT_YES, _GIT_NO = vote(GIT_SUFFIX, "yes"), vote(GIT_SUFFIX, "no")
_SLASH_YES, _SLASH_NO = vote(TRAILING_SLASH, "yes"), vote(TRAILING_SLASH, "no")


def github_root(url: str) -> bool:
    """A link to a repository's front page (not a file or folder inside it)."""
    return _GITHUB_ROOT.match(url) is not None
