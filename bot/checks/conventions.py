"""Conventions learned from a list's own entries: what most entries of a section do.

Every entry is read once into `Facts` (its bullet anatomy, venue, links) and casts votes,
`aspect=value` ("separator=-", "venue=VENUE'YY"). `Conventions` counts the votes of the
example entries per section and for the whole list; `majority()` names a convention only
when it is clear — a large enough share of enough entries — so a mixed list is left alone
instead of drowning in noise. Counting is lazy and cached: a full audit of a 3,000-entry
list judges each distinct vote of a section once.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain, pairwise
from typing import NamedTuple

from bot.model import Entry

# aspects; a section's entries vote on these
SHAPE = "shape"  # "bullet" | "row"
LABEL = "label"  # word before the first link ("code"), "" when the line starts with the link
SUB_LINE = "sub-line"  # label of the first sub-line ("paper"), "[" for a bare link, "" none
SEPARATOR = "separator"  # between the title link and the description: "-", ":", "" ...
PERIOD = "period"  # description ends with . ! ? …: "yes" | "no"
CAPITAL = "capital"  # description starts with a capital: "yes" | "no"
VENUE = "venue"  # the form a venue and year are written in: "VENUE'YY", "VENUE YY" ...
# aspects the whole list votes on (a marker or URL habit is the list's, not a section's)
MARKER = "marker"
HTTPS = "https"  # "https" | "http", per link
GIT_SUFFIX = "git-suffix"  # github.com repository links ending in .git: "yes" | "no"
TRAILING_SLASH = "trailing-slash"  # github.com repository links ending in /: "yes" | "no"
VENUE_NAME = "venue-name:"  # + lower-case name; value: the spelling, e.g. "OSDI"
LIST_WIDE = frozenset({MARKER, HTTPS, GIT_SUFFIX, TRAILING_SLASH})
# Sections may rightly differ in shape (a table of researchers in a list of bullets), so a
# section with entries of its own is never judged by the whole list's shape.
SECTION_ONLY = frozenset({SHAPE})

MIN_EXAMPLES = 4  # fewer agreeing entries than this is not a convention yet
MIN_SHARE = 0.7  # the majority must be at least this share of the entries that vote
MIN_SHARE_LINKS = 0.8  # URL habits are cosmetic: only flag what a list clearly avoids
MIN_SECTION = 5  # a section with fewer votes on an aspect falls back to the whole list

# Venues well known in systems/ML lists, so `OSDI 24` is recognised as a venue even in a
# list that never wrote OSDI before; names a list writes as NAME'YY are learned on top.
KNOWN_VENUES = frozenset({
    "arxiv", "osdi", "sosp", "nsdi", "atc", "eurosys", "asplos", "isca", "micro", "hpca",
    "sc", "mlsys", "icml", "iclr", "neurips", "nips", "socc", "sigcomm", "vldb", "sigmod",
    "ppopp", "fast", "cvpr", "iccv", "eccv", "acl", "emnlp", "naacl", "kdd", "www", "aaai",
    "ijcai", "icde", "sigmetrics", "tpds", "ipdps", "icpp", "hpdc", "ics", "pldi", "popl",
    "oopsla", "cgo", "dac", "iccad", "mobicom", "mobisys", "infocom", "aistats", "colm",
    "usenix",
})  # fmt: skip

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
    _BULLET_HEAD + r"(?:(?P<label>[A-Za-z][\w-]{0,15})[ \t]+)?"
    r"(?P<link>" + _LINK + r")"
    r"(?:[ \t]*(?:`[^`\n]*+`|!\[[^\]\n]*+\]\([^)\s]*+\)))*"
    r"(?P<sep>[ \t]*[-–—:]*[ \t]*)"
)
_BULLET_START = re.compile(_BULLET_HEAD)
_SUB_LINE = re.compile(r"[ \t]*(?:(?P<label>[A-Za-z][\w-]{0,15})[ \t]+)?\[")
# A venue and year, e.g. OSDI'24, NeurIPS '22, OSDI 24, SC21, OSDI 2024, 23arxiv.
_VENUE_CORE = (
    r"(?P<tok>(?P<name>[A-Za-z]{2,15})(?:(?P<apos>[ \t]?'[ \t]?)(?P<ya>\d{2})"
    r"|[ \t](?P<ys>\d{2}|(?:19|20)\d{2})|(?P<yj>\d{2}))"
    r"|(?P<yp>\d{2})(?P<namep>[A-Za-z]{2,15}))"
)
_VENUE_AT_END = re.compile(r"(?<![A-Za-z0-9'])" + _VENUE_CORE + r"[ \t]*$")
_VENUE_CELL = re.compile(r"[ \t]*(?<![A-Za-z0-9'])" + _VENUE_CORE + r"(?![A-Za-z0-9])")
_VENUE_HINT = re.compile(r"'[ \t]?\d\d(?![0-9A-Za-z])")  # the '24 of OSDI'24
_CELL_SPLIT = re.compile(r"(?<!\\)\|")  # GFM splits cells on every unescaped pipe
_GITHUB_ROOT = re.compile(r"https?://(?:www\.)?github\.com/[^/?#\s]+/[^/?#\s]+/*$")
_TERMINAL = ".!?…"


@dataclass(frozen=True, slots=True)
class Venue:
    """A venue token as written, and where: `line` 1-based, `start`/`end` in that line."""

    name: str
    year: str  # as written: two or four digits
    form: str  # "VENUE'YY", "VENUE 'YY", "VENUE YY", "VENUE YYYY", "VENUEYY", "YYVENUE"
    line: int
    start: int
    end: int

    def render(self, form: str, name: str | None = None) -> str:
        """This venue in another form (and spelling), e.g. OSDI 25 → OSDI'25."""
        name = name or self.name
        yy = self.year[-2:]
        return {
            "VENUE'YY": f"{name}'{yy}",
            "VENUE 'YY": f"{name} '{yy}",
            "VENUE YY": f"{name} {yy}",
            "VENUE YYYY": f"{name} {self.year if len(self.year) == 4 else '20' + yy}",
            "VENUEYY": f"{name}{yy}",
            "YYVENUE": f"{yy}{name}",
        }.get(form, f"{name}'{yy}")


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
        facts.venue = _cell_venue(facts.first, venue_column, entry.line)
    for link in entry.links:
        url = link.url
        if url.startswith("https://"):
            votes.append(_HTTPS_YES)
        elif url.startswith("http://"):
            votes.append(_HTTPS_NO)
        if _GITHUB_ROOT.match(url):
            votes.append(_GIT_YES if url.rstrip("/").endswith(".git") else _GIT_NO)
            votes.append(_SLASH_YES if url[-1] == "/" else _SLASH_NO)
    facts.observations = tuple(votes)
    return facts


