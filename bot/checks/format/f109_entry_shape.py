"""F109 entry-shape: a bullet among table rows, or a row among bullets; the suggestion
rewrites the entry in the section's shape, modelled on one of its entries."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.checks.analysis.cells import cell_spans
from bot.checks.analysis.conventions import Majority
from bot.checks.analysis.facts import Facts
from bot.checks.analysis.votes import LABEL, MARKER, SEPARATOR, SHAPE, SUB_LINE
from bot.checks.base import Rule
from bot.checks.format.common import venue_as_listed, written_separator
from bot.checks.format.examples import TABLE
from bot.checks.format.state import CHECK_NAME, FormatState
from bot.checks.format.wording import example, share
from bot.model import Document, Finding, Severity
from bot.urls import github_owner_repo, github_repo

RULE = Rule(
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
    base=TABLE + "\n",
    fixable=True,
)

ASPECTS: tuple[str, ...] = (SHAPE,)


_STARS_IN_IMAGE = re.compile(
    r"(github/stars/)([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?=\.svg|\.png|[?#)]|$)"
)
_LAST_URL = re.compile(r"\]\((?P<url>[^()\s]*)\)(?P<tail>[^\]]*)$")


def applies(facts: Facts, state: FormatState) -> bool:
    """The learned shape rules are off when the repository sets an entry_pattern."""
    return state.learned_shape


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    entry = facts.entry
    major = state.deviation(SHAPE, facts, entry.kind)
    if major is None:
        return
    want, have = _SHAPE_WORDS[major.value], _SHAPE_WORDS[entry.kind]
    if major.value == "row":
        fixed = _as_row(facts, major.example, state)
    elif major.value == "bullet":
        fixed = _as_bullet(facts, state)
    else:
        fixed = None  # an HTML line is written by hand, like its neighbours
    message = (
        f"{share(major)} are {want}{example(major)}; this entry is one of the {have}. "
        f"Add it as {_ADD_AS[major.value]} instead."
    )
    gap = _blank_under_table(state.head, entry.line) if major.value == "row" and fixed else None
    yield RULE.finding(
        entry.line, message, fixed, end_line=entry.end_line, entry_line=entry.line,
        fix_at=(gap, entry.end_line) if gap is not None else None,
    )


def _blank_under_table(head: Document | None, line: int) -> int | None:
    """The first of the blank lines between a table's last row and `line`: a row put in the
    bullet's place would stay cut off the table by them, so the fix takes them too."""
    if head is None:
        return None
    first = line
    while first > 1 and not head.line_text(first - 1).strip():
        first -= 1
    ends = any(table.end_line == first - 1 for table in head.tables)
    return first if first < line and ends else None


_SHAPE_WORDS = {"row": "table rows", "bullet": "bullets", "html": "HTML lines"}
_ADD_AS = {"row": "a row of the table", "bullet": "a bullet", "html": "an HTML line like theirs"}


def _as_row(facts: Facts, template: Facts | None, state: FormatState) -> str | None:
    """This bullet rewritten as a row of the section's table, modelled on `template`."""
    if template is None or template.entry.kind != "row":
        return None
    column = state.conventions.venue_columns.get(template.entry.header)
    spans = cell_spans(template.first)[: len(template.entry.header)]
    models = [template.first[start:end] for start, end in spans]
    cells = [
        _fill_cell(index, model, facts, header, column, state)
        for index, (model, header) in enumerate(zip(models, template.entry.header, strict=False))
    ]
    return "| " + " | ".join(cells) + " |"


def _fill_cell(
    index: int, model: str, facts: Facts, header: str, venue_column: int | None, state: FormatState
) -> str:
    """One cell of the new row: the same kind of content the template row has there."""
    github, other = _entry_urls(facts)
    filler = "-" if model.strip() == "-" else ""
    if index == 0:
        title = _bare_title(facts)
        return f"[{title}]({github or other})" if "](" in model and (github or other) else title
    if index == venue_column:
        return venue_as_listed(facts, state) or filler
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


def _as_bullet(facts: Facts, state: FormatState) -> str | None:
    """This row rewritten as a bullet like the section's: label, venue, sub-line."""
    section = facts.entry.section
    conventions = state.conventions
    github, other = _entry_urls(facts)
    primary = github or other
    if primary is None:
        return None
    marker = _value(conventions.majority(MARKER, section), "-")
    label = _value(conventions.majority(LABEL, section), "")
    sub = _value(conventions.majority(SUB_LINE, section), "")
    text = f"{_bare_title(facts)} {venue_as_listed(facts, state)}".strip()
    first = f"{marker} {label + ' ' if label else ''}[{text}]({primary})"
    description = _row_description(facts)
    if description:
        separator = conventions.majority(SEPARATOR, section)
        first += (written_separator(separator) if separator else " - ") + description
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
