"""Entries written in raw HTML: `&nbsp;&nbsp; <a href="url"><b>Name</b></a> - Does X.<br>`.

Inside an HTML block (a `<p>`, `<ul>` or `<div>` that starts a line) GitHub renders the HTML
and no Markdown, so markdown-it hands the block over as one text. A list written that way has
one entry per line: a *unit* ends at `<br>`, at a block-level tag (`<p>`, `<li>`, `<td>` …) or
at a line break outside a link (a link's text may wrap onto the next line). A unit is an entry
when the first thing a reader sees in it is a link written as words: its text is the entry's
name, the text after it the description.
Links wrapping an image (badges, avatars, logos) name nothing, and a unit of links with no
words between them (`Home · Docs · Blog`) is a navigation bar, not an entry.

One pass over the block with a tag pattern that cannot overlap itself: linear in its size.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from bot.model import Link
from bot.parse.roles import link_role

# A tag: `[^<>]*` stops at the next `<`, so a run of unclosed `<` is scanned once in all; the
# possessive `*+` keeps a long name with no `>` after it (`<aaaa…`) from being retried split at
# every letter between the name and the attributes (quadratic). What matches is unchanged.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*+)([^<>]*+)>")
_HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
# Tags that end a unit: line breaks and the blocks of an HTML list, table or paragraph.
_BREAKS = frozenset(
    {
        "br",
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "details",
        "summary",
        "hr",
    }
)
_IMAGES = frozenset({"img", "picture", "svg", "image"})
# What may stand before an entry's link on its line: indentation, bullets, emoji and their
# shortcodes (`&nbsp;&nbsp;:small_orange_diamond: <a href…>`) — anything but words.
_SHORTCODE = re.compile(r":[\w+-]{1,40}:")
_SEPARATOR = " -–—:|·•"


@dataclass(slots=True)
class HtmlEntry:
    """An entry read from an HTML block, lines 1-based in the document."""

    line: int
    end_line: int
    title: str
    description: str
    links: list[Link]


@dataclass(slots=True)
class _Anchor:
    href: str
    line: int
    parts: list[str] = field(default_factory=list)
    image: str | None = None


@dataclass(slots=True)
class _Unit:
    """One line of an HTML list being read."""

    line: int = 0
    end_line: int = 0
    lead: list[str] = field(default_factory=list)  # text before the first link
    anchors: list[_Anchor] = field(default_factory=list)
    after: list[str] = field(default_factory=list)  # text outside links, after the first


def html_entries(content: str, first_line: int) -> list[HtmlEntry]:
    """The entries an HTML block holds; `first_line` is the block's first line."""
    if "<a" not in content and "<A" not in content:
        return []
    reader = _Reader(_without_comments(content), first_line)
    return reader.read()


class _Reader:
    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.line = first_line
        self.unit = _Unit()
        self.anchor: _Anchor | None = None
        self.found: list[HtmlEntry] = []

    def read(self) -> list[HtmlEntry]:
        at = 0
        for match in _TAG.finditer(self.text):
            if match.start() > at:  # tags back to back (a run of `<a href>`) have no text
                self._text(self.text[at : match.start()])
            self._tag(*match.groups())
            at = match.end()
        self._text(self.text[at:])
        self._close_anchor()
        self._end_unit()
        return self.found

    def _text(self, text: str) -> None:
        if "\n" not in text:
            self._words(text)
            return
        for index, part in enumerate(text.split("\n")):
            if index:
                self.line += 1
                if self.anchor is None:
                    self._end_unit()
            self._words(part)

    def _words(self, text: str) -> None:
        if not text:
            return
        if text.strip() and not self.unit.line:
            self.unit.line = self.line
        if text.strip():
            self.unit.end_line = self.line
        if self.anchor is not None:
            self.anchor.parts.append(text)
        elif self.unit.anchors:
            self.unit.after.append(text)
        else:
            self.unit.lead.append(text)

    def _tag(self, slash: str, name: str, attributes: str) -> None:
        name = name.lower()
        if name == "a":
            self._close_anchor()
            if not slash:
                self._open_anchor(attributes)
        elif name in _IMAGES and self.anchor is not None:
            self.anchor.image = self.anchor.image or _src(attributes)
        elif name in _BREAKS:  # an unclosed `<a>` ends with its line too
            self._close_anchor()
            self._end_unit()
        self.line += attributes.count("\n")  # the only part of a tag a line break can be in

    def _open_anchor(self, attributes: str) -> None:
        href = _HREF.search(attributes)
        if href is None:
            return
        url = href[href.lastindex or 0]  # the one quoting the value was written in
        if not self.unit.line:
            self.unit.line = self.unit.end_line = self.line
        self.anchor = _Anchor(html.unescape(url), self.line)
        self.unit.anchors.append(self.anchor)

    def _close_anchor(self) -> None:
        if self.anchor is not None:
            self.unit.end_line = max(self.unit.end_line, self.line)
        self.anchor = None

    def _end_unit(self) -> None:
        entry = _entry(self.unit)
        if entry is not None:
            self.found.append(entry)
        self.unit = _Unit()


def _entry(unit: _Unit) -> HtmlEntry | None:
    """The unit as an entry, if it is one: a link written as words comes first."""
    if not unit.anchors:
        return None
    lead = _visible("".join(unit.lead))
    first = unit.anchors[0]
    title = _visible("".join(first.parts))
    if _has_words(_SHORTCODE.sub("", lead)) or not title or first.image is not None:
        return None
    if first.href.startswith("#") or not first.href.strip():
        return None
    description = _visible("".join(unit.after))
    if len(unit.anchors) > 1 and not _has_words(description):
        return None  # `Home · Docs · Blog`: a navigation bar
    links = [_link(anchor) for anchor in unit.anchors]
    return HtmlEntry(
        unit.line, max(unit.line, unit.end_line), title, description.lstrip(_SEPARATOR), links
    )


def _has_words(text: str) -> bool:
    return any(char.isalnum() for char in text)


def _link(anchor: _Anchor) -> Link:
    text = _visible("".join(anchor.parts))
    is_badge = anchor.image is not None
    role = link_role(anchor.href, None, text, is_badge)
    return Link(text, anchor.href, anchor.line, is_badge, anchor.image, None, role)


def _visible(text: str) -> str:
    return " ".join(html.unescape(text).split())


def _src(attributes: str) -> str | None:
    match = re.search(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", attributes, re.I)
    if match is None:
        return ""
    return next(group for group in match.groups() if group is not None)


def _without_comments(text: str) -> str:
    """`text` with HTML comments blanked (line breaks kept, so lines still count)."""
    if "<!--" not in text:
        return text
    parts, at = [], 0
    while (start := text.find("<!--", at)) != -1:
        end = text.find("-->", start + 4)
        stop = len(text) if end == -1 else end + 3
        parts.append(text[at:start])
        parts.append("\n" * text.count("\n", start, stop))
        at = stop
    parts.append(text[at:])
    return "".join(parts)
