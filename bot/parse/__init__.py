"""Markdown text → Document: headings, table of contents and entries, with line numbers.

markdown-it-py does the Markdown; this module walks its token stream once and keeps what
an awesome list is made of. Token maps are 0-based, half-open line ranges; everything we
hand on is 1-based and inclusive, like an editor and GitHub show it.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeAlias

from markdown_it import MarkdownIt, rules_inline
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from bot import collector
from bot.model import Control, Document, Entry, Heading, Link, LinkProblem, Table, TocLink
from bot.parse.block_rules import guard_block_rules
from bot.parse.blocks import Block, html_blocks_in, top_blocks
from bot.parse.bullet_runs import add_bullet_runs
from bot.parse.controls import controls_in
from bot.parse.destination import fast_helpers
from bot.parse.headings import use_atx_heading
from bot.parse.html_entries import html_entries
from bot.parse.inline import (
    html_anchors,
    inline_links,
    only_html,
    plain_text,
    star_badge_repo,
    strip_emphasis,
    unparsed_link_text,
)
from bot.parse.inline_memo import remember_inline_tokens
from bot.parse.inline_rules import dispatch_inline_rules
from bot.parse.labelled_items import LABELLED_ITEM
from bot.parse.malformed import doubled_url_problem, line_problems, meant_link
from bot.parse.nested import item_name, labelled_link, url_link
from bot.parse.plain_entries import PLAIN_ENTRY
from bot.parse.roles import link_role, never_title, text_role, title_columns
from bot.parse.simple_inline import simple_inline_tokens
from bot.parse.slices import sliced
from bot.parse.slug import Slugger
from bot.parse.table import written_cells
from bot.parse.toc import page_toc
from bot.parse.tokens import use_new_tokens

__all__ = ["Block", "blocks", "make_markdown", "parse", "parse_generic", "parse_whole"]


def make_markdown(shortcuts: bool = True, entries: bool = False) -> MarkdownIt:
    """CommonMark plus GFM tables, with raw HTML on so `<a href>` links are seen.

    URLs are kept exactly as written (no percent-encoding, no scheme filter): findings quote
    them back to the contributor, and a `javascript:` link must be seen to be flagged.
    With `shortcuts`, the commonest lines' inline tokens, and the lists made of them, are
    made directly (the same ones); with `entries` too, a plain entry's item is one
    `plain_entry` token the walker reads (bot.parse.plain_entries), and an item of plain
    words over `label: value` sub-items one `labelled_item` (bot.parse.labelled_items).
    """
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    # Emphasis tokens carry nothing a review needs, and their delimiter scanning is ~15% of
    # parse time on a large list; plain_text() strips the markers from what readers see.
    md.disable(["emphasis", "balance_pairs", "fragments_join"])
    md.inline.ruler.at("link", _needing_a_closing_bracket(rules_inline.link))
    md.inline.ruler.at("image", _needing_a_closing_bracket(rules_inline.image))
    md.helpers = fast_helpers()  # type: ignore[assignment]
    md.normalizeLink = _as_written  # type: ignore[method-assign]
    md.normalizeLinkText = _as_written  # type: ignore[method-assign,assignment]
    md.validateLink = _any_link  # type: ignore[method-assign]
    md.inline.ruler.at("text", _text)
    if shortcuts:
        add_bullet_runs(md, entries)
    guard_block_rules(md)
    if shortcuts:
        use_atx_heading(md)
    dispatch_inline_rules(md)
    use_new_tokens(md)
    remember_inline_tokens(md, simple_inline_tokens if shortcuts else None)
    return md


# markdown-it's text rule stops at 25 characters and hands each one it stops at to every
# inline rule (~2 µs each): a 5 MB run of `*` took 9 s. Text need stop only where an
# enabled rule can start: newline, escape, code, link, image (`![` only), raw HTML and
# autolinks, entities; emphasis is off, so `*` and `_` are text like `-` or `:`. A `]` ends
# text only while a link's label is being looked for (silent); elsewhere no rule starts there.
# An entity starts `&#` or `&` and a letter; an autolink `<` and a scheme or an address,
# raw HTML `<` and a letter, `/`, `!` or `?`.
_HTML_OR_ENTITY = r"&(?=[#A-Za-z])|<(?=[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-])"
_TERMINATORS = re.compile(rf"[\n\\`\[\]]|!(?=\[)|{_HTML_OR_ENTITY}")
_TERMINATORS_OUTSIDE_LABELS = re.compile(rf"[\n\\`\[]|!(?=\[)|{_HTML_OR_ENTITY}")
_TERMINATORS_PAST_LINKS = re.compile(rf"[\n\\`]|{_HTML_OR_ENTITY}")  # `[` is text too


# markdown-it's escape rule makes a token of each escaped character (`\=` → text_special
# "="), which its text join folds into the text around it once the paragraph is read: a
# 5 MB link text of `=\=\…` held 2.5 million tokens (~300 bytes each) before the join,
# and a label's scan stopped at each escape. The text rule takes them instead, as the join
# leaves them: the escaped character, or both characters when it is no punctuation. Not an
# escaped space or line break (the newline rule reads pending text's trailing spaces as a
# hard break), nor a `\` ending the text: markdown-it's rule takes those.
_ESCAPABLE = frozenset(string.punctuation)
_ESCAPES = re.compile(r"(?:\\[^\n ])++")  # a run at once; possessive: no state per repeat
_ALL_ESCAPABLE = re.compile(f"[{re.escape(string.punctuation)}]*")


def _text(state: StateInline, silent: bool) -> bool:
    """markdown-it's text rule with the terminators above, escapes taken as text."""
    if silent:
        ends = _TERMINATORS
    elif state.pos > _link_limit(state):
        ends = _TERMINATORS_PAST_LINKS
    else:
        ends = _TERMINATORS_OUTSIDE_LABELS
    src, start, limit = state.src, state.pos, state.posMax
    parts, at = [], start
    while True:
        found = ends.search(src, at, limit)
        end = found.start() if found else limit
        parts.append(src[at:end])
        escapes = _ESCAPES.match(src, end, limit)
        if escapes is None:
            break
        escaped = escapes[0][1::2]
        if _ALL_ESCAPABLE.fullmatch(escaped):
            parts.append(escaped)
        else:
            parts.extend(char if char in _ESCAPABLE else "\\" + char for char in escaped)
        at = escapes.end()
    if end == start:
        return False
    if not silent:
        state.append_pending("".join(parts))
    state.pos = end
    return True


