"""Seeded edits of a real list, as a maintainer or a contributor would make them.

Each edit kind is a function `(source, rng) -> Edit | None`: it reads the list (its lines and
parsed Document), makes one change of its kind at a place the seeded `rng` picks, and returns
the head text — or None when the list has no place for it (no table, no table of contents …).
A *tidy-up* is a change a maintainer makes to their own list: it must raise no error. A
*defect* is a contributor's mistake: `Edit.lines` says which head lines hold it, and a review
must raise an error or a warning there. Used by bench/maintainer_edits.py.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from bot.model import Document, Entry, Heading, TocLink
from bot.parse.slug import Slugger, anchor_key, github_slug


@dataclass(frozen=True)
class Source:
    """One list file, read and parsed once."""

    name: str
    doc: Document

    @cached_property
    def lines(self) -> tuple[str, ...]:
        return self.doc.lines

    @cached_property
    def fenced(self) -> frozenset[int]:
        """1-based lines inside (or opening/closing) a code fence."""
        inside, out = False, set()
        for number, line in enumerate(self.lines, 1):
            if re.match(r" {0,3}(```|~~~)", line):
                out.add(number)
                inside = not inside
            elif inside:
                out.add(number)
        return frozenset(out)

    @cached_property
    def runs(self) -> tuple[tuple[Entry, ...], ...]:
        """Runs of three or more one-line entries on adjacent lines, same kind and depth."""
        runs: list[list[Entry]] = []
        for entry in self.doc.entries:
            if entry.line != entry.end_line or entry.primary is None:
                continue
            last = runs[-1][-1] if runs else None
            if (
                last is not None
                and entry.line == last.line + 1
                and (entry.kind, entry.depth, entry.section)
                == (last.kind, last.depth, last.section)
            ):
                runs[-1].append(entry)
            else:
                runs.append([entry])
        return tuple(tuple(r) for r in runs if len(r) >= 3)

    @cached_property
    def _toc_by_key(self) -> dict[str, TocLink]:
        return {anchor_key(link.anchor): link for link in self.doc.toc}

    def toc_link(self, heading: Heading) -> TocLink | None:
        """The TOC line linking `heading`, matched as GitHub matches a fragment."""
        keys = (anchor_key(a) for a in heading.all_anchors)
        return next((self._toc_by_key[k] for k in keys if k in self._toc_by_key), None)


@dataclass(frozen=True)
class Edit:
    """The head text of one seeded edit; `lines` holds a defect's head lines (first, last)."""

    kind: str
    head: str
    lines: tuple[int, int] | None = None
    where: str = ""  # a short description of the place, for the report


Kind = Callable[[Source, random.Random], "Edit | None"]

_SYLLABLES = ("kor", "va", "lin", "bri", "quo", "zet", "mar", "tel", "nob", "ru", "sen", "dax")


def _text(lines: Sequence[str]) -> str:
    return "\n".join(lines) + "\n"


def _replace(lines: Sequence[str], first: int, last: int, new: Sequence[str]) -> list[str]:
    """Lines `first`..`last` (1-based, inclusive; last = first - 1 inserts) replaced by `new`."""
    return [*lines[: first - 1], *new, *lines[last:]]


def fresh_name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()


def _fresh_url(url: str, slug: str, rng: random.Random) -> str:
    """An address of the same site naming something new."""
    if "arxiv.org" in url:
        return f"https://arxiv.org/abs/25{rng.randint(1, 12):02d}.{rng.randint(10000, 99999)}"
    m = re.match(r"(https?://(?:www\.)?github\.com)/[^/#?\s)]+", url)
    if m:
        return f"{m.group(1)}/{slug}-dev/{slug}"
    m = re.match(r"(https?://[^/\s)]+)", url)
    host = m.group(1) if m else "https://example.org"
    return f"{host}/{slug}"


_REPO = re.compile(r"https?://(?:www\.)?github\.com/([^/#?\s)]+/[^/#?\s)]+)")
_ARXIV_ID = re.compile(r"\b\d{4}\.\d{4,5}\b")


