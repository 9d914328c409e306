"""The values that flow through the engine: parsed lists, findings and link results.

Everything here is immutable; every stage takes these values in and hands new ones on
(parse → diff → checks → report), so any stage can be run and tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal


class Severity(StrEnum):
    """How much a finding matters; only errors fail a review."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "notice": 2}[self.value]


# --------------------------------------------------------------------------- parsed list


@dataclass(frozen=True, slots=True)
class Link:
    """One Markdown link inside an entry (inline, reference-style, autolink or HTML <a>)."""

    text: str
    url: str
    line: int
    is_badge: bool = False  # the link wraps an image, e.g. a shields.io badge
    image_url: str | None = None  # the wrapped image's src, when is_badge
    column: str | None = None  # the table header of the cell holding it
    # what the link is for: "paper", "code", "website", "demo" or "badge" (bot.parse.roles)
    role: str = "website"


LinkProblemKind = Literal["missing-open-bracket", "extra-bracket", "spaced", "doubled-url"]


@dataclass(frozen=True, slots=True)
class LinkProblem:
    """Link syntax GitHub does not render as the link its author meant."""

    kind: LinkProblemKind
    line: int
    written: str  # the fragment as written: `tidy_frame](https://…)`
    fixed: str  # what it should be: `[tidy_frame](https://…)`
    text: str = ""  # the link's text, when there is one
    url: str = ""  # the link's target as meant


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    slug: str  # GitHub's anchor, de-duplicated with -1, -2 ... like github.com does
    line: int
    # anchors written in HTML for this heading: `<a name="x"></a>` or `id="x"` on the lines
    # just above it or inside it; a TOC line linking one of them links this heading
    anchors: tuple[str, ...] = ()

    @property
    def all_anchors(self) -> tuple[str, ...]:
        return (self.slug, *self.anchors)


@dataclass(frozen=True, slots=True)
class TocLink:
    """A line of the table of contents: a link to an in-page anchor."""

    text: str
    anchor: str  # without the leading '#', as written
    line: int
    depth: int  # list nesting, 0 for top level
    stray: str = ""  # anything else written on the line after the link, as written


@dataclass(frozen=True, slots=True)
class Entry:
    """A list item, a table row or a line of an HTML block holding at least one link."""

    kind: Literal["bullet", "row", "html"]
    section: tuple[str, ...]  # heading texts from the top level down (the list's H1 excluded)
    line: int  # 1-based first line
    end_line: int  # 1-based last line (sub-lines included)
    raw: str  # the source lines as written
    title: str  # the entry's name as a reader sees it
    links: tuple[Link, ...]
    description: str = ""  # text after the title link (bullets), plain text
    cells: tuple[tuple[str, str], ...] = ()  # (header, raw cell text) for table rows
    header: tuple[str, ...] = ()  # the table's header cells, for rows
    cell_count: int = 0  # cells actually written in the row (may differ from the header)
    depth: int = 0  # list nesting: 0 top level, 1 a sub-bullet ...
    marker: str = ""  # bullet character as written: '-', '*' or '+'
    # (owner/repo named by a shields.io star badge, the URL the badge links to)
    badge_repos: tuple[tuple[str, str], ...] = ()
    # the sub-group within the section: the label of a link-less parent bullet ("AI Skills"),
    # or of a bold label paragraph above the entries (`> 🔥 **Surveys of MLLMs**`)
    group: str = ""
    # the link that names the entry: its title's link, else its paper, else its first link
    primary: Link | None = None
    # broken link syntax in it; an item or row whose only links are broken is still an
    # entry, with the links its author meant
    problems: tuple[LinkProblem, ...] = ()

    def cell(self, name: str) -> str | None:
        """The raw text of the cell under header `name` (case-insensitive), if any."""
        wanted = name.strip().lower()
        for header, text in self.cells:
            if header.strip().lower() == wanted:
                return text
        return None

    @property
    def category(self) -> str:
        """The innermost heading the entry sits under ('' when none)."""
        return self.section[-1] if self.section else ""

    @property
    def urls(self) -> tuple[str, ...]:
        return tuple(link.url for link in self.links)

    @property
    def papers(self) -> tuple[Link, ...]:
        """The links to the entry's paper (arXiv, DOI, a Paper column ...)."""
        return tuple(link for link in self.links if link.role == "paper")

    @property
    def link_roles(self) -> tuple[tuple[str, str], ...]:
        """(role, URL) of every link, in order."""
        return tuple((link.role, link.url) for link in self.links)


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    line: int
    end_line: int
    section: tuple[str, ...]


Action = Literal["disable", "enable", "ignore"]


@dataclass(frozen=True, slots=True)
class Control:
    """An inline control comment: which rules it switches off or on, and for which lines."""

    action: Action
    rules: tuple[str, ...]  # as written: our codes or names, awesome-lint's ids; () = every rule
    line: int
    end_line: int  # `ignore`: the last line of the block it covers; otherwise `line`


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed awesome list."""

    text: str
    lines: tuple[str, ...]
    title: str  # the first H1 ('' when none)
    headings: tuple[Heading, ...]
    toc: tuple[TocLink, ...]
    toc_line: int | None  # line of the TOC's heading or first TOC link
    entries: tuple[Entry, ...]
    tables: tuple[Table, ...] = ()
    controls: tuple[Control, ...] = ()  # inline `<!--lint …-->` comments, in reading order
    # list items of in-page links that are not the page's TOC: a short index, a chapter's
    # own contents, a cross-reference among entries
    in_page_links: tuple[TocLink, ...] = ()

    def line_text(self, line: int) -> str:
        """Text of 1-based `line` ('' when out of range)."""
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else ""

    @property
    def slugs(self) -> frozenset[str]:
        return frozenset(h.slug for h in self.headings)


# --------------------------------------------------------------------------- diff


@dataclass(frozen=True, slots=True)
class Change:
    """An entry of the head document and, when it existed before, its base version."""

    head: Entry
    base: Entry | None = None


@dataclass(frozen=True, slots=True)
class AnchorShift:
    """An in-page link whose anchor now belongs to another heading than at base: a new
    heading repeating an older one's text took the anchor, the older became `…-1`."""

    link: TocLink  # in the head
    meant: Heading  # the heading it reached at base, as it is in the head
    lands: Heading  # the heading it reaches now


