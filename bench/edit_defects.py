"""Seeded contributor defects: a new entry (or TOC line, or block) that a review must flag.

Each kind returns an `Edit` whose `lines` are the head lines holding the defect, or None when
the list has no place for it (no table, no table of contents, no consistent separator …).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

from bench.edit_kinds import (
    _LINK,
    Edit,
    Kind,
    Source,
    _add_at,
    _add_toc_line,
    _blocks,
    _new_entry,
    _pick_run,
    _sorted_slot,
    _table_top,
    _text,
    fresh_entry,
    fresh_name,
)
from bot.model import Entry
from bot.parse.slug import github_slug

Mangle = Callable[[str, str, str, str, random.Random], "str | None"]  # line, link, name, url


def _mangled(
    source: Source, rng: random.Random, kind: str, mangle: Mangle, run_kind: str | None = None
) -> Edit | None:
    """A new entry in a run's own shape with its link (or line) mangled, where a sort puts it."""
    made = _new_entry(source, rng, run_kind)
    if made is None:
        return None
    run, _, name, line, url = made
    link = f"[{name}]({url})"
    at = line.find(link)
    if at < 0 or line[at - 1 : at] == "[" or line[at + len(link) : at + len(link) + 1] == "]":
        return None  # `[[Name](url)]`: a mangled link could still read as one
    bad = mangle(line, link, name, url, rng)
    if bad is None:
        return None
    return _add_at(source, _sorted_slot(run, name), [bad], kind, name, True)


def link_space(source: Source, rng: random.Random) -> Edit | None:
    """`[Name] (url)`: a space between text and address, GitHub shows it as text."""
    return _mangled(
        source, rng, "link_space", lambda ln, link, n, u, r: ln.replace(link, f"[{n}] ({u})")
    )


def link_no_bracket(source: Source, rng: random.Random) -> Edit | None:
    """`Name](url)`: the opening bracket lost."""
    return _mangled(
        source, rng, "link_no_bracket", lambda ln, link, n, u, r: ln.replace(link, f"{n}]({u})")
    )


def url_twice(source: Source, rng: random.Random) -> Edit | None:
    """`[Name](urlurl)`: the address pasted twice."""
    return _mangled(
        source, rng, "url_twice", lambda ln, link, n, u, r: ln.replace(link, f"[{n}]({u}{u})")
    )


def dup_url(source: Source, rng: random.Random) -> Edit | None:
    """A new entry, under its own name, pointing where an entry of its section already points."""
    run = _pick_run(source, rng)
    if run is None:
        return None
    other = rng.choice(run)
    name = fresh_name(rng)
    made = fresh_entry(other, name, rng)
    if made is None or other.primary is None:
        return None
    bad = _point_to(made[0], made[1], other.primary.url)
    return _add_at(source, _sorted_slot(run, name), [bad], "dup_url", other.title, True)


def _point_to(line: str, url: str, target: str) -> str:
    """The line with `url` (and its repository's path, on badges) made `target`."""
    old = re.match(r"https?://github\.com/([^/]+/[^/#?]+)", url)
    new = re.match(r"https?://github\.com/([^/]+/[^/#?]+)", target)
    line = line.replace(url, target)
    if old and new:
        line = line.replace(old.group(1), new.group(1).rstrip("/"))
    return line


def dup_title(source: Source, rng: random.Random) -> Edit | None:
    """An entry of a section added again under its title, at another address of its repository."""
    run = _pick_run(source, rng)
    if run is None:
        return None
    github = re.compile(r"https://github\.com/[^/]+/[^/#?]+/?$")
    others = [e for e in run if e.primary and github.match(e.primary.url) and e.title in e.raw]
    if not others:
        return None
    other = rng.choice(others)
    assert other.primary is not None
    name = fresh_name(rng)
    made = fresh_entry(other, name, rng)
    if made is None:
        return None
    target = other.primary.url.rstrip("/") + rng.choice(("/", "#readme", ".git", "/tree/master"))
    bad = _point_to(made[0], made[1], target).replace(name, other.title, 1)
    return _add_at(source, other.line + 1, [bad], "dup_title", other.title, True)


def missing_description(source: Source, rng: random.Random) -> Edit | None:
    """`- [Name](url)` with no description, in a section whose five or more entries all have one."""
    runs = [
        r
        for r in source.runs
        if r[0].kind == "bullet"
        and r[0].depth == 0
        and len(r) >= 5
        and all(_LINK.match(e.raw) for e in _section_entries(source, r[0]))
    ]
    if not runs:
        return None
    run = rng.choice(runs)
    name = fresh_name(rng)
    made = fresh_entry(rng.choice(run), name, rng)
    m = _LINK.match(made[0]) if made else None
    if m is None:
        return None
    return _add_at(
        source, _sorted_slot(run, name), [made[0][: m.end(2)]], "missing_description", name, True
    )