def _read_bullet(facts: Facts, votes: list[str], venues: bool) -> None:
    """A bullet's anatomy, sub-line and venue, and its votes on them."""
    bullet = facts.bullet = read_bullet(facts.first)
    if bullet is None:
        return
    votes.append("marker=" + bullet.marker)  # vote() written out, here and below
    if bullet.label is None:
        return
    if len(facts.lines) > 1:
        facts.sub_label = _sub_label(facts)
    if venues:
        facts.venue = _bullet_venue(facts)
    votes.append("label=" + bullet.label)
    votes.append("sub-line=" + (facts.sub_label or ""))
    if bullet.separator is None:
        return
    votes.append("separator=" + bullet.separator.strip())  # "-", "–", ":" or "" (a space)
    _description_votes(facts, bullet, votes)


def _description_votes(facts: Facts, bullet: Bullet, votes: list[str]) -> None:
    description = facts.entry.description
    if not description:
        return
    ended = description[-1] in _TERMINAL or ends_sentence(description)
    votes.append(_PERIOD_YES if ended else _PERIOD_NO)
    # the raw text: a leading code span (`beta`) is markup, not the first word
    word = _first_word(facts.first, bullet.description_start)
    capital = True if word[:1].isupper() else starts_capital(word, facts.entry.title)
    if capital is not None:
        votes.append(_CAPITAL_YES if capital else _CAPITAL_NO)


def read_bullet(line: str) -> Bullet | None:
    """Split a bullet line into marker, label, title link, separator and description."""
    match = _BULLET.match(line)
    if match is None:
        head = _BULLET_START.match(line)
        if head is None:
            return None
        return Bullet(head["indent"], head["marker"], None, head.end(), head.end(), None, 0)
    indent, marker, label, separator = match.group("indent", "marker", "label", "sep")
    start, end = match.span("link")
    stop = match.end()
    # after a bare space, a link or a bracket is more markup, not a description
    described = stop < len(line) and (separator.strip() != "" or line[stop] not in "[(<! \t")
    parts = (indent, marker, label or "", start, end, separator if described else None, stop)
    return tuple.__new__(Bullet, parts)  # NamedTuple's own __new__ is a slow Python frame


