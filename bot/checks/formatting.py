"""format — is a new entry written like the entries around it, and is its Markdown sound?

Structural rules need no learning: broken link syntax, empty link text, table rows that
do not fit their header, a star badge for another repository, trailing whitespace, and
the repository's explicit `entry_pattern`. The other rules compare an entry with what the
list itself does (bot.checks.conventions): in a pull request the conventions come from
the entries it did not touch; in a full audit from the whole list.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from bot.checks.analysis.cells import cell_spans
from bot.checks.analysis.conventions import Conventions, Majority, learn
from bot.checks.analysis.facts import (
    Facts,
    ends_sentence,
    github_root,
    read_entry,
    vote_venue,
)
from bot.checks.analysis.venues import (
    find_venue_columns,
    is_venue,
    may_cite_venues,
    venue_names,
)
from bot.checks.analysis.votes import (
    CAPITAL,
    GIT_SUFFIX,
    HTTPS,
    LABEL,
    MARKER,
    PERIOD,
    SEPARATOR,
    SHAPE,
    SUB_LINE,
    TRAILING_SLASH,
    VENUE,
    VENUE_NAME,
    split_vote,
    vote,
)
from bot.checks.base import Check, Context, Rule
from bot.config import Config
from bot.model import Entry, Finding, Link, Severity
from bot.urls import github_owner_repo, github_repo

LOG = logging.getLogger(__name__)

CHECK_NAME = "format"

_BASE_BULLETS = """# Awesome Things

## Tools

