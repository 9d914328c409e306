"""Conventions learned from a list's own entries: what most entries of a section do.

Every entry is read once into `Facts` (its bullet anatomy, venue, links) and casts votes,
`aspect=value` ("separator=-", "venue=VENUE'YY"). `Conventions` counts the votes of the
example entries per section and for the whole list; `majority()` names a convention only
when it is clear — a large enough share of enough entries — so a mixed list is left alone
instead of drowning in noise. Counting is lazy and cached: a full audit of a 3,000-entry
list judges each distinct vote of a section once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain

from bot.checks.analysis.facts import Facts
from bot.checks.analysis.venues import KNOWN_VENUES
from bot.checks.analysis.votes import (
    CAPITAL,
    GIT_SUFFIX,
    HTTPS,
    LIST_WIDE,
    OWN_LIST,
    PERIOD,
    SECTION_ONLY,
    TRAILING_SLASH,
    VENUE_NAME,
    split_vote,
    vote,
)

MIN_EXAMPLES = 4  # fewer agreeing entries than this is not a convention yet
MIN_SHARE = 0.7  # the majority must be at least this share of the entries that vote
MIN_SHARE_LINKS = 0.8  # URL habits are cosmetic: only flag what a list clearly avoids
OWN_LIST_MIN = 2  # bullets of a section, all alike, that make its marker its own
MIN_SECTION = 5  # a section with fewer votes on an aspect falls back to the whole list
MAX_SHAPES = 2048  # kinds of small sections whose verdicts are kept (see Conventions._shapes)
# A list with fewer descriptions than this has no style of its own yet: it follows the
# awesome manifesto's (a capital first letter, a closing period).
SMALL_LIST = 10
MANIFESTO = {CAPITAL: "yes", PERIOD: "yes"}
MANIFESTO_SCOPE = "the awesome manifesto"  # Majority.scope of a default, for the wording


@dataclass(frozen=True, slots=True)
class Majority:
    """A convention: `count` of `total` entries in `scope` do `value`."""

    aspect: str
    value: str
    count: int
    total: int
    scope: str  # "'LLM MoE'" or "this list"
    section: tuple[str, ...] | None  # None: the whole list's majority
    example: Facts | None = None  # an entry that follows it, to quote


_UNSET = Majority("", "", 0, 0, "", None)  # cache marker: not computed yet
# cache keys of the whole list's decisions and of a manifesto default (no heading is so named)
_WHOLE_LIST = ("\x00list",)
_MANIFESTO_KEY = ("\x00manifesto",)


Tally = tuple[str, int, int] | None  # (value, count, total) of a clear majority


def _tally(aspect: str, votes: dict[str, int] | None) -> Tally:
    """The value most entries vote for, if it is a clear majority."""
    if not votes:
        return None
    value = max(votes, key=votes.__getitem__)
    count, total = votes[value], sum(votes.values())
    share = MIN_SHARE_LINKS if aspect in (HTTPS, GIT_SUFFIX, TRAILING_SLASH) else MIN_SHARE
    return (value, count, total) if count >= MIN_EXAMPLES and count >= share * total else None


@dataclass
class Conventions:
    """Votes per section and for the whole list; asks for a clear majority."""

    known_venues: frozenset[str] = KNOWN_VENUES
    venue_columns: dict[tuple[str, ...], int | None] = field(default_factory=dict)
    _facts: dict[tuple[str, ...], list[Facts]] = field(default_factory=dict)
    _votes: dict[tuple[str, ...], dict[str, dict[str, int]]] = field(default_factory=dict)
    _list_votes: dict[str, dict[str, int]] | None = None
    _majorities: dict[tuple[str, tuple[str, ...]], Majority | None] = field(default_factory=dict)
    _decided: dict[tuple[str, tuple[str, ...]], tuple[tuple[str, ...], Tally]] = field(
        default_factory=dict
    )
    _verdicts: dict[tuple[str, ...], dict[str, bool]] = field(default_factory=dict)
    _scratch: _Scratch | None = None  # the small section being judged (see _Scratch)
    # the section deviates() asked about last, and its verdicts table: a verdict depends only
    # on the vote and the section, so a small section's table stays right once its scratch
    # is gone
    _last: tuple[tuple[str, ...], dict[str, bool]] | None = None
    # the verdicts of small sections, by their entries' votes: they depend on nothing else
    # (a small section is judged by its own votes and the whole list's), so the thousands
    # of one-entry sections of a long list share a few tables
    _shapes: dict[tuple[tuple[str, ...], ...], dict[str, bool]] = field(default_factory=dict)

    def majority(self, aspect: str, section: tuple[str, ...]) -> Majority | None:
        """The clear majority on `aspect` in the section (or the list), if there is one."""
        key = (aspect, section)
        major = self._majorities.get(key, _UNSET)
        if major is _UNSET:
            scope, tally = self._decide(aspect, section)
            major = None
            if tally is not None:
                where = f"'{scope[-1]}'" if scope else "this list"
                if scope == _MANIFESTO_KEY:
                    where, scope = MANIFESTO_SCOPE, ()
                major = Majority(aspect, *tally, where, scope or None)
            self._majorities[key] = major
        return major

    def deviates(self, facts: Facts) -> bool:
        """Whether any of the entry's votes goes against a majority. The fast path of every
        review: a section's entries mostly vote alike, so each vote is judged once; and they
        come section by section, so the table of the section asked last is at hand."""
        section = facts.entry.section
        last = self._last
        if last is not None and last[0] == section:
            verdicts = last[1]
        else:
            verdicts = self._verdicts_of(section)
            self._last = (section, verdicts)
        try:
            return any(map(verdicts.__getitem__, facts.observations))
        except KeyError:  # a vote not judged yet in this section
            return any(self._judge_votes(facts, verdicts))

    def deviations(self, facts: Facts) -> set[str]:
        """The aspects on which the entry goes against a majority (a venue's spelling counts
        as VENUE_NAME)."""
        verdicts = self._verdicts_of(facts.entry.section)
        judged = zip(facts.observations, self._judge_votes(facts, verdicts), strict=True)
        aspects = {split_vote(cast)[0] for cast, against in judged if against}
        return {VENUE_NAME if a.startswith(VENUE_NAME) else a for a in aspects}

    def _judge_votes(self, facts: Facts, verdicts: dict[str, bool]) -> list[bool]:
        """Each vote's verdict (True: against the majority), judging the ones not yet seen."""
        section = facts.entry.section
        for cast in facts.observations:
            if cast not in verdicts:
                aspect, value = split_vote(cast)
                tally = self._decide(aspect, section)[1]
                verdicts[cast] = tally is not None and tally[0] != value
        return [verdicts[cast] for cast in facts.observations]

    def _decide(self, aspect: str, section: tuple[str, ...]) -> tuple[tuple[str, ...], Tally]:
        """Which votes decide `aspect` for the section — its own, or the whole list's (scope
        ()) — and their clear majority. Cheap tuples: this runs for every section."""
        scratch = self._small(section)
        decisions = self._decided if scratch is None else scratch.decided
        key = (aspect, section)
        decided = decisions.get(key)
        if decided is None and aspect in MANIFESTO and self._too_small(aspect):
            decided = self._small_list(aspect, section)
            decisions[key] = decided
        if decided is None and aspect in OWN_LIST:
            decided = self._own_list(aspect, section)
        if decided is None:
            votes = None
            if aspect not in LIST_WIDE and not aspect.startswith(VENUE_NAME):
                votes = self._section_votes(section).get(aspect)
            enough = 1 if aspect in SECTION_ONLY else MIN_SECTION
            if votes is not None and sum(votes.values()) >= enough:
                decided = (section, _tally(aspect, votes))
            else:
                decided = self._decide_for_list(aspect)
            decisions[key] = decided
        return decided

    def _own_list(self, aspect: str, section: tuple[str, ...]) -> tuple[tuple[str, ...], Tally]:
        """A section whose bullets all agree is one Markdown list with its own marker (a `*`
        news list beside a `-` contents list); otherwise the list's majority decides."""
        votes = self._section_votes(section).get(aspect, {})
        if len(votes) == 1 and (count := next(iter(votes.values()))) >= OWN_LIST_MIN:
            return section, (next(iter(votes)), count, count)
        return self._decide_for_list(aspect)

    def _too_small(self, aspect: str) -> bool:
        return sum(self._whole_list().get(aspect, {}).values()) < SMALL_LIST

    def _small_list(self, aspect: str, section: tuple[str, ...]) -> tuple[tuple[str, ...], Tally]:
        """A small list keeps a majority that agrees with the manifesto; any other gives way
        to the manifesto's default."""
        votes = self._section_votes(section).get(aspect)
        scope, tally = (section, _tally(aspect, votes)) if votes else self._decide_for_list(aspect)
        if tally is not None and tally[0] == MANIFESTO[aspect]:
            return scope, tally
        return self._manifesto(aspect)

    def _manifesto(self, aspect: str) -> tuple[tuple[str, ...], Tally]:
        """The manifesto's default, standing in for a majority: (value, agreeing, voting)."""
        votes = self._whole_list().get(aspect, {})
        value = MANIFESTO[aspect]
        return (_MANIFESTO_KEY, (value, votes.get(value, 0), sum(votes.values())))

    def _decide_for_list(self, aspect: str) -> tuple[tuple[str, ...], Tally]:
        key = (aspect, _WHOLE_LIST)
        decided = self._decided.get(key)
        if decided is None:
            decided = self._decided[key] = ((), _tally(aspect, self._whole_list().get(aspect)))
        return decided

    def _section_votes(self, section: tuple[str, ...]) -> dict[str, dict[str, int]]:
        votes = self._votes.get(section)
        if votes is None:
            scratch = self._small(section)
            if scratch is not None:
                return scratch.counted()
            votes = self._votes[section] = self._count(section)
        return votes

    def _count(self, section: tuple[str, ...]) -> dict[str, dict[str, int]]:
        return _votes_of(self._facts.get(section, []))

    def _verdicts_of(self, section: tuple[str, ...]) -> dict[str, bool]:
        scratch = self._small(section)
        if scratch is not None:
            return scratch.verdicts
        verdicts = self._verdicts.get(section)
        if verdicts is None:
            verdicts = self._verdicts[section] = {}
        return verdicts

    def _small(self, section: tuple[str, ...]) -> _Scratch | None:
        """The scratch of a section with fewer than MIN_SECTION examples (None for a larger
        one, whose tables are kept): made anew when another small section is asked about."""
        scratch = self._scratch
        if scratch is not None and scratch.section == section:
            return scratch
        pool = self._facts.get(section, [])
        if section in self._votes or len(pool) >= MIN_SECTION:
            return None
        scratch = self._scratch = _Scratch(section, pool, self._shared_verdicts(pool))
        return scratch

    def _shared_verdicts(self, pool: list[Facts]) -> dict[str, bool]:
        """The verdicts table of small sections whose entries vote as these do (a fresh one
        past MAX_SHAPES distinct kinds, so that a list of unlike sections stays small)."""
        shape = tuple(facts.observations for facts in pool)
        verdicts = self._shapes.get(shape)
        if verdicts is None:
            verdicts = {}
            if len(self._shapes) < MAX_SHAPES:
                self._shapes[shape] = verdicts
        return verdicts

    def _whole_list(self) -> dict[str, dict[str, int]]:
        """The sections' votes added up."""
        if self._list_votes is None:
            # one count over every section, in order: the totals, and the order of first
            # appearance that breaks a tie, are those of the sections' counts added up
            self._list_votes = _votes_of(chain.from_iterable(self._facts.values()))
        return self._list_votes

    def example(self, major: Majority, exclude: Facts | None) -> Facts | None:
        """An entry that follows the convention, from the head file when there is one."""
        wanted = vote(major.aspect, major.value)
        section = major.section
        pools = [self._facts.get(section, [])] if section is not None else self._facts.values()
        fallback: Facts | None = None
        for pool in pools:
            for facts in pool:
                if facts is exclude or wanted not in facts.observations:
                    continue
                if facts.in_head:
                    return facts
                fallback = fallback or facts
        return fallback