def fresh_entry(template: Entry, name: str, rng: random.Random) -> tuple[str, str] | None:
    """The template's line naming a new thing: (line, its primary URL), None when it cannot.

    Every repository the line names (a link, a star badge's image) becomes one new one and
    every arXiv id a new one, so the copy is no duplicate and its badges match its links."""
    primary = template.primary
    if (
        primary is None
        or "\n" in template.raw
        or not template.title.strip()
        or template.title not in template.raw
    ):
        return None
    slug = name.lower()
    raw = template.raw.replace(template.title, "\0TITLE\0", 1)
    renames: dict[str, str] = {}
    for link in template.links:
        m = _REPO.match(link.url)
        if m:  # one new repository for all: a star badge must count the stars it links
            renames[m.group(1).lower().removesuffix(".git")] = f"{slug}-dev/{slug}"
    for old, new in sorted(renames.items(), key=lambda kv: -len(kv[0])):
        raw = re.sub(re.escape(old), new, raw, flags=re.IGNORECASE)
    for link in template.links:  # a website or docs link beside the repository: a new page too
        if (
            link is not primary
            and link.url in raw
            and not link.is_badge
            and not _REPO.match(link.url)
        ):
            raw = raw.replace(link.url, _fresh_url(link.url, slug, rng))
    raw = _ARXIV_ID.sub(lambda _: f"25{rng.randint(1, 12):02d}.{rng.randint(10000, 99999)}", raw)
    url = _ARXIV_ID.sub("", primary.url)
    for old, new in renames.items():
        url = re.sub(re.escape(old), new, url, flags=re.IGNORECASE)
    now = next((link for link in _links(raw) if _ARXIV_ID.sub("", link) == url), None)
    if (
        now is None or now == primary.url
    ):  # the primary named no repository and no paper: a page of the same site
        now = _fresh_url(primary.url, slug, rng)
        if primary.url not in raw:
            return None
        raw = raw.replace(primary.url, now)
    return raw.replace("\0TITLE\0", name), now


def _links(raw: str) -> list[str]:
    """Every link target written on the line (Markdown or HTML)."""
    return [a or b for a, b in re.findall(r"\]\((\S+?)\)|href=\"([^\"]+)\"", raw)]


def _sorted_slot(run: Sequence[Entry], name: str) -> int:
    """The line before which `name` goes in `run` (sorted or not: where a sort would put it)."""
    for entry in run:
        if entry.title.lower() > name.lower():
            return entry.line
    return run[-1].line + 1


def _pick_run(
    source: Source, rng: random.Random, kind: str | None = None
) -> Sequence[Entry] | None:
    runs = [r for r in source.runs if kind is None or r[0].kind == kind]
    runs = [r for r in runs if not source.fenced & {e.line for e in r}]
    return rng.choice(runs) if runs else None


def _new_entry(
    source: Source, rng: random.Random, kind: str | None = None
) -> tuple[Sequence[Entry], Entry, str, str, str] | None:
    """(run, template, name, line, url): a well-formed new entry for a run of the list."""
    run = _pick_run(source, rng, kind)
    if run is None:
        return None
    template = rng.choice(run)
    name = fresh_name(rng)
    made = fresh_entry(template, name, rng)
    if made is None:
        return None
    return run, template, name, made[0], made[1]


def _add_at(
    source: Source, line: int, new: Sequence[str], kind: str, where: str, defect: bool
) -> Edit:
    head = _replace(source.lines, line, line - 1, new)
    span = (line, line + len(new) - 1) if defect else None
    return Edit(kind, _text(head), span, where)


# --------------------------------------------------------------------------- tidy-ups


def add_entry(source: Source, rng: random.Random) -> Edit | None:
    """A well-formed entry in the run's own shape, where a sort would put it (the control)."""
    made = _new_entry(source, rng)
    if made is None:
        return None
    run, _, name, line, _ = made
    return _add_at(source, _sorted_slot(run, name), [line], "add_entry", name, False)