_InlineRule: TypeAlias = Callable[[StateInline, bool], bool]


def _needing_a_closing_bracket(rule: _InlineRule) -> _InlineRule:
    """`rule` (link or image), skipped where its label could not close into a link.

    markdown-it scans for the label's `]` from every `[`, token by token, at ~15 µs a
    character: a 2 MB run of `![` took 30 s, and a run of `[` before one `]` is quadratic.
    A label needs a `]` after it; with no reference definitions, a `](` (_link_limit)."""

    def guarded(state: StateInline, silent: bool) -> bool:
        if state.pos > _link_limit(state):
            return False
        return rule(state, silent)

    return guarded


def _link_limit(state: StateInline) -> int:
    """The last place a link's label can start from: a `]` must follow it, and with no
    reference definitions a `](`. Found once per paragraph (a one-entry cache; parses in
    other threads only miss it)."""
    global _LAST_CLOSING
    src, closing, inline = _LAST_CLOSING
    if src is not state.src:
        src, closing, inline = state.src, state.src.rfind("]"), state.src.rfind("](")
        _LAST_CLOSING = (src, closing, inline)
    return closing if state.env.get("references") else inline


_LAST_CLOSING: tuple[str, int, int] = ("", -1, -1)


def _as_written(url: str) -> str:
    return url


def _any_link(url: str) -> bool:
    return True


_MD = make_markdown(entries=True)
# '🌟 **Title**' or '**Title**' at the start of a bullet, emoji before it allowed
# What a TOC line may hold besides its link: more in-page links, emphasis, separators and
# counts (`- **[Tools](#tools)** · [Web](#web) (12)`); anything else was pasted into it.
_ANCHOR_LINK = re.compile(r"\[[^\]\n]*\]\(#[^)\s]*\)")
_TOC_DECORATION = re.compile(r"[\s*_~|,.;:·•/()\[\]\d\u2013\u2014-]+")
_LEADING_BOLD = re.compile(r"^\W{0,8}?\*\*(.+?)\*\*")
# A paragraph of bold words only, emoji and separators around them (`> 🔥 **Surveys** | …`):
# a label that groups the entries below it like a sub-heading GitHub gives no anchor.
_BOLD_SPAN = re.compile(r"\*\*[^*\n]+?\*\*|__[^_\n]+?__")
_INLINE_LINK = re.compile(r"!?\[[^\]\n]*\]\([^)\s]*\)")


