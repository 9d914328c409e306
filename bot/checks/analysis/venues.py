"""Venues and years written in paper lists (OSDI'24, NeurIPS '22, 23arxiv): found, parsed
and rendered in another form."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bot.checks.analysis.cells import cell_spans
from bot.model import Entry

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

# A venue and year, e.g. OSDI'24, NeurIPS '22, OSDI 24, SC21, OSDI 2024, 23arxiv.
_VENUE_CORE = (
    r"(?P<tok>(?P<name>[A-Za-z]{2,15})(?:(?P<apos>[ \t]?'[ \t]?)(?P<ya>\d{2})"
    r"|[ \t](?P<ys>\d{2}|(?:19|20)\d{2})|(?P<yj>\d{2}))"
    r"|(?P<yp>\d{2})(?P<namep>[A-Za-z]{2,15}))"
)
_VENUE_AT_END = re.compile(r"(?<![A-Za-z0-9'])" + _VENUE_CORE + r"[ \t]*$")
_VENUE_CELL = re.compile(r"[ \t]*(?<![A-Za-z0-9'])" + _VENUE_CORE + r"(?![A-Za-z0-9])")
_VENUE_HINT = re.compile(r"'[ \t]?\d\d(?![0-9A-Za-z])")  # the '24 of OSDI'24


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


def may_cite_venues(text: str) -> bool:
    """Whether a list writes any venue as NAME'YY. Lists that never do (most of them) are
    spared the venue search in every bullet; one C-speed scan of the text decides."""
    return _VENUE_HINT.search(text) is not None


def bullet_venue(line: str, link_start: int, link_end: int, line_no: int) -> Venue | None:
    """A venue at the end of a bullet's title link text, or at the end of its first line."""
    text_end = line.rfind("](", link_start, link_end)
    match = _venue_at_end(line, link_start + 1, text_end) or _venue_at_end(
        line, link_end, len(line)
    )
    return _venue(match, line_no) if match is not None else None


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


def cell_venue(line: str, column: int, line_no: int) -> Venue | None:
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


def is_venue(venue: Venue, known: frozenset[str]) -> bool:
    """NAME'YY is distinctive on its own; other forms only count for a known venue name."""
    return venue.form == "VENUE'YY" or venue.name.lower() in known


def venue_names(venues: Iterable[Venue | None]) -> frozenset[str]:
    """Names this list writes as NAME'YY, plus the well-known venues."""
    learned = {v.name.lower() for v in venues if v is not None and v.form == "VENUE'YY"}
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