@dataclass(slots=True)
class _Scratch:
    """What a small section's entries are judged by — its votes, the decisions and verdicts
    on them — kept only while that section is judged. Entries come section by section, so
    it is rarely made twice; a list of 50,000 one-entry sections would otherwise keep
    tables for each (about 3 KB a section, 190 MB in a 5 MB list)."""

    section: tuple[str, ...]
    pool: list[Facts]
    verdicts: dict[str, bool]
    votes: dict[str, dict[str, int]] | None = None  # counted when a verdict is missing
    decided: dict[tuple[str, tuple[str, ...]], tuple[tuple[str, ...], Tally]] = field(
        default_factory=dict
    )

    def counted(self) -> dict[str, dict[str, int]]:
        if self.votes is None:
            self.votes = _votes_of(self.pool)
        return self.votes


def _votes_of(pool: Iterable[Facts]) -> dict[str, dict[str, int]]:
    """The entries' votes counted per aspect, in order of first appearance."""
    pool = pool if isinstance(pool, list) else list(pool)
    if len(pool) < MIN_SECTION:  # a small section: a Counter costs more than it saves
        votes: dict[str, dict[str, int]] = {}
        for facts in pool:
            for cast in facts.observations:
                aspect, _, value = cast.partition("=")
                per_value = votes.get(aspect)
                if per_value is None:
                    per_value = votes[aspect] = {}
                per_value[value] = per_value.get(value, 0) + 1
        return votes
    # Most entries of a list vote exactly alike: their votes are counted once per distinct
    # set of them, not once per entry. A vote first met in the Nth distinct set is first met
    # in the entry where that set first stands, so the order of first appearance is the same.
    counts: dict[str, int] = {}
    for observations, entries in Counter(facts.observations for facts in pool).items():
        for cast in observations:
            counts[cast] = counts.get(cast, 0) + entries
    return _by_aspect(counts)


def _by_aspect(counts: dict[str, int]) -> dict[str, dict[str, int]]:
    """Counts of votes regrouped per aspect (plain dicts: a Counter is slow to create)."""
    votes: dict[str, dict[str, int]] = {}
    for cast, count in counts.items():
        aspect, _, value = cast.partition("=")
        per_value = votes.get(aspect)
        if per_value is None:
            per_value = votes[aspect] = {}
        per_value[value] = count
    return votes


def learn(examples: Iterable[Facts]) -> Conventions:
    """The conventions of these example entries (votes are counted when first asked for)."""
    by_section: dict[tuple[str, ...], list[Facts]] = {}
    for facts in examples:
        pool = by_section.get(facts.entry.section)
        if pool is None:
            pool = by_section[facts.entry.section] = []
        pool.append(facts)
    return Conventions(_facts=by_section)