def parse(text: str) -> Document:
    """Parse an awesome list. Never raises on any text."""
    return _parse(text, _MD)


def parse_generic(text: str) -> Document:
    """`parse` with markdown-it's inline pass on every line, shortcuts off: what `parse`
    must equal."""
    return _parse(text, _generic_markdown())


@functools.cache
def _generic_markdown() -> MarkdownIt:
    return make_markdown(shortcuts=False)


def _parse(text: str, md: MarkdownIt) -> Document:
    text = text.removeprefix("\ufeff")
    html: list[Block] = []
    with collector.paused():
        walker = _Walker(tuple(text.splitlines()))
        for tokens in sliced(md, text):  # a slice's tokens are dropped once read
            html.extend(html_blocks_in(tokens))
            walker.read(tokens)
        document = walker.document(text)
    if md is _MD:
        _remember_html_blocks(text, html)
    return document


# The top-level HTML blocks of the texts parsed last (a review's head and base), read off
# the slices' tokens: every top-level block of a slice is the whole text's (bot.parse.slices).
# The diff asks a list's HTML blocks for rows a change wrote outside its table; a second
# parse of a 5 MB list to find them took 0.7 s.
_HTML_BLOCKS: dict[str, tuple[Block, ...]] = {}
_HTML_BLOCKS_KEPT = 2


def _remember_html_blocks(text: str, html: list[Block]) -> None:
    # Forgotten all at once, as bot.memo does: no iteration over a dict that a review in
    # another worker thread may be changing.
    if len(_HTML_BLOCKS) >= _HTML_BLOCKS_KEPT:
        _HTML_BLOCKS.clear()
    _HTML_BLOCKS[text] = tuple(html)


def html_blocks(text: str) -> list[Block]:
    """The top-level HTML blocks of a list's text, in order: `blocks` of kind `html`."""
    text = text.removeprefix("\ufeff")
    known = _HTML_BLOCKS.get(text)
    if known is not None:
        return list(known)
    return [b for b in top_blocks(_MD, text) if b.kind == "html"]


def parse_whole(text: str, md: MarkdownIt = _MD) -> Document:
    """`parse` from one token list of the whole text: what the slices must add up to."""
    text = text.removeprefix("\ufeff")
    walker = _Walker(tuple(text.splitlines()))
    walker.read(md.parse(text))
    return walker.document(text)


def blocks(text: str) -> list[Block]:
    """The top-level blocks of a list's text (what each line renders as)."""
    return top_blocks(_MD, text.removeprefix("\ufeff"))


_LOOK_BEHIND = 2  # tokens of the previous slice a handler may look back at


@dataclass
class _Item:
    """A list item being read: its own paragraphs (not nested lists') and metadata."""

    open_token: Token
    depth: int
    inlines: list[Token] = field(default_factory=list)
    labelled: list[Link] = field(default_factory=list)  # `地址：url` sub-items' links
    last_line: int = 0  # the last line of its text or its sub-items' text


@dataclass
class _TableState:
    header: tuple[str, ...] = ()
    line: int = 0
    end_line: int = 0
    in_head: bool = False
    row_start: int = 0
    cells: list[Token] = field(default_factory=list)