BreakKind = Literal[
    "row-above-delimiter",  # a row between a table's header and its delimiter row
    "header-cells",  # a table's header has another number of cells than its delimiter row
    "no-delimiter",  # table rows with no delimiter row under their header
    "cut-off",  # table rows a blank line cuts off from their table
    "stray-row",  # a row the change wrote outside its table, shown as a line of text
    "stray-html-row",  # an HTML `<tr>` the change wrote outside its `<table>`
    "code-fence",  # a code fence (or indented code) that runs over entries
    "html-block",  # an HTML block (an unclosed `<!--`, `<details>` …) that runs over entries
    "swallowed",  # entries that no longer render, for another reason
]


@dataclass(frozen=True, slots=True)
class Breakage:
    """Markdown structure a change broke, so entries of the base no longer render as such
    although their lines are still there (or render under the wrong table header)."""

    kind: BreakKind
    line: int  # the head line where it breaks (the pasted row, the unclosed fence ...)
    lost: int  # entries of the base that no longer render as entries
    first_lost: int | None  # the head line of the first of them
    detail: str = ""  # what opened the block (a fence, an HTML tag) or the header as written
    related_line: int | None = None  # tables: the delimiter row's line (cut-off: the header's)


@dataclass(frozen=True, slots=True)
class Diff:
    added: tuple[Change, ...]
    changed: tuple[Change, ...]
    removed: tuple[Entry, ...]
    moved: tuple[Change, ...]
    full_audit: bool = False  # no base: every entry is judged
    anchor_shifts: tuple[AnchorShift, ...] = ()
    broken: tuple[Breakage, ...] = ()

    @property
    def judged(self) -> tuple[Change, ...]:
        """The entries the checks judge: added and changed ones."""
        return self.added + self.changed


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found, at one line of the head file."""

    check: str  # "format" | "placement" | "duplicate" | "link" | "internal"
    rule: str  # stable code, e.g. "F101"
    severity: Severity
    line: int  # 1-based in the head file
    message: str
    suggestion: str | None = None  # replacement text for `line` .. `end_line`, when derivable
    end_line: int | None = None
    entry_line: int | None = None  # first line of the entry it belongs to, for grouping
    # Findings whose fix is a move (order): lines `line`..`last_line` belong right after this
    # head line (0 = before the first line). A fix replaces (`suggestion`) or moves, never both.
    move_after: int | None = None
    # A fix that goes elsewhere than the finding's own lines (a heading missing from the TOC is
    # told at the heading, and its line goes into the TOC): `suggestion` replaces these lines.
    fix_at: tuple[int, int] | None = None
    url: str | None = None  # link findings: the URL as written
    verdict: str | None = None  # link findings: the checker's verdict

    @property
    def last_line(self) -> int:
        return self.end_line or self.line

    @property
    def fix_lines(self) -> tuple[int, int]:
        """The lines the suggestion replaces (or a move takes)."""
        return self.fix_at or (self.line, self.last_line)


# --------------------------------------------------------------------------- links


@dataclass(frozen=True, slots=True)
class Paper:
    """What a paper's metadata says about it (arXiv's API or Crossref)."""

    key: str  # "arxiv:2308.12066" or "doi:10.1145/…" (bot.urls.canonical_url)
    title: str
    year: int | None = None  # first published: arXiv's v1, Crossref's "issued"
    source: str = ""  # "arXiv" | "Crossref"


@dataclass(frozen=True, slots=True)
class Repository:
    """What the GitHub API says about a repository an entry links (the list's criteria)."""

    full_name: str  # as GitHub names it now: a moved repository's new name
    stars: int
    created_at: str  # ISO 8601, UTC
    pushed_at: str | None  # the last push to any branch; None: never pushed
    archived: bool
    license: str | None  # SPDX id ("MIT"), "NOASSERTION" for a file GitHub cannot name; None
    release: bool | None = None  # has a published release; None: not asked
    ci: bool | None = None  # has GitHub Actions workflows; None: not asked
    readme: bool | None = None  # has a README; None: not asked
    as_of: str = ""  # when it was read (ISO 8601): the review's "now" for ages and inactivity


class Verdict(StrEnum):
    OK = "ok"
    REDIRECTED = "redirected"
    BROKEN = "broken"
    UNVERIFIABLE = "unverifiable"
    TIMEOUT = "timeout"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class LinkResult:
    """What the link checker learned about one URL; the `link` check turns it into findings."""

    url: str
    verdict: Verdict
    status: int | None = None
    reason: str = ""  # why, in words a maintainer understands
    final_url: str | None = None  # where a redirect chain ends
    chain: tuple[str, ...] = ()  # every hop after `url`
    permanent: bool = False  # the redirect chain is permanent (301/308) all the way
    archived: bool = False  # GitHub: the repository is archived
    fork_of: str | None = None  # GitHub: the repository is a fork of OWNER/REPO
    requests: int = 0  # HTTP requests sent for it (0 when cached or skipped)
    cached: bool = False
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    # A paper identifier's result (url `paper:arxiv:ID`): the metadata, when it was found.
    paper: Paper | None = None
    # A repository's facts for the list's criteria (url `repository:OWNER/REPO`), when read.
    repository: Repository | None = None