def resort_section(source: Source, rng: random.Random) -> Edit | None:
    """A run's entries sorted by name (or reversed, when already sorted)."""
    run = _pick_run(source, rng)
    if run is None:
        return None
    ordered = sorted(run, key=lambda e: e.title.lower())
    if ordered == list(run):
        return None
    new = [e.raw for e in ordered]
    return Edit("resort_section", _text(_replace(source.lines, run[0].line, run[-1].line, new)))


def delete_entry(source: Source, rng: random.Random) -> Edit | None:
    entries = [e for e in source.doc.entries if e.line not in source.fenced]
    if not entries:
        return None
    e = rng.choice(entries)
    return Edit(
        "delete_entry", _text(_replace(source.lines, e.line, e.end_line, [])), None, e.title
    )


def fix_typo(source: Source, rng: random.Random) -> Edit | None:
    """Two letters of a description's word swapped (the same kind of change as a fix)."""
    entries = [
        e
        for e in source.doc.entries
        if e.line == e.end_line and re.search(r"[a-z]{6,}", e.description)
    ]
    if not entries:
        return None
    e = rng.choice(entries)
    words = [w for w in re.findall(r"\b[a-z]{6,}\b", e.description) if w in e.raw]
    if not words:
        return None
    word = rng.choice(words)
    i = rng.randrange(1, len(word) - 2)
    typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    at = e.raw.rfind(word)
    line = e.raw[:at] + typo + e.raw[at + len(word) :]
    return Edit("fix_typo", _text(_replace(source.lines, e.line, e.line, [line])), None, e.title)


def bullet_marker(source: Source, rng: random.Random) -> Edit | None:
    """Every `*` bullet of the file made a `-` bullet."""
    out, changed = [], 0
    for number, line in enumerate(source.lines, 1):
        m = re.match(r"(\s*)\* (?=\S)", line)
        if m and number not in source.fenced:
            line, changed = f"{m.group(1)}- {line[m.end() :]}", changed + 1
        out.append(line)
    return Edit("bullet_marker", _text(out)) if changed >= 3 else None


def _title_line(source: Source) -> int | None:
    """The last line of the list's title (a setext title's underline)."""
    for h in source.doc.headings:
        if h.level == 1:
            under = re.fullmatch(r" {0,3}=+\s*", source.doc.line_text(h.line + 1))
            return h.line + 1 if under else h.line
    return None


def add_badge(source: Source, rng: random.Random) -> Edit | None:
    """An Awesome badge on the line after the title."""
    line = _title_line(source)
    if line is None:
        return None
    badge = "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)"
    return Edit("add_badge", _text(_replace(source.lines, line + 1, line, ["", badge])))


def _blocks(source: Source, level: int | None = None) -> list[tuple[Heading, int]]:
    """(heading, last line of its block) for every heading (of `level`), fences excluded."""
    heads = [h for h in source.doc.headings if h.line not in source.fenced]
    out = []
    for i, h in enumerate(heads):
        if level is not None and h.level != level:
            continue
        end = next((n.line - 1 for n in heads[i + 1 :] if n.level <= h.level), len(source.lines))
        out.append((h, end))
    return out


def _toc_heading(source: Source) -> Heading | None:
    """The heading the table of contents sits under, when it has one."""
    if source.doc.toc_line is None:
        return None
    before = [h for h in source.doc.headings if h.line <= source.doc.toc_line]
    return before[-1] if before else None


def back_to_top(source: Source, rng: random.Random) -> Edit | None:
    """A `back to top` link added at the end of a section, or one the list has removed."""
    ups = [i for i, t in enumerate(source.lines, 1) if "back to top" in t.lower() and "](#" in t]
    if ups and rng.random() < 0.5:
        n = rng.choice(ups)
        return Edit("back_to_top", _text(_replace(source.lines, n, n, [])), None, "removed")
    toc = _toc_heading(source)
    target = toc.slug if toc else "readme"
    blocks = [(h, end) for h, end in _blocks(source) if h.level >= 2 and end - h.line >= 2]
    if not blocks:
        return None
    h, end = rng.choice(blocks)
    while end > h.line and not source.lines[end - 1].strip():
        end -= 1
    new = ["", f"**[⬆ back to top](#{target})**"]
    return Edit("back_to_top", _text(_replace(source.lines, end + 1, end, new)), None, h.text)