class _Walker:
    """One pass over the tokens, building the Document's parts."""

    def __init__(self, lines: tuple[str, ...]) -> None:
        self.lines = lines
        self.slugger = Slugger()
        self.headings: list[Heading] = []
        self.section: list[tuple[int, str]] = []  # (level, text) of the open headings
        self.section_path: tuple[str, ...] = ()  # their texts, kept in step with `section`
        self.title = ""
        self.toc: list[TocLink] = []
        self.entries: list[Entry] = []
        self.tables: list[Table] = []
        self.items: list[_Item] = []
        self.table: _TableState | None = None
        self.controls: list[Control] = []
        self.tokens: list[Token] = []
        self.label = ""  # the bold label paragraph above the entries, until the next heading

    def read(self, tokens: list[Token]) -> None:
        """Read the next slice of tokens (whole top-level blocks, see bot.parse.slices)."""
        handlers = {
            "heading_open": self._heading,
            "list_item_open": self._item_open,
            "list_item_close": self._item_close,
            PLAIN_ENTRY: self._plain_entry,
            LABELLED_ITEM: self._labelled_item,
            "inline": self._inline,
            "table_open": self._table_open,
            "table_close": self._table_close,
            "thead_open": self._thead_open,
            "tbody_open": self._tbody_open,
            "tr_open": self._row_open,
            "tr_close": self._row_close,
            "html_block": self._html_block,
        }
        behind = self.tokens[-_LOOK_BEHIND:]  # a heading looks at the blocks above it
        self.tokens = [*behind, *tokens]
        for index in range(len(behind), len(self.tokens)):
            token = self.tokens[index]
            handler = handlers.get(token.type)
            if handler is not None:
                handler(index, token)

    def document(self, text: str) -> Document:
        toc, in_page = page_toc(self.toc, self.headings, self.entries)
        return Document(
            text=text,
            lines=self.lines,
            title=self.title,
            headings=tuple(self.headings),
            toc=tuple(toc),
            toc_line=toc[0].line if toc else None,
            in_page_links=tuple(in_page),
            # a parent bullet closes after its children: restore reading order
            entries=tuple(sorted(self.entries, key=lambda e: e.line)),
            tables=tuple(self.tables),
            controls=tuple(self.controls),
        )

    def _html_block(self, index: int, token: Token) -> None:
        self.controls.extend(controls_in(index, token, self.tokens))
        if not self.section:  # the header's banner, sponsors and links are not entries
            return
        for found in html_entries(token.content, _first_line(token)):
            title_link = found.links[0]
            self.entries.append(Entry(
                kind="html",
                section=self._section(),
                line=found.line,
                end_line=found.end_line,
                raw="\n".join(self.lines[found.line - 1 : found.end_line]),
                title=found.title,
                links=tuple(found.links),
                description=found.description,
                depth=len(self.items),
                badge_repos=_badge_repos(found.links),
                primary=title_link,
            ))

    # ----------------------------------------------------------------- headings

    def _heading(self, index: int, token: Token) -> None:
        level = int(token.tag[1])
        inline = self.tokens[index + 1]
        rendered = plain_text(inline)  # unstripped: 'Name ' before a badge ends the anchor in '-'
        text = rendered.strip()
        line = _first_line(token)
        anchors = (*self._anchors_above(index), *html_anchors(inline.content))
        self.headings.append(Heading(level, text, self.slugger.slug(rendered), line, anchors))
        if level == 1 and not self.title and not self.section:
            self.title = text  # the list's own name, not a category
            return
        self.label = ""
        while self.section and self.section[-1][0] >= level:
            self.section.pop()
        self.section.append((level, text))
        self.section_path = tuple(text for _, text in self.section)

    def _anchors_above(self, index: int) -> list[str]:
        """Anchors of an HTML-only block right above the heading (`<a name="x"></a>`)."""
        before = self.tokens[index - 1] if index > 0 else None
        if before is None or before.level != 0:
            return []
        if before.type == "html_block":
            return html_anchors(before.content)
        if before.type == "paragraph_close" and only_html(inline := self.tokens[index - 2]):
            return html_anchors(inline.content)
        return []

    def _section(self) -> tuple[str, ...]:
        return self.section_path

    # ----------------------------------------------------------------- lists

    def _item_open(self, index: int, token: Token) -> None:
        self.items.append(_Item(token, depth=len(self.items)))

    def _item_close(self, index: int, token: Token) -> None:
        item = self.items.pop()
        if item.inlines:
            item.last_line = max(item.last_line, _last_line(item.inlines[-1]))
        parent = self.items[-1] if self.items else None
        if parent is not None:
            parent.last_line = max(parent.last_line, item.last_line)
        links = [link for inline in item.inlines for link in inline_links(inline, self.lines)]
        problems = self._problems(item.inlines, links)
        if not links and problems:
            links = [meant_link(problem) for problem in problems if problem.url]
        if not links:
            self._labelled(item, parent)
            return
        if links[0].url.startswith("#"):
            self._toc_line(item, links[0])
            return
        self.entries.append(self._bullet_entry(item, links, problems))

    def _plain_entry(self, index: int, token: Token) -> None:
        """An item of one plain link and words: the entry `_item_close` would read from
        its tokens (its link's text the title, the words after it the description)."""
        text, url, description = token.meta["entry"]
        line = _first_line(token)
        link = Link(text, url, line, role=link_role(url, None, text, False))
        problem = doubled_url_problem(link)
        self.entries.append(Entry(
            kind="bullet",
            section=self.section_path,
            line=line,
            end_line=line,
            raw="\n".join(self.lines[line - 1 : line]),
            title=text.strip(),
            links=(link,),
            description=description,
            depth=len(self.items),
            marker=token.markup,
            group=self._group(),
            primary=link,
            problems=() if problem is None else (problem,),
        ))

    def _labelled_item(self, index: int, token: Token) -> None:
        """An item of plain words over `label: value` sub-items: the entry `_labelled`
        would make of its tokens, named by its words, its links the labelled URLs; none
        when no sub-item gives one."""
        name, labelled, last = token.meta["labelled"]
        if not labelled:
            return
        start = _first_line(token)
        links = tuple(url_link(label, url, start + offset) for label, url, offset in labelled)
        self.entries.append(Entry(
            kind="bullet",
            section=self.section_path,
            line=start,
            end_line=start + last,
            raw="\n".join(self.lines[start - 1 : start + last]),
            title=name or links[0].text,
            links=links,
            depth=len(self.items),
            marker=token.markup,
            group=self._group(),
            primary=links[0],
        ))

    def _problems(self, inlines: list[Token], links: list[Link]) -> tuple[LinkProblem, ...]:
        """Broken link syntax in an item's paragraphs: a `](` or `] (` no parsed link
        explains, or a parsed link's URL pasted twice."""
        found = [p for link in links if (p := doubled_url_problem(link)) is not None]
        for inline in inlines:
            if unparsed_link_text(inline):
                first, last = _first_line(inline), _last_line(inline)
                found.extend(line_problems("\n".join(self.lines[first - 1 : last]), first))
        return tuple(found)

    def _labelled(self, item: _Item, parent: _Item | None) -> None:
        """A link-less item: a `地址：url` sub-item gives its parent its link; a parent
        given one is an entry named by its own text."""
        if not item.inlines:
            return
        if item.labelled:
            self.entries.append(self._nested_entry(item))
        elif parent is not None and parent.inlines:
            link = labelled_link(item.inlines[0])
            if link is not None:
                parent.labelled.append(link)

    def _nested_entry(self, item: _Item) -> Entry:
        start = _first_line(item.open_token)
        end = max(start, item.last_line)
        links = item.labelled
        return Entry(
            kind="bullet",
            section=self._section(),
            line=start,
            end_line=end,
            raw="\n".join(self.lines[start - 1 : end]),
            title=item_name(plain_text(item.inlines[0])) or links[0].text,
            links=tuple(links),
            depth=item.depth,
            marker=item.open_token.markup,
            group=self._group(),
            primary=links[0],
        )

    def _toc_line(self, item: _Item, link: Link) -> None:
        """A TOC line; anything after its link (stray text pasted into it) is kept."""
        written = self.lines[link.line - 1] if 0 < link.line <= len(self.lines) else ""
        target = f"]({link.url})"
        at = written.find(target)
        rest = written[at + len(target) :].strip() if at >= 0 else ""
        stray = rest if _TOC_DECORATION.sub("", _ANCHOR_LINK.sub("", rest)) else ""
        self.toc.append(TocLink(link.text, link.url[1:], link.line, item.depth, stray))

    def _bullet_entry(
        self, item: _Item, links: list[Link], problems: tuple[LinkProblem, ...]
    ) -> Entry:
        start = _first_line(item.open_token)
        end = max(_last_line(inline) for inline in item.inlines)
        first = item.inlines[0]
        title, title_link = _bullet_title(first, links)
        return Entry(
            kind="bullet",
            section=self._section(),
            line=start,
            end_line=max(start, end),
            raw="\n".join(self.lines[start - 1 : end]),
            title=title,
            links=tuple(links),
            description=_description(first),
            depth=item.depth,
            marker=item.open_token.markup,
            badge_repos=_badge_repos(links),
            group=self._group(),
            primary=title_link or _primary(links),
            problems=problems,
        )

    def _group(self) -> str:
        """The label of the enclosing link-less bullet (e.g. '- AI Skills' over sub-bullets),
        or for a top-level bullet the bold label paragraph above it in its section."""
        if not self.items:  # a top-level bullet: the common case
            return self.label
        parent = self.items[-1]
        return plain_text(parent.inlines[0]).strip() if parent.inlines else ""

    def _inline(self, index: int, token: Token) -> None:
        if self.table is not None:
            self.table.cells.append(token)
        elif self.tokens[index - 1].type != "paragraph_open":
            return
        elif self.items:
            self.items[-1].inlines.append(token)
        elif (label := _label(token.content)) is not None:
            self.label = label

    # ----------------------------------------------------------------- tables

    def _table_open(self, index: int, token: Token) -> None:
        self.table = _TableState(line=_first_line(token), end_line=_last_line(token))

    def _table_close(self, index: int, token: Token) -> None:
        if self.table is not None:  # the close token has no line map: the open one's end
            table = self.table
            self.tables.append(Table(table.header, table.line, table.end_line, self._section()))
        self.table = None

    def _thead_open(self, index: int, token: Token) -> None:
        if self.table is not None:
            self.table.in_head = True

    def _tbody_open(self, index: int, token: Token) -> None:
        if self.table is not None:
            self.table.in_head = False

    def _row_open(self, index: int, token: Token) -> None:
        if self.table is not None:
            self.table.row_start = _first_line(token)
            self.table.cells = []

    def _row_close(self, index: int, token: Token) -> None:
        table = self.table
        if table is None:
            return
        if table.in_head:
            table.header = tuple(plain_text(cell).strip() for cell in table.cells)
            return
        entry = self._row_entry(table)
        if entry is not None:
            self.entries.append(entry)

    def _row_entry(self, table: _TableState) -> Entry | None:
        line = table.row_start
        per_cell = [
            inline_links(cell, self.lines, line=line, column=column)
            for column, cell in zip(table.header, table.cells, strict=False)
        ]
        links = [link for cell_links in per_cell for link in cell_links]
        raw = self.lines[line - 1]
        problems = [p for link in links if (p := doubled_url_problem(link)) is not None]
        if any(unparsed_link_text(cell) for cell in table.cells):
            problems.extend(line_problems(raw, line))
        if not links:
            links = [meant_link(problem) for problem in problems if problem.url]
        if not links:
            return None
        written = written_cells(raw)
        title, title_link = _row_title(table.header, table.cells, per_cell)
        title = next((p.text for p in problems if p.text and p.written in title), title)
        return Entry(
            kind="row",
            section=self._section(),
            line=line,
            end_line=line,
            raw=raw,
            title=title or links[0].text.strip(),
            links=tuple(links),
            cells=tuple(zip(table.header, written, strict=False)),
            header=table.header,
            cell_count=len(written),
            badge_repos=_badge_repos(links),
            group=self.label,
            primary=title_link or _primary(links),
            problems=tuple(problems),
        )


