"""Link syntax that is almost a link: what its author meant, and how to write it.

`* tidy_frame](https://…)` (no `[`), `[QuantX]](https://…)` (one `]` too many),
`[x] (https://…)` (a space before `(`) and a URL pasted twice are not links to markdown-it,
so an item or a row holding nothing else would not even be an entry. They are found here
on the source line, for the items and rows that have a `](` no parsed link explains.
"""

from __future__ import annotations

import re

from bot.model import Link, LinkProblem
from bot.parse.roles import link_role

_URL = r"(?:https?://|www\.)[^()\s]*"
# `](url)` with its URL: where a link's text ends and its target begins.
_CLOSE = re.compile(rf"\]\((?P<url>{_URL})\)")
_SPACED = re.compile(
    # the text is one run of non-brackets and bracketed words (`[[pdf]]`), taken possessively
    # (its not being blank is checked after the match): `[^…]*X[^…]*` would try every split
    # of a long run, quadratic on a hostile line. The `(` may open the next line.
    rf"(?<![!\]])\[(?P<text>(?:[^\[\]\n]++|\[[^\[\]\n]*+\])*+)\]"
    rf"(?:[ \t]+|[ \t]*\n[ \t]*)\((?P<url>{_URL})\)"
)
_LIST_MARKER = re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]+")
_LOOK_BACK = 300  # how far back a `[` is looked for: bounded, so a hostile line stays linear
_DOUBLED = re.compile(r"^(?P<first>https?://\S+?)(?P<second>https?://\S+)$")


def line_problems(text: str, line: int) -> list[LinkProblem]:
    """The almost-links of source text starting at `line` (a link's text may span lines)."""
    found = [
        (match.start(), _at_close(text, match, line + text.count("\n", 0, match.start())))
        for match in _CLOSE.finditer(text)
    ]
    found.extend(
        (m.start(), LinkProblem("spaced", line + text.count("\n", 0, m.start()), m.group(),
                                f"[{m['text']}]({m['url']})", m["text"], m["url"]))
        for m in _SPACED.finditer(text)
        if m["text"].strip()
    )
    return [problem for _, problem in sorted(found, key=lambda f: f[0]) if problem is not None]


def _at_close(text: str, match: re.Match[str], line: int) -> LinkProblem | None:
    """The `](url)` at `match` has no `[` of its own: one `]` too many, or no `[` at all."""
    close = match.start()
    start = _segment_start(text, close)
    depth, index, opener = 0, close - 1, -1
    while index >= start:
        char = text[index]
        if char == "]":
            depth += 1
        elif char == "[":
            if depth == 0:
                return None  # a link markdown-it read (or another problem's): not ours
            depth -= 1
            opener = index
        index -= 1
    url = match["url"]
    if depth == 0 and text[close - 1 : close] == "]" and "[" in text[start:close]:
        inner = text[opener + 1 : close - 1]
        return LinkProblem(
            "extra-bracket", line, text[opener : match.end()], f"[{inner}]({url})", inner, url
        )
    start = text.rfind("\n", start, close) + 1 or start  # no `[` above: its own line only
    name = _LIST_MARKER.sub("", text[start:close]).strip()
    if not name or "[" in name or "]" in name:
        return None
    written = text[text.index(name, start) : match.end()]
    return LinkProblem("missing-open-bracket", line, written, f"[{name}]({url})", name, url)


def _segment_start(text: str, close: int) -> int:
    """Where the text a `](` closes may begin: after a cell's pipe, a list marker or the
    previous link, at most `_LOOK_BACK` characters back."""
    floor = max(0, close - _LOOK_BACK)
    marker = _LIST_MARKER.match(text)
    floor = max(floor, marker.end() if marker else 0)
    pipe = text.rfind("|", floor, close)
    paren = text.rfind(")", floor, close)
    return max(floor, pipe + 1, paren + 1)


def doubled_url(url: str) -> str | None:
    """The URL meant when one was pasted twice (`…/a/bhttps://…/a/b`), else None."""
    # Both halves hold a `://` (which cannot overlap another): a URL with fewer is not
    # doubled, known by one count in C instead of the pattern's lazy scan (most URLs).
    if url.count("://") < 2:
        return None
    match = _DOUBLED.match(url.strip())
    if match is None:
        return None
    first, second = match["first"], match["second"]
    return first if first.rstrip("/") == second.rstrip("/") else None


def doubled_url_problem(link: Link) -> LinkProblem | None:
    """A parsed link whose URL was pasted twice."""
    meant = doubled_url(link.url)
    if meant is None:
        return None
    return LinkProblem("doubled-url", link.line, link.url, meant, link.text, meant)


def meant_link(problem: LinkProblem) -> Link:
    """The link an almost-link was meant to be, so its item or row is read as an entry."""
    role = link_role(problem.url, None, problem.text, False)
    return Link(problem.text, problem.url, problem.line, role=role)