_LINK = re.compile(r"^(\s*)[-*+] (\[[^\]]+\]\([^)\s]+\))\s+[-–—:]\s+(.*)$")


def to_table(source: Source, rng: random.Random) -> Edit | None:
    """A run of `- [Name](url) - Description.` bullets rewritten as a two-column table."""
    runs = [
        r
        for r in source.runs
        if r[0].kind == "bullet" and r[0].depth == 0 and all(_LINK.match(e.raw) for e in r)
    ]
    if not runs:
        return None
    run = rng.choice(runs)
    rows = ["| Name | Description |", "| --- | --- |"]
    for e in run:
        m = _LINK.match(e.raw)
        assert m is not None
        rows.append(f"| {m.group(2)} | {m.group(3).replace('|', '&#124;')} |")
    return Edit(
        "to_table", _text(_replace(source.lines, run[0].line, run[-1].line, ["", *rows, ""]))
    )


def wrap_lines(source: Source, rng: random.Random) -> Edit | None:
    """A long bullet's description continued on the next line (a lazy continuation)."""
    entries = [
        e
        for e in source.doc.entries
        if e.kind == "bullet"
        and e.line == e.end_line
        and len(e.raw) > 80
        and e.line not in source.fenced
    ]
    entries = [e for e in entries if " " in e.raw[60:]]
    if not entries:
        return None
    e = rng.choice(entries)
    cut = e.raw.index(" ", 60)
    if re.match(r"[-*+#>|]|\d+[.)]", e.raw[cut + 1 :]):
        return None  # the continuation would start a block of its own
    indent = len(e.raw) - len(e.raw.lstrip()) + 2
    new = [e.raw[:cut], " " * indent + e.raw[cut + 1 :]]
    return Edit("wrap_lines", _text(_replace(source.lines, e.line, e.line, new)), None, e.title)


def details_block(source: Source, rng: random.Random) -> Edit | None:
    """A run of entries folded in a `<details>` block."""
    run = _pick_run(source, rng, "bullet")
    if run is None or source.doc.line_text(run[-1].line + 1).strip():
        return None
    first, last = run[0].line, run[-1].line
    new = [
        "",
        "<details>",
        "<summary>Show the entries</summary>",
        "",
        *source.lines[first - 1 : last],
        "",
        "</details>",
    ]
    return Edit("details_block", _text(_replace(source.lines, first, last, new)))


def _add_toc_line(
    lines: list[str], source: Source, after: Heading, text: str, anchor: str
) -> int | None:
    """A TOC line for a new heading placed after `after`'s, shaped like it; its index or None."""
    link = source.toc_link(after)
    if link is None:
        return None
    old = lines[link.line - 1]
    new = old.replace(f"[{link.text}](#{link.anchor})", f"[{text}](#{anchor})", 1)
    if new == old:
        return None
    if link.stray:  # a note written after the link belongs to that line only
        new = new[: new.index(f"(#{anchor})") + len(anchor) + 3]
    end = link.line
    for other in source.doc.toc:  # after the sub-lines of `after`
        if (
            other.line > link.line
            and other.depth > link.depth
            and all(
                o.depth > link.depth for o in source.doc.toc if link.line < o.line <= other.line
            )
        ):
            end = other.line
    lines.insert(end, new)
    return end


def footer(source: Source, rng: random.Random) -> Edit | None:
    """A `## License` section at the end, with a footnote on an entry; in the TOC if it lists
    the headings of that level."""
    lines = list(source.lines)
    while lines and not lines[-1].strip():
        lines.pop()
    lines += [
        "",
        "## License",
        "",
        "[![CC0](https://licensebuttons.net/p/zero/1.0/88x31.png)](https://creativecommons.org/publicdomain/zero/1.0/)",
        "",
        "To the extent possible under law, the authors have waived all copyright.[^1]",
        "",
        "[^1]: See the licence for details.",
    ]
    h2 = [h for h, _ in _blocks(source, 2)]
    if h2 and source.toc_link(h2[-1]) is not None:
        _add_toc_line(lines, source, h2[-1], "License", "license")
    return Edit("footer", _text(lines))