def _row_title(
    header: tuple[str, ...], cells: list[Token], per_cell: list[list[Link]]
) -> tuple[str, Link | None]:
    """The entry's name and the link it is written as: the cell under a Title/Name/Model …
    header, else the first cell holding a text link; never a Date or Venue cell."""
    for index in title_columns(header):
        if index < len(cells):
            name, link = _cell_name(cells[index], per_cell[index])
            if name:
                return name, link
    for column, cell, cell_links in zip(header, cells, per_cell, strict=False):
        link = _name_link(cell_links)
        if link is not None and not never_title(column):
            return _cell_name(cell, cell_links)
    return "", None


def _cell_name(cell: Token, links: list[Link]) -> tuple[str, Link | None]:
    """A cell's name: its text link's text (authors, badges and `<br>` around it left out),
    else its plain text."""
    link = _name_link(links)
    if link is not None:
        return " ".join(link.text.split()), link
    return " ".join(plain_text(cell).split()), None


def _name_link(links: list[Link]) -> Link | None:
    """The first link written as words that name something (not a badge, not `[Paper]`)."""
    return next(
        (link for link in links
         if not link.is_badge and link.text.strip() and text_role(link.text) is None),
        None,
    )


def _primary(links: list[Link]) -> Link:
    """The link that stands for an entry with no title link: its paper, else its code,
    else its first link that is not a badge."""
    for role in ("paper", "code"):
        found = next((link for link in links if link.role == role), None)
        if found is not None:
            return found
    return next((link for link in links if not link.is_badge), links[0])