def may_cite_venues(text: str) -> bool:
    """Whether a list writes any venue as NAME'YY. Lists that never do (most of them) are
    spared the venue search in every bullet; one C-speed scan of the text decides."""
    return _VENUE_HINT.search(text) is not None


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
    """A venue at the end of the title link's text, or at the end of the first line."""
    bullet = facts.bullet
    if bullet is None or bullet.label is None:
        return None
    line = facts.first
    text_end = line.rfind("](", bullet.link_start, bullet.link_end)
    match = _venue_at_end(line, bullet.link_start + 1, text_end) or _venue_at_end(
        line, bullet.link_end, len(line)
    )
    return _venue(match, facts.entry.line) if match is not None else None


def _venue_at_end(line: str, start: int, end: int) -> re.Match[str] | None:
    """A venue token ending the text line[start:end]; cheap tests spare the regex search."""
    stop = len(line[start:end].rstrip()) + start
    if stop - start < 3:
        return None
    if not line[stop - 1].isdigit():
        word = line.rfind(" ", start, stop) + 1 or start
        if not line[word : word + 2].isdigit():  # 23arxiv is the one form ending in letters
            return None
    # a venue token is short: search only the tail (lookbehind still sees what precedes)
    return _VENUE_AT_END.search(line, max(start, stop - 24), end)


def _cell_venue(line: str, column: int, line_no: int) -> Venue | None:
    spans = cell_spans(line)
    if column >= len(spans):
        return None
    start, end = spans[column]
    match = _VENUE_CELL.match(line, start, end)
    return _venue(match, line_no) if match is not None else None


def _venue(match: re.Match[str], line_no: int) -> Venue:
    if match["namep"]:
        name, year, form = match["namep"], match["yp"], "YYVENUE"
    elif match["ya"]:
        name, year = match["name"], match["ya"]
        form = "VENUE'YY" if match["apos"] == "'" else "VENUE 'YY"
    elif match["ys"]:
        name, year = match["name"], match["ys"]
        form = "VENUE YY" if len(year) == 2 else "VENUE YYYY"
    else:
        name, year, form = match["name"], match["yj"], "VENUEYY"
    return Venue(name, year, form, line_no, match.start("tok"), match.end("tok"))