def emoji_headings(source: Source, rng: random.Random) -> Edit | None:
    """An emoji before every `##` heading the TOC links, and the TOC links slugged anew."""
    emoji = ("🚀", "📦", "🔧", "✨", "📚", "🧪")
    lines = list(source.lines)
    slugger, done = Slugger(), 0
    for h in source.doc.headings:
        link = source.toc_link(h)
        if (
            h.level != 2
            or link is None
            or h.line in source.fenced
            or h.text not in lines[h.line - 1]
        ):
            slugger.slug(h.text)
            continue
        mark = rng.choice(emoji)
        lines[h.line - 1] = lines[h.line - 1].replace(h.text, f"{mark} {h.text}", 1)
        old = lines[link.line - 1]
        new = f"[{mark} {link.text}](#{slugger.slug(f'{mark} {h.text}')})"
        lines[link.line - 1] = old.replace(f"[{link.text}](#{link.anchor})", new, 1)
        done += lines[link.line - 1] != old
    return Edit("emoji_headings", _text(lines)) if done else None


def rename_heading(source: Source, rng: random.Random) -> Edit | None:
    """A heading renamed, its TOC line with it."""
    named = [
        h
        for h in source.doc.headings
        if h.level >= 2 and source.toc_link(h) is not None and h.line not in source.fenced
    ]
    if not named:
        return None
    h = rng.choice(named)
    link = source.toc_link(h)
    new = f"{h.text} and More"
    if link is None:
        return None
    lines = list(source.lines)
    if h.text not in lines[h.line - 1]:
        return None
    lines[h.line - 1] = lines[h.line - 1].replace(h.text, new, 1)
    slug = github_slug(new)
    old = lines[link.line - 1]
    lines[link.line - 1] = old.replace(
        f"[{link.text}](#{link.anchor})", f"[{link.text} and More](#{slug})", 1
    )
    if lines[link.line - 1] == old or slug in source.doc.slugs:
        return None
    return Edit("rename_heading", _text(lines), None, h.text)


def move_section(source: Source, rng: random.Random) -> Edit | None:
    """A whole section moved before a sibling, its TOC lines with it."""
    level = rng.choice((2, 3))
    blocks = [(h, end) for h, end in _blocks(source, level) if source.toc_link(h) is not None]
    if len(blocks) < 3:
        return None
    i, j = sorted(rng.sample(range(len(blocks)), 2))
    (a, _), (b, b_end) = blocks[i], blocks[j]
    if _parent(source, a) != _parent(source, b):
        return None
    lines = list(source.lines)
    moved = lines[b.line - 1 : b_end]
    lines = _replace(lines, b.line, b_end, [])
    lines = _replace(lines, a.line, a.line - 1, moved)
    return _move_toc(source, lines, a, b)


def _parent(source: Source, h: Heading) -> Heading | None:
    before = [p for p in source.doc.headings if p.line < h.line and p.level < h.level]
    return before[-1] if before else None


def _toc_span(source: Source, link: TocLink) -> tuple[int, int]:
    end = link.line
    for other in source.doc.toc:
        if other.line == end + 1 and other.depth > link.depth:
            end = other.line
    return link.line, end


def _move_toc(source: Source, lines: list[str], a: Heading, b: Heading) -> Edit | None:
    la, lb = source.toc_link(a), source.toc_link(b)
    if la is None or lb is None or la.line >= lb.line or la.depth != lb.depth:
        return None
    b_first, b_last = _toc_span(source, lb)
    moved = lines[b_first - 1 : b_last]
    # the TOC sits above the sections moved, so its line numbers still hold
    if b_first > a.line:
        return None
    lines = _replace(lines, b_first, b_last, [])
    lines = _replace(lines, la.line, la.line - 1, moved)
    return Edit("move_section", _text(lines), None, b.text)