def _label(content: str) -> str | None:
    """The label a one-line paragraph of bold words sets (`**Surveys of MLLMs**`), or None.

    Emoji, separators and more bold links may stand around it (`🔥 **Surveys** | **[💬
    Chat](…)**`); any other word makes it prose (`**Note:** entries are sorted by date`).
    """
    if "\n" in content or not (bold := _LEADING_BOLD.match(content)):
        return None
    if any(ch.isalnum() for ch in _BOLD_SPAN.sub("", content)):
        return None
    label = " ".join(_INLINE_LINK.sub("", bold.group(1)).split())
    return label if any(ch.isalnum() for ch in label) else None


def _bullet_title(inline: Token, links: list[Link]) -> tuple[str, Link | None]:
    """A bullet's name: its first link's text, unless that link only names a role —
    `- **Title**  arXiv 2025, [Paper](…), [Project](…)`: then the words before it."""
    first = next((link for link in links if not link.is_badge), links[0])
    if text_role(first.text) is None or first.is_badge:
        return first.text.strip(), first
    lead = _lead_text(inline)
    return (lead, None) if lead else (first.text.strip(), first)


def _lead_text(inline: Token) -> str:
    """The first line's text before the item's first link, bold part preferred."""
    parts: list[str] = []
    for child in inline.children or ():
        if child.type in ("link_open", "softbreak", "hardbreak", "image"):
            break
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
    lead = "".join(parts).strip()
    bold = _LEADING_BOLD.match(lead)
    text = bold.group(1) if bold else strip_emphasis(lead)
    return " ".join(text.split()).strip(" ,;:-–—([").strip()