def cell_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each cell's stripped text in a table row line."""
    bounds = [m.start() for m in _CELL_SPLIT.finditer(line)]
    stripped = line.rstrip()
    spans: list[tuple[int, int]] = []
    for left, right in pairwise([-1, *bounds, len(line)]):
        cell = line[left + 1 : right]
        start = left + 1 + len(cell) - len(cell.lstrip(" \t"))
        spans.append((start, max(start, left + 1 + len(cell.rstrip(" \t")))))
    # a leading pipe leaves an empty cell before it, a trailing pipe one after it
    if line.lstrip().startswith("|"):
        spans = spans[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        spans = spans[:-1]
    return spans


# --------------------------------------------------------------------------- observations


def vote(aspect: str, value: str) -> str:
    """One observation, 'aspect=value'. Votes are strings, not pairs, because a full audit
    casts tens of thousands and strings cost the garbage collector nothing."""
    return aspect + "=" + value


def split_vote(cast: str) -> tuple[str, str]:
    aspect, _, value = cast.partition("=")
    return aspect, value


def vote_venue(facts: Facts, known: frozenset[str]) -> None:
    """Add the entry's venue votes, once the list's venue names are known."""
    venue = facts.venue
    if venue is not None and is_venue(venue, known):
        form = vote(VENUE, venue.form)
        spelling = vote(VENUE_NAME + venue.name.lower(), venue.name)
        facts.observations = (*facts.observations, form, spelling)


def is_venue(venue: Venue, known: frozenset[str]) -> bool:
    """NAME'YY is distinctive on its own; other forms only count for a known venue name."""
    return venue.form == "VENUE'YY" or venue.name.lower() in known


def ends_sentence(text: str) -> bool:
    """Ends with . ! ? or …, maybe inside a closing bracket or quote: `(beta).`, `"Go!"`."""
    if text[-1:] in _TERMINAL:
        return True
    text = text.rstrip()
    return text[-1:] in ")\"'”’" and text[-2:-1] in _TERMINAL and len(text) > 1


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


_SHAPES = {"bullet": vote(SHAPE, "bullet"), "row": vote(SHAPE, "row")}
_PERIOD_YES, _PERIOD_NO = vote(PERIOD, "yes"), vote(PERIOD, "no")
_CAPITAL_YES, _CAPITAL_NO = vote(CAPITAL, "yes"), vote(CAPITAL, "no")
_HTTPS_YES, _HTTPS_NO = vote(HTTPS, "https"), vote(HTTPS, "http")
_GIT_YES, _GIT_NO = vote(GIT_SUFFIX, "yes"), vote(GIT_SUFFIX, "no")
_SLASH_YES, _SLASH_NO = vote(TRAILING_SLASH, "yes"), vote(TRAILING_SLASH, "no")


def github_root(url: str) -> bool:
    """A link to a repository's front page (not a file or folder inside it)."""
    return _GITHUB_ROOT.match(url) is not None


# --------------------------------------------------------------------------- learning


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
_WHOLE_LIST = ("\x00list",)  # cache key of the whole list's decisions (no heading is so named)


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

    def majority(self, aspect: str, section: tuple[str, ...]) -> Majority | None:
        """The clear majority on `aspect` in the section (or the list), if there is one."""
        key = (aspect, section)
        major = self._majorities.get(key, _UNSET)
        if major is _UNSET:
            scope, tally = self._decide(aspect, section)
            major = None
            if tally is not None:
                where = f"'{scope[-1]}'" if scope else "this list"
                major = Majority(aspect, *tally, where, scope or None)
            self._majorities[key] = major
        return major

    def deviates(self, facts: Facts) -> bool:
        """Whether any of the entry's votes goes against a majority. The fast path of every
        review: a section's entries mostly vote alike, so each vote is judged once."""
        verdicts = self._verdicts.get(facts.entry.section)
        if verdicts is None:
            verdicts = self._verdicts[facts.entry.section] = {}
        try:
            return any(map(verdicts.__getitem__, facts.observations))
        except KeyError:  # a vote not judged yet in this section
            return any(self._judge_votes(facts, verdicts))

    def deviations(self, facts: Facts) -> set[str]:
        """The aspects on which the entry goes against a majority (a venue's spelling counts
        as VENUE_NAME)."""
        verdicts = self._verdicts.setdefault(facts.entry.section, {})
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
        key = (aspect, section)
        decided = self._decided.get(key)
        if decided is None:
            votes = None
            if aspect not in LIST_WIDE and not aspect.startswith(VENUE_NAME):
                votes = self._section_votes(section).get(aspect)
            enough = 1 if aspect in SECTION_ONLY else MIN_SECTION
            if votes is not None and sum(votes.values()) >= enough:
                decided = (section, _tally(aspect, votes))
            else:
                decided = self._decide_for_list(aspect)
            self._decided[key] = decided
        return decided

    def _decide_for_list(self, aspect: str) -> tuple[tuple[str, ...], Tally]:
        key = (aspect, _WHOLE_LIST)
        decided = self._decided.get(key)
        if decided is None:
            decided = self._decided[key] = ((), _tally(aspect, self._whole_list().get(aspect)))
        return decided

    def _section_votes(self, section: tuple[str, ...]) -> dict[str, dict[str, int]]:
        votes = self._votes.get(section)
        if votes is None:
            pool = self._facts.get(section, [])
            every = chain.from_iterable(f.observations for f in pool)
            votes = self._votes[section] = _by_aspect(Counter(every))
        return votes

    def _whole_list(self) -> dict[str, dict[str, int]]:
        """The sections' votes added up."""
        if self._list_votes is None:
            total: dict[str, dict[str, int]] = {}
            for section in self._facts:
                for aspect, counts in self._section_votes(section).items():
                    into = total.setdefault(aspect, {})
                    for value, count in counts.items():
                        into[value] = into.get(value, 0) + count
            self._list_votes = total
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


def _by_aspect(counts: Counter[str]) -> dict[str, dict[str, int]]:
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


def venue_names(facts: Iterable[Facts]) -> frozenset[str]:
    """Names this list writes as NAME'YY, plus the well-known venues."""
    learned = {
        f.venue.name.lower() for f in facts if f.venue is not None and f.venue.form == "VENUE'YY"
    }
    return KNOWN_VENUES | learned


def find_venue_columns(rows: Iterable[Entry]) -> dict[tuple[str, ...], int | None]:
    """For each table header, the column most of whose cells are venues (OSDI'24), if any."""
    samples: dict[tuple[str, ...], list[Entry]] = defaultdict(list)
    for row in rows:
        if row.kind == "row" and len(samples[row.header]) < 12:
            samples[row.header].append(row)
    return {header: _venue_column(header, sample) for header, sample in samples.items()}


def _venue_column(header: tuple[str, ...], rows: list[Entry]) -> int | None:
    hits: Counter[int] = Counter()
    for row in rows:
        line = row.raw.split("\n", 1)[0]
        for index, (start, end) in enumerate(cell_spans(line)[: len(header)]):
            match = _VENUE_CELL.match(line, start, end)
            if match is not None and is_venue(_venue(match, row.line), KNOWN_VENUES):
                hits[index] += 1
    if not hits:
        return None
    column, count = hits.most_common(1)[0]
    return column if count * 2 >= len(rows) else None