def add_section(source: Source, rng: random.Random) -> Edit | None:
    """A new section of three entries after a leaf section of the same level, with its TOC line."""
    made = _new_entry(source, rng)
    if made is None:
        return None
    run, template, _, _, _ = made
    owner = [(h, end) for h, end in _blocks(source) if h.line < run[0].line <= end]
    if not owner:
        return None
    h, end = owner[-1]
    entries = []
    for _ in range(3):
        name = fresh_name(rng)
        new = fresh_entry(template, name, rng)
        if new is None:
            return None
        entries.append((name.lower(), new[0]))
    title = f"{fresh_name(rng)} Tools"
    lines = list(source.lines)
    body = ["", f"{'#' * h.level} {title}", ""]
    if run[0].kind == "row":
        body += list(source.lines[_table_top(source, run[0]) - 1 : _table_top(source, run[0]) + 1])
    body += [line for _, line in sorted(entries)] + [""]
    while end > h.line and not lines[end - 1].strip():
        end -= 1
    lines = _replace(lines, end + 1, end, body)
    listed = any(source.toc_link(o) for o in source.doc.headings if o.level == h.level)
    if listed and _add_toc_line(lines, source, h, title, github_slug(title)) is None:
        return None  # the contents list this level: no edit without its TOC line
    return Edit("add_section", _text(lines), None, title)


def _table_top(source: Source, row: Entry) -> int:
    """The header line of the table holding `row`."""
    tables = [t for t in source.doc.tables if t.line <= row.line <= t.end_line]
    return tables[0].line if tables else row.line


def https(source: Source, rng: random.Random) -> Edit | None:
    """An entry's `http://` address made `https://`."""
    entries = [
        e
        for e in source.doc.entries
        if e.primary
        and e.primary.url.startswith("http://")
        and e.primary.url in e.raw
        and e.line == e.end_line
    ]
    if not entries:
        return None
    e = rng.choice(entries)
    assert e.primary is not None
    line = e.raw.replace(e.primary.url, "https://" + e.primary.url[7:])
    return Edit("https", _text(_replace(source.lines, e.line, e.line, [line])), None, e.title)


_SPONSOR = "https://sponsor.example.com/?utm_source=awesome"
_LOGO = "https://sponsor.example.com/logo.svg"


def sponsor(source: Source, rng: random.Random) -> Edit | None:
    """A sponsor block under the title: a logo and a line of thanks."""
    line = _title_line(source)
    if line is None:
        return None
    block = [
        "",
        '<p align="center"><sup>Sponsored by</sup><br>',
        f'<a href="{_SPONSOR}"><img src="{_LOGO}" alt="Sponsor"></a><br>',
        f'<a href="{_SPONSOR}"><b>Build faster with Sponsor.</b></a>',
        "</p>",
    ]
    return Edit("sponsor", _text(_replace(source.lines, line + 1, line, block)))


_DATE = re.compile(r"\b(20\d\d)([-/.])(0[1-9]|1[0-2])\b")


def date_column(source: Source, rng: random.Random) -> Edit | None:
    """A row's date moved one month earlier (same format)."""
    rows = []
    for e in source.doc.entries:
        if e.kind == "row" and e.line == e.end_line:
            cells = [
                c
                for h, c in e.cells
                if re.search(r"date|time|updated|year", h, re.I) and _DATE.search(c)
            ]
            if cells:
                rows.append((e, cells[0]))
    if not rows:
        return None
    e, cell = rng.choice(rows)
    m = _DATE.search(cell)
    assert m is not None
    year, month = int(m.group(1)), int(m.group(3))
    year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    new_cell = cell[: m.start()] + f"{year}{m.group(2)}{month:02d}" + cell[m.end() :]
    if cell not in e.raw:
        return None
    line = e.raw.replace(cell, new_cell, 1)
    return Edit("date_column", _text(_replace(source.lines, e.line, e.line, [line])), None, e.title)


TIDY_UPS: tuple[Kind, ...] = (
    add_entry,
    resort_section,
    rename_heading,
    move_section,
    add_section,
    delete_entry,
    fix_typo,
    bullet_marker,
    add_badge,
    back_to_top,
    to_table,
    wrap_lines,
    details_block,
    footer,
    emoji_headings,
    https,
    sponsor,
    date_column,
)