def _section_entries(source: Source, entry: Entry) -> list[Entry]:
    """The top-level one-line bullets of the entry's section."""
    return [
        e
        for e in source.doc.entries
        if e.section == entry.section
        and e.kind == "bullet"
        and e.depth == 0
        and e.line == e.end_line
    ]


def _consistent(source: Source, rng: random.Random) -> bool:
    """Every bullet of the list written `- [Name](url) - Description` (the separator kept)."""
    bullets = [
        e
        for e in source.doc.entries
        if e.kind == "bullet" and e.line == e.end_line and e.depth == 0
    ]
    seps = [e.raw[m.end(2) : m.start(3)] for e in bullets if (m := _LINK.match(e.raw))]
    return (
        len(bullets) >= 10
        and len(seps) >= 0.95 * len(bullets)
        and seps.count(" - ") >= 0.95 * len(seps)
    )


def wrong_separator(source: Source, rng: random.Random) -> Edit | None:
    """`[Name](url): Description` where every entry writes ` - `."""
    if not _consistent(source, rng):
        return None
    sep = rng.choice((": ", " : ", " – ", " -- "))

    def mangle(line: str, link: str, name: str, url: str, r: random.Random) -> str | None:
        m = _LINK.match(line)
        return f"{line[: m.end(2)]}{sep}{m.group(3)}" if m else None

    return _mangled(source, rng, "wrong_separator", mangle, "bullet")


def trailing_space(source: Source, rng: random.Random) -> Edit | None:
    """Spaces after an entry, in a list none of whose entries has any."""
    if any(e.raw != e.raw.rstrip() for e in source.doc.entries):
        return None
    return _mangled(source, rng, "trailing_space", lambda ln, link, n, u, r: ln + "   ")


def wrong_level(source: Source, rng: random.Random) -> Edit | None:
    """A new bullet entry right under a heading whose entries all sit in its sub-sections (a
    table row or an HTML line pasted outside its table or block is no entry: another defect)."""
    parents = []
    for h, end in _blocks(source):
        subs = [s for s, _ in _blocks(source) if h.line < s.line <= end and s.level == h.level + 1]
        own = [e for e in source.doc.entries if h.line < e.line < (subs[0].line if subs else end)]
        if subs and not own and h.level >= 2:
            parents.append(h)
    made = _new_entry(source, rng, "bullet")
    if not parents or made is None:
        return None
    h = rng.choice(parents)
    return _add_at(source, h.line + 1, ["", made[3]], "wrong_level", h.text, True)


def toc_missing_anchor(source: Source, rng: random.Random) -> Edit | None:
    """A TOC line pointing to a heading that does not exist."""
    named = [h for h in source.doc.headings if source.toc_link(h) is not None]
    if not named:
        return None
    h = rng.choice(named)
    title = f"{fresh_name(rng)} Libraries"
    lines = list(source.lines)
    at = _add_toc_line(lines, source, h, title, github_slug(title))
    if at is None:
        return None
    return Edit("toc_missing_anchor", _text(lines), (at + 1, at + 1), title)


def row_above_delimiter(source: Source, rng: random.Random) -> Edit | None:
    """A new row pasted between a table's header and its delimiter row."""
    made = _new_entry(source, rng, "row")
    if made is None:
        return None
    run, _, name, line, _ = made
    top = _table_top(source, run[0])
    if top == run[0].line:
        return None
    return _add_at(source, top + 1, [line], "row_above_delimiter", name, True)


def row_below_blank(source: Source, rng: random.Random) -> Edit | None:
    """A new row added under its table after a blank line: a paragraph of text with pipes."""
    made = _new_entry(source, rng, "row")
    if made is None:
        return None
    run, _, name, line, _ = made
    table = next((t for t in source.doc.tables if t.line <= run[0].line <= t.end_line), None)
    if table is None:
        return None
    return _add_at(source, table.end_line + 1, ["", line], "row_below_blank", name, True)


def unclosed_fence(source: Source, rng: random.Random) -> Edit | None:
    """A code fence opened after an entry and never closed: the rest of the list is code."""
    run = _pick_run(source, rng)
    if run is None:
        return None
    e = rng.choice(run[:-1])
    new = ["", "```sh", "go install example.org/tool@latest"]
    return _add_at(source, e.line + 1, new, "unclosed_fence", e.title, True)


DEFECTS: tuple[Kind, ...] = (
    link_space,
    link_no_bracket,
    url_twice,
    dup_url,
    dup_title,
    wrong_level,
    toc_missing_anchor,
    row_above_delimiter,
    row_below_blank,
    unclosed_fence,
    missing_description,
    trailing_space,
    wrong_separator,
)


def kinds(names: Sequence[str] = ()) -> tuple[Kind, ...]:
    """Every edit kind, tidy-ups first (only those named, when names are given)."""
    from bench.edit_kinds import TIDY_UPS

    every = (*TIDY_UPS, *DEFECTS)
    return tuple(k for k in every if not names or k.__name__ in names)