- [Alpha](https://github.com/acme/alpha) - Builds things.
- [Beta](https://github.com/acme/beta) - Tests things.
- [Gamma](https://github.com/acme/gamma) - Ships things.
- [Delta](https://github.com/acme/delta) - Watches things.
- [Epsilon](https://github.com/acme/epsilon) - Logs things.
"""

def _star_row(title: str, repo: str, venue: str) -> str:
    badge = f"[![Star](https://img.shields.io/github/stars/{repo}.svg)](https://github.com/{repo})"
    return f"| {title} | {badge} | {venue} |\n"


_BASE_TABLE = (
    "# Awesome Systems\n\n## Serving\n\n"
    "| Title | Github | Pub. & Date |\n|:-----:|:-----:|:-----:|\n"
    + _star_row("Alpha", "acme/alpha", "OSDI'24")
    + _star_row("Beta", "acme/beta", "SOSP'23")
    + _star_row("Gamma", "acme/gamma", "NSDI'24")
    + _star_row("Delta", "acme/delta", "ATC'23")
    + _star_row("Epsilon", "acme/epsilon", "OSDI'23")
)

_BASE_SEED = """# Awesome AI System

## Training

- code [Alpa: Automating Parallelism OSDI'22](https://github.com/alpa-projects/alpa)

  paper [Alpa: Automating Parallelism OSDI'22](https://arxiv.org/abs/2201.12023)

- code [Piper: Multidimensional Planner NeurIPS'21](https://github.com/msr/piper)

  paper [Piper: Multidimensional Planner NeurIPS'21](https://arxiv.org/abs/2111.00001)

- code [DAPPLE: Pipelined Data Parallel PPOPP'21](https://github.com/msr/dapple)

  paper [DAPPLE: Pipelined Data Parallel PPOPP'21](https://arxiv.org/abs/2007.01045)

- code [TeraPipe: Token-Level Pipeline ICML'21](https://github.com/msr/terapipe)

  paper [TeraPipe: Token-Level Pipeline ICML'21](https://arxiv.org/abs/2102.07988)

- code [PipeDream: Pipeline Parallelism SOSP'19](https://github.com/msr/pipedream)

  paper [PipeDream: Pipeline Parallelism SOSP'19](https://arxiv.org/abs/1806.03377)
"""


MALFORMED_LINK = Rule(
    code="F101",
    name="malformed-link",
    title="Markdown link syntax is broken",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why=(
        "`[text] (url)`, an unclosed `[text](url` or `(url)[text]` is shown as plain text, "
        "so the entry has no working link."
    ),
    bad="- [Zeta] (https://github.com/acme/zeta) - Finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=_BASE_BULLETS,
    fixable=True,
)

BULLET_SPACE = Rule(
    code="F102",
    name="bullet-missing-space",
    title="No space after the bullet marker",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why=(
        "`-[text](url)` is not a list item in Markdown: GitHub glues the line to the entry "
        "above it."
    ),
    bad="-[Zeta](https://github.com/acme/zeta) - Finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=_BASE_BULLETS,
    fixable=True,
)

EMPTY_LINK_TEXT = Rule(
    code="F103",
    name="empty-link-text",
    title="A link has no text",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why="A link written `[](url)` is invisible on the rendered page.",
    bad="- [](https://github.com/acme/zeta) - Finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=_BASE_BULLETS,
    fixable=True,
)

ROW_CELLS_DROPPED = Rule(
    code="F104",
    name="row-cells-dropped",
    title="A table row has more cells than its header",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why="GitHub ignores every cell past the header's last column, so their text is lost.",
    bad=(
        "| Zeta | [![Star](https://img.shields.io/github/stars/acme/zeta.svg)]"
        "(https://github.com/acme/zeta) | OSDI'24 | Best Paper |\n"
    ),
    good=(
        "| Zeta | [![Star](https://img.shields.io/github/stars/acme/zeta.svg)]"
        "(https://github.com/acme/zeta) | OSDI'24 Best Paper |\n"
    ),
    base=_BASE_TABLE,
    fixable=False,
)

ROW_CELL_COUNT = Rule(
    code="F105",
    name="row-cell-count",
    title="A table row has a different number of cells than its header",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why=(
        "Missing cells are left empty and extra empty cells are ignored; the row should line "
        "up with its header like the others."
    ),
    bad=(
        "| Zeta | [![Star](https://img.shields.io/github/stars/acme/zeta.svg)]"
        "(https://github.com/acme/zeta) |\n"
    ),
    good=(
        "| Zeta | [![Star](https://img.shields.io/github/stars/acme/zeta.svg)]"
        "(https://github.com/acme/zeta) | OSDI'24 |\n"
    ),
    base=_BASE_TABLE,
    fixable=True,
)

BADGE_REPO = Rule(
    code="F106",
    name="badge-repo-mismatch",
    title="A star badge names another repository than its link",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why="The badge shows the stars of a different (often misspelt or missing) repository.",
    bad=(
        "| Zeta | [![Star](https://img.shields.io/github/stars/acme/zetta.svg)]"
        "(https://github.com/acme/zeta) | OSDI'24 |\n"
    ),
    good=(
        "| Zeta | [![Star](https://img.shields.io/github/stars/acme/zeta.svg)]"
        "(https://github.com/acme/zeta) | OSDI'24 |\n"
    ),
    base=_BASE_TABLE,
    fixable=True,
)

TRAILING_WHITESPACE = Rule(
    code="F107",
    name="trailing-whitespace",
    title="A line ends with whitespace",
    severity=Severity.NOTICE,
    check=CHECK_NAME,
    why="Trailing spaces are invisible noise in diffs; two of them are a hidden line break.",
    bad="- [Zeta](https://github.com/acme/zeta) - Finds things.   \n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=_BASE_BULLETS,
    fixable=True,
)

ENTRY_PATTERN = Rule(
    code="F108",
    name="entry-pattern",
    title="An entry does not match the configured entry_pattern",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why=(
        "The maintainers wrote down the one shape an entry must have (`entry_pattern` in "
        ".github/awesome-review.yml); the learned shape rules are off then."
    ),
    bad="- [Zeta](https://github.com/acme/zeta): finds things\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=_BASE_BULLETS,
    fixable=False,
    config="entry_pattern: '^- \\[[^\\]]+\\]\\(https://[^)]+\\) - [A-Z].*\\.$'\n",
)

ENTRY_SHAPE = Rule(
    code="F109",
    name="entry-shape",
    title="An entry is a bullet where the section uses table rows, or the "
    "reverse",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="A bullet under a table (or a row among bullets) breaks the section's layout.",
    bad="- [Zeta](https://github.com/acme/zeta) OSDI'24\n",
    good=(
        "| Zeta | [![Star](https://img.shields.io/github/stars/acme/zeta.svg)]"
        "(https://github.com/acme/zeta) | OSDI'24 |\n"
    ),
    base=_BASE_TABLE + "\n",
    fixable=True,
)

ENTRY_LABEL = Rule(
    code="F110",
    name="entry-label",
    title="An entry does not start like the others in its section",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why=(
        "Lists like awesome-AI-system start each entry with a label such as `code [`; an entry "
        "without it (or with another) stands out."
    ),
    bad=(
        "- [Zeta: Fast Training OSDI'24](https://github.com/acme/zeta)\n\n"
        "  paper [Zeta: Fast Training OSDI'24](https://arxiv.org/abs/2401.00001)\n"
    ),
    good=(
        "- code [Zeta: Fast Training OSDI'24](https://github.com/acme/zeta)\n\n"
        "  paper [Zeta: Fast Training OSDI'24](https://arxiv.org/abs/2401.00001)\n"
    ),
    base=_BASE_SEED + "\n",
    fixable=True,
)

MISSING_SUB_LINE = Rule(
    code="F111",
    name="missing-sub-line",
    title="An entry lacks the second line its section's entries have",
    severity=Severity.NOTICE,
    check=CHECK_NAME,
    why=(
        "Where entries pair a `code` line with a `paper [Title](url)` line, one without it "
        "leaves readers without the paper."
    ),
    bad="- code [Zeta: Fast Training OSDI'24](https://github.com/acme/zeta)\n",
    good=(
        "- code [Zeta: Fast Training OSDI'24](https://github.com/acme/zeta)\n\n"
        "  paper [Zeta: Fast Training OSDI'24](https://arxiv.org/abs/2401.00001)\n"
    ),
    base=_BASE_SEED + "\n",
    fixable=False,
)

BULLET_MARKER = Rule(
    code="F112",
    name="bullet-marker",
    title="A bullet uses another marker than the list",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="Switching between `-` and `*` starts a new Markdown list and looks inconsistent.",
    bad="* [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=_BASE_BULLETS,
    fixable=True,
)

DESCRIPTION_SEPARATOR = Rule(
    code="F113",
    name="description-separator",
    title="The link and description are separated differently",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why=(
        "Awesome lists write `- [Name](url) - Description.`; a colon, an em dash or no "
        "separator at all stands out."
    ),
    bad="- [Zeta](https://github.com/acme/zeta): Finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=_BASE_BULLETS,
    fixable=True,
)

DESCRIPTION_PERIOD = Rule(
    code="F114",
    name="description-period",
    title="A description does not end with a period",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="When the list's descriptions are sentences ending with `.`, one without it stands out.",
    bad="- [Zeta](https://github.com/acme/zeta) - Finds things\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=_BASE_BULLETS,
    fixable=True,
)

DESCRIPTION_CAPITAL = Rule(
    code="F115",
    name="description-capital",
    title="A description does not start with a capital letter",
    severity=Severity.NOTICE,
    check=CHECK_NAME,
    why=(
        "When the list's descriptions start with a capital, one starting lower-case stands out "
        "(names such as `npm` are exempt)."
    ),
    bad="- [Zeta](https://github.com/acme/zeta) - finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=_BASE_BULLETS,
    fixable=True,
)

VENUE_FORMAT = Rule(
    code="F116",
    name="venue-format",
    title="A venue and year are written differently from the list",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why=(
        "Lists of papers write the venue one way (`OSDI'24`); `OSDI 24`, `osdi'24` or `24osdi` "
        "make the list harder to scan and search."
    ),
    bad=(
        "| Zeta | [![Star](https://img.shields.io/github/stars/acme/zeta.svg)]"
        "(https://github.com/acme/zeta) | OSDI 24 |\n"
    ),
    good=(
        "| Zeta | [![Star](https://img.shields.io/github/stars/acme/zeta.svg)]"
        "(https://github.com/acme/zeta) | OSDI'24 |\n"
    ),
    base=_BASE_TABLE,
    fixable=True,
)

LINK_HTTPS = Rule(
    code="F117",
    name="link-https",
    title="A link uses http:// where the list uses https://",
    severity=Severity.NOTICE,
    check=CHECK_NAME,
    why="Plain http is open to tampering; most sites serve https today.",
    bad="- [Zeta](http://zeta.example.org) - Finds things.\n",
    good="- [Zeta](https://zeta.example.org) - Finds things.\n",
    base=_BASE_BULLETS,
    fixable=True,
)

GITHUB_LINK_STYLE = Rule(
    code="F118",
    name="github-link-style",
    title="A GitHub link ends in `.git` or `/` where the list's do not",
    severity=Severity.NOTICE,
    check=CHECK_NAME,
    why=(
        "`https://github.com/o/r.git` is a clone URL, not a page; the list links repositories "
        "as `https://github.com/o/r`."
    ),
    bad="- [Zeta](https://github.com/acme/zeta.git) - Finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=_BASE_BULLETS,
    fixable=True,
)

MALFORMED_URL = Rule(
    code="F119",
    name="malformed-url",
    title="A link's address is not a valid URL",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why=(
        "An address such as `{https://…`, `https:/…` or one with a space in it is not a web "
        "address: GitHub turns it into a link to a missing page of the list's own repository."
    ),
    bad="- [Zeta]({https://github.com/acme/zeta) - Finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=_BASE_BULLETS,
    fixable=True,
)

RULES: tuple[Rule, ...] = (
    MALFORMED_LINK, BULLET_SPACE, EMPTY_LINK_TEXT, ROW_CELLS_DROPPED, ROW_CELL_COUNT,
    BADGE_REPO, TRAILING_WHITESPACE, ENTRY_PATTERN, ENTRY_SHAPE, ENTRY_LABEL,
    MISSING_SUB_LINE, BULLET_MARKER, DESCRIPTION_SEPARATOR, DESCRIPTION_PERIOD,
    DESCRIPTION_CAPITAL, VENUE_FORMAT, LINK_HTTPS, GITHUB_LINK_STYLE, MALFORMED_URL,
)

# Raw-line patterns. Each only looks at http(s)/www URLs so prose like "[1] (see below)"
# is left alone.
_SPACED_LINK = re.compile(
    r"(?<![!\]])\[(?P<text>[^\[\]\n]*[^\[\]\s][^\[\]\n]*)\][ \t]+\((?P<url>(?:https?://|www\.)[^()\s]*)\)"
)
# `[text](url` with nothing closing it: the URL runs into a space or the end of the line
# (a space then a quote would be a valid link title, `[text](url "title")`).
_UNCLOSED_LINK = re.compile(
    r"\[(?P<text>[^\[\]\n]+)\]\((?P<url>(?:https?://|www\.)[^()\s]*)(?=[ \t]+[^\s\"'()]|[ \t]*$)"
)
_REVERSED_LINK = re.compile(r"\((?P<url>https?://[^()\s]+)\)\[(?P<text>[^\[\]\n]+)\](?!\()")
# `-[text](url)` at the start of a line; `*[text](url)*` is emphasis, not a bullet.
_GLUED_BULLET = re.compile(r"(?P<indent>[ \t]*)(?P<marker>[-+*])\[[^\]\n]*\]\(")
# Anything any raw-line rule could match: most lines are dismissed by this one search.
_SUSPECT = re.compile(
    r"\][ \t]+\(|\)\[|^[ \t]*[-+*]\[|\]\((?:https?://|www\.)[^()\s]*(?:[ \t]|$)", re.M
)
_GLUED_STARTS = frozenset({"-[", "+[", "*["})
_SPACES = frozenset({" ", "\t"})
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_FENCE = re.compile(r"[ ]{0,3}(?P<fence>`{3,}|~{3,})")
_STARS_IN_IMAGE = re.compile(
    r"(github/stars/)([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?=\.svg|\.png|[?#)]|$)"
)
_LAST_URL = re.compile(r"\]\((?P<url>[^()\s]*)\)(?P<tail>[^\]]*)$")
_SEE_ALSO = re.compile(r"aw?e?some\b", re.I)  # 'awesome X', and this list's own 'awsome X'
_QUOTE_WIDTH = 90
_RESTYLE_MIN = 3  # changed entries rewritten the same way that make a restyle


# --------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class _Env:
    """What every rule may consult while judging one entry."""

    conventions: Conventions
    config: Config
    restyled: frozenset[tuple[str, str]] = frozenset()  # (aspect, value) the PR moves to

    @property
    def learned_shape(self) -> bool:
        """The learned shape rules apply only when no explicit entry_pattern is set."""
        return self.config.entry_pattern is None

    def deviation(self, aspect: str, facts: Facts, own: str) -> Majority | None:
        """The section's (or list's) clear majority on `aspect` when `own` differs from it."""
        major = self.conventions.majority(aspect, facts.entry.section)
        if major is None or major.value == own or (aspect, own) in self.restyled:
            return None
        return replace(major, example=self.conventions.example(major, facts))


def run(ctx: Context) -> Iterator[Finding]:
    """Judge every added or changed entry, then the added lines no entry holds."""
    facts, base_facts, env = _prepare(ctx)
    for change in ctx.diff.judged:
        found = _entry_findings(facts[id(change.head)], env)
        if change.base is not None:
            before = _entry_findings(base_facts[id(change.base)], env)
            found = _new_problems(found, change.head, before, change.base)
        yield from found
    yield from _loose_lines(ctx)


def _prepare(ctx: Context) -> tuple[dict[int, Facts], dict[int, Facts], _Env]:
    """Read every entry once and learn the conventions from the untouched ones."""
    full = ctx.base is None or ctx.diff.full_audit
    base_entries = () if full else _base_entries(ctx)
    head, base, columns, known = _read_all(ctx, base_entries)
    if full:
        examples = list(head.values())
    else:
        examples = _pr_examples(ctx, head) + [base[id(e)] for e in base_entries]
    LOG.debug("format: conventions from %d entries (%s)", len(examples), "audit" if full else "PR")
    conventions = learn(examples)
    conventions.known_venues = known
    conventions.venue_columns = columns
    restyled = frozenset() if full else _restyled(ctx, head, base)
    return head, base, _Env(conventions, ctx.config, restyled)


def _read_all(ctx: Context, base_entries: tuple[Entry, ...]) -> tuple[
    dict[int, Facts], dict[int, Facts], dict[tuple[str, ...], int | None], frozenset[str]
]:
    """Facts of every head entry and of the base entries, keyed by id(entry), with the
    tables' venue columns and the venue names the list uses."""
    columns = find_venue_columns((*ctx.head.entries, *base_entries))
    venues = may_cite_venues(ctx.head.text)
    head = {id(e): read_entry(e, True, columns.get(e.header), venues) for e in ctx.head.entries}
    base = {id(e): read_entry(e, False, columns.get(e.header), venues) for e in base_entries}
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


def _pr_examples(ctx: Context, head: dict[int, Facts]) -> list[Facts]:
    """The head's untouched entries; in a section the PR creates, its own new entries."""
    judged = {id(c.head) for c in ctx.diff.judged}
    untouched = [e for e in ctx.head.entries if id(e) not in judged]
    known = {e.section for e in untouched} | {e.section for e in ctx.diff.removed}
    known |= {c.base.section for c in ctx.diff.changed if c.base is not None}
    fresh = [c.head for c in ctx.diff.judged if c.head.section not in known]
    return [head[id(e)] for e in (*untouched, *fresh)]


def _restyled(
    ctx: Context, head: dict[int, Facts], base: dict[int, Facts]
) -> frozenset[tuple[str, str]]:
    """(aspect, value) pairs that several changed entries were rewritten to: a deliberate
    restyle by the maintainers (e.g. every `- [` became `- code [`), not a slip."""
    moves: Counter[tuple[str, str]] = Counter()
    for change in ctx.diff.changed:
        if change.base is None:
            continue
        before = dict(map(split_vote, base[id(change.base)].observations))
        for aspect, value in dict(map(split_vote, head[id(change.head)].observations)).items():
            if aspect in before and before[aspect] != value:
                moves[aspect, value] += 1
    return frozenset(move for move, count in moves.items() if count >= _RESTYLE_MIN)


def _new_problems(
    found: list[Finding], head: Entry, before: list[Finding], base: Entry
) -> list[Finding]:
    """Of a changed entry's findings, those its base version did not already have."""
    old = {(f.rule, f.line - base.line) for f in before}
    return [f for f in found if (f.rule, f.line - head.line) not in old]


def _entry_findings(facts: Facts, env: _Env) -> list[Finding]:
    """Every rule's findings on one entry. Cheap substring tests first skip the rules that
    cannot fire: a full audit of a 3,000-entry list has a few milliseconds for all of it."""
    found: list[Finding] = []
    entry = facts.entry
    raw = entry.raw
    multi, html = "\n" in raw, "<" in raw
    if (multi or html or _maybe_broken(raw, len(entry.links))) and _SUSPECT.search(raw):
        found.extend(_raw_line_rules(facts, env))
    if "[](" in raw or "[ ](" in raw or (html and "</a>" in raw):
        found.extend(_empty_link_text(facts, env))
    if entry.cell_count != len(entry.header):  # both 0 for bullets
        found.extend(_row_cells(facts, env))
    if entry.badge_repos:
        found.extend(_badge_repo(facts, env))
    if any(not _WELL_FORMED_URL.match(link.url) for link in entry.links):
        found.extend(_malformed_urls(facts))
    if raw[-1:] in _SPACES or (multi and (" \n" in raw or "\t\n" in raw)):
        found.extend(_trailing_whitespace(facts, env))
    if env.config.entry_pattern is not None:
        found.extend(_entry_pattern(facts, env))
    if env.conventions.deviates(facts):
        for rule in _learned_rules(facts, env):
            found.extend(rule(facts, env))
    return found


def _maybe_broken(raw: str, links: int) -> bool:
    """Whether a one-line entry without HTML could hold broken link syntax (no regex).

    Every `](` belongs to a parsed link or image; one left over is a link markdown-it did
    not parse, as in `[text](url` or `[text](url - text`.
    """
    if "] " in raw or "]\t" in raw or ")[" in raw:
        return True
    opened = raw.count("](")
    return opened > links and opened > links + raw.count("![")


def _learned_rules(facts: Facts, env: _Env) -> list[LearnedRule]:
    """The rules whose aspect this entry deviates on, each once, in the registry's order."""
    wanted = {_RULE_OF[aspect] for aspect in env.conventions.deviations(facts)}
    return [rule for rule in _LEARNED_RULES if rule in wanted]


# --------------------------------------------------------------------------- raw lines


def _line_problems(text: str, line: int, entry_line: int) -> list[Finding]:
    """Broken link syntax and glued bullets on one source line."""
    if "[" not in text:
        return []
    # a code span shows its text as written: blank it out, keeping the offsets
    scan = _CODE_SPAN.sub(lambda m: " " * len(m.group()), text) if "`" in text else text
    found = (
        _glued_bullet(text, scan, line, entry_line),
        _broken_links(text, scan, line, entry_line),
    )
    return [finding for finding in found if finding is not None]


def _glued_bullet(text: str, scan: str, line: int, entry_line: int) -> Finding | None:
    match = _GLUED_BULLET.match(scan)
    if match is None:
        return None
    marker = match["marker"]
    if marker == "*" and "*" in scan[match.end() :]:
        return None  # `*[Name](url)*` is an emphasised link, not a broken bullet
    at = match.end("marker")
    return _finding(
        BULLET_SPACE, line, entry_line,
        f"`{marker}[` has no space after the bullet `{marker}`, so GitHub does not show this "
        f"line as a list item (it is glued to the text above). Write `{marker} [`.",
        text[:at] + " " + text[at:],
    )


def _broken_links(text: str, scan: str, line: int, entry_line: int) -> Finding | None:
    """All of a line's malformed links, reported once with one corrected line."""
    fixes: list[tuple[int, int, str]] = []
    messages: list[str] = []
    for pattern, describe in _MALFORMED:
        for match in pattern.finditer(scan):
            fixes.append((match.start(), match.end(), f"[{match['text']}]({match['url']})"))
            messages.append(describe(text[match.start() : match.end()], match))
    if not fixes:
        return None
    fixed = _apply(text, fixes)
    return _finding(MALFORMED_LINK, line, entry_line, " ".join(dict.fromkeys(messages)), fixed)


def _apply(text: str, fixes: list[tuple[int, int, str]]) -> str:
    """Replace non-overlapping spans of `text`, left to right."""
    out, at = [], 0
    for start, end, replacement in sorted(fixes):
        if start < at:
            continue
        out.append(text[at:start] + replacement)
        at = end
    return "".join(out) + text[at:]


def _spaced(written: str, match: re.Match[str]) -> str:
    return (
        f"`{_short(written)}` is not a link: Markdown allows no space between `]` and `(`. "
        f"Write `[{match['text']}]({_short(match['url'])})`."
    )


def _unclosed(written: str, match: re.Match[str]) -> str:
    return (
        f"the link `{_short(written)}` is never closed with `)`, so GitHub shows it as plain "
        f"text. Write `[{match['text']}]({_short(match['url'])})`."
    )


def _reversed(written: str, match: re.Match[str]) -> str:
    return (
        f"`{_short(written)}` has the URL and the text the wrong way round. "
        f"Write `[{match['text']}]({_short(match['url'])})`."
    )


_MALFORMED: tuple[tuple[re.Pattern[str], Callable[[str, re.Match[str]], str]], ...] = (
    (_SPACED_LINK, _spaced),
    (_UNCLOSED_LINK, _unclosed),
    (_REVERSED_LINK, _reversed),
)


def _loose_lines(ctx: Context) -> Iterator[Finding]:
    """Broken links on lines no judged entry holds: added lines, or every line in an audit.

    A `-[text](url)` line is not a list item to markdown-it, so no entry holds it; only the
    raw text shows it.
    """
    lines = ctx.head.lines
    found = [
        finding
        for n in _unheld_lines(ctx)
        if "[" in lines[n - 1] and _suspect(lines[n - 1])
        for finding in _line_problems(lines[n - 1], n, n)
    ]
    if found:  # rare: only then find the code blocks and comments they may sit in
        hidden = _hidden_lines(ctx.head.text, lines)
        yield from (f for f in found if f.line not in hidden)


def _unheld_lines(ctx: Context) -> Iterator[int]:
    """Numbers of the lines to scan: the added ones outside judged entries (a pull request),
    or every line outside an entry (an audit, where every entry is judged)."""
    if ctx.base is not None and not ctx.diff.full_audit:
        held: set[int] = set()
        for change in ctx.diff.judged:
            held.update(range(change.head.line, change.head.end_line + 1))
        yield from sorted(_added_lines(ctx) - held)
        return
    after = 1
    for entry in ctx.head.entries:  # sorted by line; a nested entry may start inside another
        yield from range(after, entry.line)
        after = max(after, entry.end_line + 1)
    yield from range(after, len(ctx.head.lines) + 1)


def _suspect(text: str) -> bool:
    """Whether a line could hold a broken link or a glued bullet (no regex: most cannot)."""
    return (
        "] " in text
        or "]\t" in text
        or ")[" in text
        or "](http" in text
        or "](www" in text
        or text.lstrip()[:2] in _GLUED_STARTS
    )


def _added_lines(ctx: Context) -> set[int]:
    """Head lines the base does not have (as a multiset: a moved line is not added)."""
    assert ctx.base is not None
    left = Counter(ctx.base.lines)
    added: set[int] = set()
    for number, text in enumerate(ctx.head.lines, start=1):
        if left[text] > 0:
            left[text] -= 1
        else:
            added.add(number)
    return added


def _hidden_lines(text: str, lines: tuple[str, ...]) -> set[int]:
    """Lines inside fenced code blocks or HTML comments: not rendered as links.

    Only a line holding ``` ~~~ <!-- or --> can open or close one; those are found with
    plain substring searches, not by reading every line.
    """
    hidden: set[int] = set()
    fence: str | None = None
    comment = False
    opened = 0
    for number in _toggle_lines(text, lines):
        was_open = fence is not None or comment
        fence, comment = _next_state(lines[number - 1], fence, comment)
        now_open = fence is not None or comment
        if now_open and not was_open:
            opened = number
        elif was_open and not now_open:
            hidden.update(range(opened, number + 1))
    if fence is not None or comment:  # never closed: hidden to the end, as GitHub does
        hidden.update(range(opened, len(lines) + 1))
    return hidden


_TOGGLES = ("```", "~~~", "<!--", "-->")


def _toggle_lines(text: str, lines: tuple[str, ...]) -> list[int]:
    """Numbers of the lines holding ``` ~~~ <!-- or -->, in order."""
    if text.count("\n") not in (len(lines), len(lines) - 1):
        # other line breaks (\r, U+2028 …) split `lines` too: read them one by one
        return [n for n, t in enumerate(lines, 1) if any(k in t for k in _TOGGLES)]
    starts: set[int] = set()
    for token in _TOGGLES:
        at = text.find(token)
        while at >= 0:
            starts.add(text.rfind("\n", 0, at) + 1)
            at = text.find(token, at + len(token))
    numbers, line, counted = [], 1, 0
    for start in sorted(starts):
        line += text.count("\n", counted, start)
        counted = start
        numbers.append(line)
    return numbers


def _next_state(text: str, fence: str | None, comment: bool) -> tuple[str | None, bool]:
    if comment:
        return fence, "-->" not in text
    match = _FENCE.match(text) if ("`" in text or "~" in text) else None
    if match is not None:
        mark = match["fence"]
        if fence is None:
            return mark, False
        if mark[0] == fence[0] and len(mark) >= len(fence) and not text.strip(" " + mark[0]):
            return None, False
    if fence is None and "<!--" in text:
        return None, "-->" not in text[text.index("<!--") :]
    return fence, False


# --------------------------------------------------------------------------- structural rules


def _raw_line_rules(facts: Facts, env: _Env) -> Iterator[Finding]:
    for offset, text in enumerate(facts.lines):
        yield from _line_problems(text, facts.entry.line + offset, facts.entry.line)


def _empty_link_text(facts: Facts, env: _Env) -> Iterator[Finding]:
    for link in facts.entry.links:
        if link.is_badge or link.text.strip():
            continue
        name = _link_name(link.url)
        text = _line_of(facts, link.line)
        fixed = text.replace(f"[]({link.url})", f"[{name}]({link.url})", 1) if name else None
        example = f"`[{name}]({_short(link.url)})`" if name else "`[Project name](url)`"
        yield _finding(
            EMPTY_LINK_TEXT, link.line, facts.entry.line,
            f"the link to {_short(link.url)} has no text, so readers cannot see or click it. "
            f"Put the project's name between the brackets, e.g. {example}.",
            fixed if fixed != text else None,
        )


# A web address, an in-page anchor, a relative path or another scheme (mailto:, ftp:) — all
# fine. What is left is an address mangled while typing: junk before the scheme, one slash,
# a space inside.
_WELL_FORMED_URL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:(?://)?[^\s/]|#|/|\.{0,2}/?[\w.-]+(?:[/?#]|$)|$)\S*$")
_SCHEME_IN_URL = re.compile(r"(?:https?|ftp)://\S+")
_ONE_SLASH = re.compile(r"^(https?):/(?=[^/])")


def _malformed_urls(facts: Facts) -> Iterator[Finding]:
    for link in facts.entry.links:
        if _WELL_FORMED_URL.match(link.url):
            continue
        text = _line_of(facts, link.line)
        inner = _SCHEME_IN_URL.search(_ONE_SLASH.sub(r"\1://", link.url))
        fixed = text.replace(f"]({link.url})", f"]({inner.group(0)})", 1) if inner else None
        hint = f" Write `{inner.group(0)}`." if inner else ""
        yield _finding(
            MALFORMED_URL, link.line, facts.entry.line,
            f"`{_short(link.url)}` is not a valid web address, so the link leads nowhere.{hint}",
            fixed if fixed != text else None,
        )


def _link_name(url: str) -> str | None:
    owner_repo = github_owner_repo(url)
    return owner_repo[1] if owner_repo else None


def _row_cells(facts: Facts, env: _Env) -> Iterator[Finding]:
    entry = facts.entry
    width = len(entry.header)
    if entry.kind != "row" or not width or entry.cell_count == width:
        return
    spans = cell_spans(facts.first)
    extra = [facts.first[s:e] for s, e in spans[width:]]
    if any(cell.strip() for cell in extra):
        yield _dropped_cells(facts, width, extra)
    else:
        yield _misaligned_row(facts, width, spans)


def _dropped_cells(facts: Facts, width: int, extra: list[str]) -> Finding:
    shown = " | ".join(cell for cell in extra if cell.strip())
    return _finding(
        ROW_CELLS_DROPPED, facts.entry.line, facts.entry.line,
        f"this row has {facts.entry.cell_count} cells but the table header has {width} "
        f"({_columns(facts.entry.header)}); GitHub drops every cell after the {width}th, here "
        f"`{_short(shown)}`. Move that text into one of the header's columns.",
    )


def _misaligned_row(facts: Facts, width: int, spans: list[tuple[int, int]]) -> Finding:
    entry = facts.entry
    cells = [facts.first[s:e] for s, e in spans[:width]]
    cells += [""] * (width - len(cells))
    fixed = "| " + " | ".join(cells) + " |"
    if entry.cell_count < width:
        missing = _columns(entry.header[entry.cell_count :])
        message = (
            f"this row has {entry.cell_count} cells but the table header has {width}; "
            f"GitHub leaves {missing} empty. Add the missing cells (even as `-`) so the row "
            "lines up with its header."
        )
    else:
        message = (
            f"this row has {entry.cell_count} cells but the table header has {width}; the "
            "extra empty cells at the end are ignored. Remove the surplus `|`."
        )
    return _finding(ROW_CELL_COUNT, entry.line, entry.line, message, fixed)


def _badge_repo(facts: Facts, env: _Env) -> Iterator[Finding]:
    for badge, url in facts.entry.badge_repos:
        linked = github_repo(url)
        if linked is None or linked == badge.lower():
            continue
        owner_repo = github_owner_repo(url)
        assert owner_repo is not None
        right = "/".join(owner_repo)
        line = _badge_line(facts, url)
        text = _line_of(facts, line)
        fixed = text.replace(f"stars/{badge}", f"stars/{right}", 1)
        yield _finding(
            BADGE_REPO, line, facts.entry.line, _badge_message(badge, linked, right),
            fixed if fixed != text else None,
        )


def _badge_message(badge: str, linked: str, right: str) -> str:
    if badge.lower() == linked + ".git":
        # shields.io reads `.git` as the image format it should render, and fails
        return (
            f"the star badge asks shields.io for `stars/{badge}`, which it cannot render (it "
            f"takes `.git` for an image format). Write `stars/{right}` as the badge's repository."
        )
    return (
        f"the star badge counts the stars of `{badge}` but links to `{right}`, so readers see "
        f"another repository's stars (or none). Make the badge say `{right}`, or fix the link "
        "if the badge is the right one."
    )


def _badge_line(facts: Facts, url: str) -> int:
    return next((link.line for link in facts.entry.links if link.url == url), facts.entry.line)


def _trailing_whitespace(facts: Facts, env: _Env) -> Iterator[Finding]:
    for offset, text in enumerate(facts.lines):
        stripped = text.rstrip()
        if stripped and stripped != text:
            yield _finding(
                TRAILING_WHITESPACE, facts.entry.line + offset, facts.entry.line,
                f"the line ends with {len(text) - len(stripped)} whitespace character(s); "
                "trailing spaces are invisible noise, and two of them are a hidden line "
                "break in Markdown. Remove them.",
                stripped,
            )


def _entry_pattern(facts: Facts, env: _Env) -> Iterator[Finding]:
    pattern = env.config.entry_pattern
    if pattern is None or pattern.search(facts.first.rstrip()):
        return
    yield _finding(
        ENTRY_PATTERN, facts.entry.line, facts.entry.line,
        f"this entry does not match the list's entry pattern `{pattern.pattern}` (entry_pattern "
        "in .github/awesome-review.yml). Write it the way that pattern describes.",
    )


# --------------------------------------------------------------------------- learned rules


def _shape(facts: Facts, env: _Env) -> Iterator[Finding]:
    entry = facts.entry
    major = env.deviation(SHAPE, facts, entry.kind) if env.learned_shape else None
    if major is None:
        return
    want, have = _shape_words(major.value), _shape_words(entry.kind)
    fixed = _as_row(facts, major.example, env) if major.value == "row" else _as_bullet(facts, env)
    yield _finding(
        ENTRY_SHAPE, entry.line, entry.line,
        f"{_share(major)} are {want}{_example(major)}; this entry is one of the {have}. "
        f"Add it as {'a row of the table' if major.value == 'row' else 'a bullet'} instead.",
        fixed, end_line=entry.end_line,
    )


def _shape_words(kind: str) -> str:
    return "table rows" if kind == "row" else "bullets"


def _label(facts: Facts, env: _Env) -> Iterator[Finding]:
    bullet = facts.bullet
    if bullet is None or bullet.label is None or not env.learned_shape or _see_also(facts):
        return
    if _misshapen(facts, env):
        return
    major = env.deviation(LABEL, facts, bullet.label)
    if major is None:
        return
    rest = facts.first[bullet.link_start :]
    fixed = f"{bullet.indent}{bullet.marker} {major.value + ' ' if major.value else ''}{rest}"
    yield _finding(
        ENTRY_LABEL, facts.entry.line, facts.entry.line,
        f"{_share(major)} start with `{_opening(major.value)}`{_example(major)}; this one "
        f"starts with `{_opening(bullet.label)}`.",
        fixed,
    )


def _misshapen(facts: Facts, env: _Env) -> bool:
    """A bullet among table rows (or the reverse) is rewritten whole (entry-shape); its label
    and sub-line need no findings of their own."""
    major = env.conventions.majority(SHAPE, facts.entry.section)
    return major is not None and major.value != facts.entry.kind


def _see_also(facts: Facts) -> bool:
    """A pointer to another awesome list ('- [awesome GNN](…)') is a 'see also' line, not an
    entry of the section's kind, so it need not carry the entries' label or sub-line."""
    if _SEE_ALSO.match(facts.entry.title):
        return True
    repo = next((github_repo(link.url) for link in facts.entry.links), None)
    return repo is not None and _SEE_ALSO.match(repo.split("/")[1]) is not None


def _opening(label: str) -> str:
    return f"- {label} [" if label else "- ["


def _sub_line(facts: Facts, env: _Env) -> Iterator[Finding]:
    bullet = facts.bullet
    if bullet is None or bullet.label is None or facts.sub_label or not env.learned_shape:
        return
    if _see_also(facts) or _misshapen(facts, env):
        return
    major = env.deviation(SUB_LINE, facts, "")
    # only an entry that otherwise starts like the others is expected to have its sub-line
    if major is None or major.value == "[" or env.deviation(LABEL, facts, bullet.label):
        return
    yield _finding(
        MISSING_SUB_LINE, facts.entry.line, facts.entry.line,
        f"{_share(major)} have a second line `{major.value} [Title](url)` under the first"
        f"{_example(major, quote='sub-line')}; add this entry's {major.value} link the same way.",
    )


def _marker(facts: Facts, env: _Env) -> Iterator[Finding]:
    bullet = facts.bullet
    if bullet is None or not env.learned_shape:
        return
    major = env.deviation(MARKER, facts, bullet.marker)
    if major is None:
        return
    at = len(bullet.indent)
    fixed = facts.first[:at] + major.value + facts.first[at + 1 :]
    yield _finding(
        BULLET_MARKER, facts.entry.line, facts.entry.line,
        f"{_share(major, 'bullets')} use `{major.value}`{_example(major)}; this one uses "
        f"`{bullet.marker}`, which also starts a separate Markdown list.",
        fixed,
    )


def _separator(facts: Facts, env: _Env) -> Iterator[Finding]:
    bullet = facts.bullet
    if bullet is None or bullet.separator is None or not env.learned_shape:
        return
    own = bullet.separator.strip()
    major = env.deviation(SEPARATOR, facts, own)
    # a bare space is no convention to hold others to: such lists have no descriptions
    if major is None or not major.value or _swallowed_bullet(facts):
        return
    start = bullet.description_start - len(bullet.separator)
    rest = facts.first[bullet.description_start :]
    fixed = facts.first[:start] + _written_separator(major) + rest
    yield _finding(
        DESCRIPTION_SEPARATOR, facts.entry.line, facts.entry.line,
        f"{_share(major)} put `{major.value}` between the link and the description"
        f"{_example(major)}; this one has {_separator_words(own)}.",
        fixed,
    )


def _written_separator(major: Majority) -> str:
    """The separator as the majority writes it, spaces included (' - ', ': ')."""
    bullet = major.example.bullet if major.example is not None else None
    if bullet is not None and bullet.separator is not None:
        return bullet.separator
    return f"{major.value} " if major.value == ":" else f" {major.value} " if major.value else " "


def _separator_words(separator: str) -> str:
    return f"`{separator}`" if separator else "no separator"


def _period(facts: Facts, env: _Env) -> Iterator[Finding]:
    description = facts.entry.description
    if not _described(facts) or ends_sentence(description):
        return
    major = env.deviation(PERIOD, facts, "no")
    if major is None:
        return
    first = facts.first.rstrip()
    single = facts.entry.end_line == facts.entry.line and first.endswith(description[-1:])
    yield _finding(
        DESCRIPTION_PERIOD, facts.entry.line, facts.entry.line,
        f"{_share(major, 'descriptions')} end with a period{_example(major)}; end this one "
        "with `.` too.",
        first + "." if single else None,
    )


def _capital(facts: Facts, env: _Env) -> Iterator[Finding]:
    if not _described(facts) or vote(CAPITAL, "no") not in facts.observations:
        return
    major = env.deviation(CAPITAL, facts, "no")
    if major is None:
        return
    bullet = facts.bullet
    assert bullet is not None
    at, first = bullet.description_start, facts.first
    word = first[at:].split(" ", 1)[0]
    fixed = first[:at] + word[:1].upper() + first[at + 1 :] if word[:1].islower() else None
    yield _finding(
        DESCRIPTION_CAPITAL, facts.entry.line, facts.entry.line,
        f"{_share(major, 'descriptions')} start with a capital letter{_example(major)}; "
        f"write `{word[:1].upper() + word[1:]}` instead of `{word}`.",
        fixed,
    )


def _described(facts: Facts) -> bool:
    """A bullet with a description of its own (not text glued on from a broken bullet)."""
    bullet = facts.bullet
    return (
        bullet is not None
        and bullet.separator is not None
        and bool(facts.entry.description)
        and not _swallowed_bullet(facts)
    )


def _swallowed_bullet(facts: Facts) -> bool:
    return any(_GLUED_BULLET.match(text) for text in facts.lines[1:])


def _venue(facts: Facts, env: _Env) -> Iterator[Finding]:
    venue = facts.venue
    if venue is None or not is_venue(venue, env.conventions.known_venues):
        return
    if _misshapen(facts, env):
        return  # the entry-shape suggestion writes the venue the list's way already
    form = env.deviation(VENUE, facts, venue.form)
    spelling = env.deviation(VENUE_NAME + venue.name.lower(), facts, venue.name)
    written = facts.first[venue.start : venue.end]
    expected = _venue_as_listed(facts, env)
    if expected == written:
        return
    fixed = facts.first[: venue.start] + expected + facts.first[venue.end :]
    yield _finding(
        VENUE_FORMAT, venue.line, facts.entry.line,
        _venue_message(written, expected, form, spelling),
        fixed,
    )


def _venue_as_listed(facts: Facts, env: _Env) -> str:
    """The entry's venue written in the list's form and spelling ('' when it has none)."""
    venue = facts.venue
    if venue is None:
        return ""
    written = facts.first[venue.start : venue.end]
    if not is_venue(venue, env.conventions.known_venues):
        return written
    form = env.deviation(VENUE, facts, venue.form)
    spelling = env.deviation(VENUE_NAME + venue.name.lower(), facts, venue.name)
    if form is None and spelling is None:
        return written
    return venue.render(
        form.value if form is not None else venue.form,
        spelling.value if spelling is not None else venue.name,
    )


def _venue_message(
    written: str, expected: str, form: Majority | None, spelling: Majority | None
) -> str:
    reasons = []
    if form is not None:
        example = _example(form, quote="venue")
        reasons.append(f"{_share(form)} write the venue as {form.value}{example}")
    if spelling is not None:
        reasons.append(
            f"{spelling.count} of {spelling.total} mentions of this venue in this list spell "
            f"it `{spelling.value}`"
        )
    return f"{'; '.join(reasons)}. Write `{expected}` instead of `{written}`."


def _https(facts: Facts, env: _Env) -> Iterator[Finding]:
    ignores = env.config.ignores  # a URL the maintainers told us to ignore is left as it is
    plain = [k for k in facts.entry.links if k.url.startswith("http://") and not ignores(k.url)]
    if not plain:
        return
    major = env.deviation(HTTPS, facts, "http")
    if major is None:
        return
    for link in plain:
        secure = "https://" + link.url[7:]
        yield _url_finding(
            LINK_HTTPS, facts, link, secure,
            f"{major.count} of {major.total} links in this list use https; this one is "
            f"`{_short(link.url)}`. Use `{_short(secure)}` if the site serves it (most do).",
        )


def _github_style(facts: Facts, env: _Env) -> Iterator[Finding]:
    for link in facts.entry.links:
        if not github_root(link.url) or not _dressed(link.url) or env.config.ignores(link.url):
            continue
        reasons, clean = _github_reasons(link.url, facts, env)
        if reasons:
            yield _url_finding(
                GITHUB_LINK_STYLE, facts, link, clean,
                f"{' and '.join(reasons)}; write `{_short(clean)}` instead of "
                f"`{_short(link.url)}`.",
            )


def _github_reasons(url: str, facts: Facts, env: _Env) -> tuple[list[str], str]:
    clean, reasons = url, []
    for aspect, suffix in ((TRAILING_SLASH, "/"), (GIT_SUFFIX, ".git")):
        if not clean.endswith(suffix):
            continue
        major = env.deviation(aspect, facts, "yes")
        if major is not None:
            clean = clean[: -len(suffix)]
            reasons.append(
                f"{major.count} of {major.total} GitHub repository links in this list do not "
                f"end in `{suffix}`{_example(major, quote='url')}"
            )
    return reasons, clean


def _url_finding(rule: Rule, facts: Facts, link: Link, url: str, message: str) -> Finding:
    text = _line_of(facts, link.line)
    fixed = text.replace(link.url, url, 1)
    return _finding(rule, link.line, facts.entry.line, message, fixed if fixed != text else None)


LearnedRule = Callable[[Facts, _Env], Iterable[Finding]]
_LEARNED_RULES: tuple[LearnedRule, ...] = (
    _shape,
    _label,
    _sub_line,
    _marker,
    _separator,
    _period,
    _capital,
    _venue,
    _https,
    _github_style,
)
# the rule judging each aspect (a venue's spelling is judged with its form)
_RULE_OF: dict[str, LearnedRule] = {
    SHAPE: _shape,
    LABEL: _label,
    SUB_LINE: _sub_line,
    MARKER: _marker,
    SEPARATOR: _separator,
    PERIOD: _period,
    CAPITAL: _capital,
    VENUE: _venue,
    VENUE_NAME: _venue,
    HTTPS: _https,
    GIT_SUFFIX: _github_style,
    TRAILING_SLASH: _github_style,
}


# --------------------------------------------------------------------------- suggestions


def _as_row(facts: Facts, template: Facts | None, env: _Env) -> str | None:
    """This bullet rewritten as a row of the section's table, modelled on `template`."""
    if template is None or template.entry.kind != "row":
        return None
    column = env.conventions.venue_columns.get(template.entry.header)
    spans = cell_spans(template.first)[: len(template.entry.header)]
    models = [template.first[start:end] for start, end in spans]
    cells = [
        _fill_cell(index, model, facts, header, column, env)
        for index, (model, header) in enumerate(zip(models, template.entry.header, strict=False))
    ]
    return "| " + " | ".join(cells) + " |"


def _fill_cell(
    index: int, model: str, facts: Facts, header: str, venue_column: int | None, env: _Env
) -> str:
    """One cell of the new row: the same kind of content the template row has there."""
    github, other = _entry_urls(facts)
    filler = "-" if model.strip() == "-" else ""
    if index == 0:
        title = _bare_title(facts)
        return f"[{title}]({github or other})" if "](" in model and (github or other) else title
    if index == venue_column:
        return _venue_as_listed(facts, env) or filler
    if "github/stars/" in model:
        return _star_cell(model, github) if github else filler
    if "](" in model:
        return _relink(model, other) if other else filler
    if "desc" in header.lower():
        return facts.entry.description or filler
    return filler


def _star_cell(model: str, url: str) -> str:
    owner_repo = github_owner_repo(url)
    assert owner_repo is not None
    cell = _STARS_IN_IMAGE.sub(lambda m: m.group(1) + "/".join(owner_repo), model, count=1)
    return _relink(cell, url)


def _relink(model: str, url: str) -> str:
    """The template cell with its (last) link pointing at `url` instead."""
    return _LAST_URL.sub(lambda m: f"]({url}){m['tail']}", model, count=1)


def _entry_urls(facts: Facts) -> tuple[str | None, str | None]:
    """The entry's GitHub repository URL and its first other (paper, site) URL."""
    github = other = None
    for link in facts.entry.links:
        if github is None and github_repo(link.url) is not None:
            github = link.url
        elif other is None and github_repo(link.url) is None and not link.url.startswith("#"):
            other = link.url
    return github, other


def _bare_title(facts: Facts) -> str:
    """The entry's title without a venue written at its end."""
    title = facts.entry.title.strip()
    venue = facts.venue
    if venue is not None:
        written = facts.first[venue.start : venue.end]
        if title.endswith(written):
            title = title[: -len(written)].rstrip()
    return title.replace("|", "\\|")  # a pipe would split the new row's cell


def _as_bullet(facts: Facts, env: _Env) -> str | None:
    """This row rewritten as a bullet like the section's: label, venue, sub-line."""
    section = facts.entry.section
    conventions = env.conventions
    github, other = _entry_urls(facts)
    primary = github or other
    if primary is None:
        return None
    marker = _value(conventions.majority(MARKER, section), "-")
    label = _value(conventions.majority(LABEL, section), "")
    sub = _value(conventions.majority(SUB_LINE, section), "")
    text = f"{_bare_title(facts)} {_venue_as_listed(facts, env)}".strip()
    first = f"{marker} {label + ' ' if label else ''}[{text}]({primary})"
    description = _row_description(facts)
    if description:
        separator = conventions.majority(SEPARATOR, section)
        first += (_written_separator(separator) if separator else " - ") + description
    if sub not in ("", "[") and github and other:
        return f"{first}\n\n  {sub} [{text}]({other})"
    return first


def _value(major: Majority | None, default: str) -> str:
    return major.value if major is not None else default


def _row_description(facts: Facts) -> str:
    for header, text in facts.entry.cells:
        if "desc" in header.lower() and text.strip():
            return text.strip()
    return ""


# --------------------------------------------------------------------------- wording


def _finding(
    rule: Rule,
    line: int,
    entry_line: int,
    message: str,
    suggestion: str | None = None,
    end_line: int | None = None,
) -> Finding:
    return Finding(
        check=CHECK_NAME,
        rule=rule.code,
        severity=rule.severity,
        line=line,
        message=message,
        suggestion=suggestion,
        end_line=end_line if end_line is not None else line,
        entry_line=entry_line,
    )


def _share(major: Majority, things: str = "entries") -> str:
    """'14 of 15 entries in 'LLM MoE'' / '40 of 41 bullets in this list'."""
    where = "this list" if major.scope == "this list" else major.scope
    return f"{major.count} of {major.total} {things} in {where}"


def _example(major: Majority, quote: str = "line") -> str:
    """', e.g. line 210: `…`' quoting an entry that follows the majority: its first `line`,
    its `venue`, its GitHub `url` or its `sub-line`."""
    facts = major.example
    if facts is None:
        return ""
    text, line = _QUOTES[quote](facts)
    where = f"line {line}: " if facts.in_head else ""
    return f", e.g. {where}`{text}`"


def _quote_line(facts: Facts) -> tuple[str, int]:
    return _short(facts.first.strip(), _QUOTE_WIDTH), facts.entry.line


def _quote_venue(facts: Facts) -> tuple[str, int]:
    venue = facts.venue
    if venue is None:
        return _quote_line(facts)
    return facts.first[venue.start : venue.end], facts.entry.line


def _quote_url(facts: Facts) -> tuple[str, int]:
    links = facts.entry.links
    hit = next((k for k in links if github_root(k.url) and not _dressed(k.url)), None)
    return (hit.url, hit.line) if hit is not None else _quote_line(facts)


def _quote_sub_line(facts: Facts) -> tuple[str, int]:
    offset = next((i for i, text in enumerate(facts.lines) if i and "](" in text), 0)
    return _short(facts.lines[offset].strip(), _QUOTE_WIDTH), facts.entry.line + offset


_QUOTES: dict[str, Callable[[Facts], tuple[str, int]]] = {
    "line": _quote_line,
    "venue": _quote_venue,
    "url": _quote_url,
    "sub-line": _quote_sub_line,
}


def _dressed(url: str) -> bool:
    return url.endswith(("/", ".git"))


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _columns(headers: tuple[str, ...]) -> str:
    return ", ".join(f"'{h}'" for h in headers) if headers else "none"


def _line_of(facts: Facts, line: int) -> str:
    offset = line - facts.entry.line
    return facts.lines[offset] if 0 <= offset < len(facts.lines) else facts.first


CHECK = Check(
    name=CHECK_NAME,
    title="Entries are written like the rest of the list, in sound Markdown",
    rules=RULES,
    run=run,
)
