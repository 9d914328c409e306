"""Links and text out of markdown-it inline tokens."""

from __future__ import annotations

import html
import re
from bisect import bisect_left

from markdown_it.token import Token

from bot.model import Link
from bot.parse.roles import link_role

_HTML_HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_HTML_IMG = re.compile(r"""<img\s[^>]*?src\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
# `<a name="x">`, `<div id='x'>`: anchors written in HTML. Bounded ({0,300}) so a text of
# unclosed '<' cannot make the search quadratic.
_HTML_ANCHOR = re.compile(r"""<[a-z][^>\n]{0,300}?\s(?:id|name)\s*=\s*["']?([^"'\s>]+)""", re.I)
_STAR_BADGE = re.compile(
    r"img\.shields\.io/github/stars/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.svg|\.png)?(?:[?#].*)?$"
)


# `*a*`, `__a__`, `***a***`: emphasis markers around words (the parser leaves them as text).
# An opening run of 1-3 `*` or `_` not after a word character or `*`, before a non-space; it
# closes at the first same run on the same line after a non-space and before neither a word
# character nor `*`. A regex with a lazy body and a backreference says that in one line, but
# retries the body from every opening: `*a *a *a …` (openings, no closing) is quadratic. The
# scanner below finds each opening's closing by bisecting a list of the closings made once.
_DELIMITERS = ("***", "**", "*", "___", "__", "_")
_MARKER = re.compile(r"[*_]")


def strip_emphasis(text: str) -> str:
    """Text as rendered, without emphasis markers: '**Fast** _IO_' → 'Fast IO'."""
    if "*" not in text and "_" not in text:
        return text
    return _EmphasisScanner(text).strip()


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


class _EmphasisScanner:
    """Strips emphasis pairs from one text in O(n log n), left to right, first match wins."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.closings = {d: self._closings(d) for d in _DELIMITERS if d in text}
        self.line_end = -1  # the end of the line the scan is in, found once per line
        # no opening after the last closing can pair: `*a *a …` (no closing) ends at once
        self.last_closing = max((c[-1] for c in self.closings.values() if c), default=-1)

    def _closings(self, delimiter: str) -> list[int]:
        """Where `delimiter` can close: after a non-space, before no word character or `*`."""
        text, width, found = self.text, len(delimiter), []
        at = text.find(delimiter, 1)
        while at != -1:
            after = text[at + width : at + width + 1]
            if not text[at - 1].isspace() and not (after and (_is_word(after) or after == "*")):
                found.append(at)
            at = text.find(delimiter, at + 1)
        return found

    def strip(self) -> str:
        text, parts, kept = self.text, [], 0
        for marker in _MARKER.finditer(text):
            at = marker.start()
            if at >= self.last_closing:
                break
            if at < kept or (at and (_is_word(text[at - 1]) or text[at - 1] == "*")):
                continue
            span = self._pair_at(at)
            if span is not None:
                inner_start, inner_end, kept_from = span
                parts.append(text[kept:at])
                parts.append(text[inner_start:inner_end])
                kept = kept_from
        parts.append(text[kept:])
        return "".join(parts)

    def _pair_at(self, at: int) -> tuple[int, int, int] | None:
        """(inner start, inner end, end) of the emphasis opening at `at`, longest run first."""
        text = self.text
        if at > self.line_end:
            found = text.find("\n", at)
            self.line_end = len(text) if found == -1 else found
        line_end = self.line_end
        for delimiter in _DELIMITERS:
            width = len(delimiter)
            if not text.startswith(delimiter, at) or at + width >= line_end:
                continue
            if text[at + width].isspace():
                continue
            closings = self.closings[delimiter]
            index = bisect_left(closings, at + width + 1)
            if index < len(closings) and closings[index] + width <= line_end:
                return at + width, closings[index], closings[index] + width
        return None


def plain_text(inline: Token) -> str:
    """What a reader sees of an inline token: text, code and link texts; no images."""
    parts: list[str] = []
    for child in inline.children or ():
        if child.type == "text":
            parts.append(strip_emphasis(child.content))
        elif child.type == "code_inline":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def inline_links(
    inline: Token, lines: tuple[str, ...], line: int | None = None, column: str | None = None
) -> list[Link]:
    """Every link in an inline token, with the 1-based line it sits on."""
    current = line if line is not None else (inline.map[0] + 1 if inline.map else 1)
    links: list[Link] = []
    children = inline.children or []
    i = 0
    while i < len(children):
        child = children[i]
        if child.type in ("softbreak", "hardbreak"):
            current += 1
        elif child.type == "link_open":
            i, link = _markdown_link(children, i, current, column)
            links.append(link)
            continue
        elif child.type == "html_inline":
            i, found = _html_link(children, i, current, column)
            links.extend(found)
            continue
        i += 1
    return links


def _markdown_link(
    children: list[Token], start: int, line: int, column: str | None
) -> tuple[int, Link]:
    """Read link_open … link_close; returns the index after it and the link."""
    url = str(children[start].attrGet("href") or "")
    text_parts: list[str] = []
    image: str | None = None
    i = start + 1
    while i < len(children) and children[i].type != "link_close":
        child = children[i]
        if child.type == "image":
            image = str(child.attrGet("src") or "")
            text_parts.append(child.content)
        elif child.type in ("text", "code_inline"):
            text_parts.append(child.content)
        elif child.type == "html_inline" and (src := _first(_HTML_IMG, child.content)):
            image = src
        i += 1
    text = strip_emphasis("".join(text_parts))
    is_badge = image is not None
    role = link_role(url, column, text, is_badge)
    return i + 1, Link(text, url, line, is_badge, image, column, role)


def _html_link(
    children: list[Token], start: int, line: int, column: str | None
) -> tuple[int, list[Link]]:
    """An HTML `<a href=…>…</a>` written inline; its text runs to the closing tag."""
    href = _first(_HTML_HREF, children[start].content)
    if href is None:
        return start + 1, []
    text_parts: list[str] = []
    image: str | None = _first(_HTML_IMG, children[start].content)
    i = start + 1
    while i < len(children):
        child = children[i]
        if child.type == "html_inline" and child.content.lower().startswith("</a"):
            i += 1
            break
        if child.type == "html_inline" and (src := _first(_HTML_IMG, child.content)):
            image = src
        elif child.type in ("text", "code_inline"):
            text_parts.append(child.content)
        i += 1
    url, text, is_badge = html.unescape(href), "".join(text_parts), image is not None
    role = link_role(url, column, text, is_badge)
    return i, [Link(text, url, line, is_badge, image, column, role)]


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    if match is None:
        return None
    return next(group for group in match.groups() if group is not None)


def html_anchors(html_text: str) -> list[str]:
    """The anchors (`id`/`name` attributes) an HTML fragment defines, in order."""
    if "<" not in html_text:
        return []
    return _HTML_ANCHOR.findall(html_text)


def unparsed_link_text(inline: Token) -> bool:
    """Its text (outside parsed links) holds `](` or `] (`, or a line ends with `]` and the
    next opens with `(`: a link markdown-it did not read."""
    children = inline.children or []
    for index, child in enumerate(children):
        if child.type != "text":
            continue
        if "](" in child.content or "] (" in child.content:
            return True
        if child.content.endswith("]") and _next_line_opens(children, index):
            return True
    return False


def _next_line_opens(children: list[Token], index: int) -> bool:
    """The children after `index` are a line break, then text opening with `(`."""
    rest = children[index + 1 : index + 3]
    return (
        len(rest) == 2 and rest[0].type == "softbreak" and rest[1].type == "text"
        and rest[1].content.lstrip().startswith("(")
    )


def only_html(inline: Token) -> bool:
    """The inline holds nothing a reader sees: only HTML tags and blanks."""
    return all(
        child.type in ("html_inline", "softbreak", "hardbreak")
        or (child.type == "text" and not child.content.strip())
        for child in inline.children or ()
    )


def star_badge_repo(image_url: str) -> str | None:
    """'OWNER/REPO' named by a shields.io GitHub stars badge, else None."""
    match = _STAR_BADGE.search(image_url)
    return f"{match.group(1)}/{match.group(2)}" if match else None