def _first_line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1


def _last_line(token: Token) -> int:
    return token.map[1] if token.map else 1


def _description(inline: Token) -> str:
    """Plain text after the item's first link: '- [Name](url) - Does X.' → 'Does X.'."""
    children = _without_joined_navigation(inline.children or [])
    depth, seen_link, parts = 0, False, []
    for child in children:
        if child.type == "link_open":
            depth += 1
            continue
        if child.type == "link_close":
            depth -= 1
            seen_link = True
            continue
        if seen_link and depth == 0:
            parts.append(_child_text(child))
    return " ".join("".join(parts).split()).lstrip(" -–—:").strip()


def _without_joined_navigation(children: list[Token]) -> list[Token]:
    """The item's inline children without a last line of in-page links only.

    Without a blank line before it, `**[back to top](#contents)**` continues the bullet
    above (a lazy continuation line): GitHub shows it inside that item, but it is the
    page's navigation, not the entry's description."""
    breaks = [i for i, child in enumerate(children) if child.type in ("softbreak", "hardbreak")]
    if not breaks:
        return children
    last = children[breaks[-1] + 1 :]
    anchors = [c for c in last if c.type == "link_open" and str(c.attrGet("href")).startswith("#")]
    depth, outside = 0, ""
    for child in last:
        depth += {"link_open": 1, "link_close": -1}.get(child.type, 0)
        if depth == 0 and child.type == "text":
            outside += child.content
    if anchors and not any(ch.isalnum() for ch in outside):
        return children[: breaks[-1]]
    return children


def _child_text(child: Token) -> str:
    if child.type in ("text", "code_inline"):
        return child.content
    if child.type in ("softbreak", "hardbreak"):
        return " "
    return ""


def _badge_repos(links: list[Link]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (repo, link.url)
        for link in links
        if link.image_url and (repo := star_badge_repo(link.image_url)) is not None
    )
