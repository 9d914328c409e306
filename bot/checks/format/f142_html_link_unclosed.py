"""F142 html-link-unclosed: an HTML link with no `</a>`, or `<ahref=` that is no tag at all.

Lists written in HTML (`<a href="…"><b>name</b></a> - what it does<br>`) lose a link's end
as easily as Markdown lists lose a bracket. Without `</a>` the description (and everything
up to the next link) becomes part of the link; `<ahref="…">` is no tag, so GitHub shows no
link at all. Read from the added lines themselves, so it holds whether or not the parser
reads the list's HTML lines as entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from heapq import merge

from bot.checks.analysis.changes import added_lines
from bot.checks.analysis.quote import short
from bot.checks.base import Context, Rule
from bot.checks.format.lines import hidden_lines
from bot.checks.format.state import CHECK_NAME
from bot.model import Finding, Severity

_HTML_LIST = (
    "# Awesome Things\n\n## Tools\n\n<p>\n"
    '&nbsp;&nbsp;🔸 <a href="https://github.com/acme/alpha"><b>alpha</b></a> - Builds things.<br>\n'
    '&nbsp;&nbsp;🔸 <a href="https://github.com/acme/beta"><b>beta</b></a> - Tests things.<br>\n'
)

RULE = Rule(
    code="F142",
    name="html-link-unclosed",
    title="An HTML link is never closed, or its tag is misspelt",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why=(
        "Without `</a>` the description after an HTML link, up to the next link, becomes part "
        'of the link; `<ahref="…">` is no tag, so GitHub drops it and the entry has no link.'
    ),
    base=_HTML_LIST,
    bad='&nbsp;&nbsp;🔸 <a href="https://github.com/acme/zeta"><b>zeta</b> - Finds things.<br>\n'
    "</p>\n",
    good='&nbsp;&nbsp;🔸 <a href="https://github.com/acme/zeta"><b>zeta</b></a> - Finds '
    "things.<br>\n</p>\n",
    fixable=True,
)

_OPEN = re.compile(r"<a\s[^<>]*?\bhref\s*=[^<>]*>", re.IGNORECASE)
_GLUED = re.compile(r"<ahref\s*=\s*[\"']?[^\"'<>\s]*[\"']?[^<>]*>", re.IGNORECASE)
_NEXT = re.compile(r"</a\s*>|<a[\s>]", re.IGNORECASE)  # what ends an open link's reach
_NAME = re.compile(r"\s*<(b|strong)>.*?</\1>", re.IGNORECASE)
_LOOK_AHEAD = 20  # lines an HTML link (a banner's `<img>`) may span before its `</a>`


def judge_diff(ctx: Context) -> Iterator[Finding]:
    lines = ctx.head.lines
    if ctx.base is None or ctx.diff.full_audit:
        numbers: frozenset[int] | range = range(1, len(lines) + 1)
    else:
        numbers = added_lines(ctx.base.lines, lines)
    # `"<a" in line.lower()` without lowering each line: no other character lowers to `a`
    candidates = sorted(n for n in numbers if "<a" in (line := lines[n - 1]) or "<A" in line)
    if not candidates:
        return
    hidden = hidden_lines(ctx.head.text, lines)
    for number in candidates:
        if number not in hidden:
            finding = _line_finding(lines, number)
            if finding is not None:
                yield finding


def _line_finding(lines: tuple[str, ...], number: int) -> Finding | None:
    """One finding for the line however many links it gets wrong: a hostile line of 400,000
    unclosed `<a>` tags would otherwise be 400,000 findings saying the same."""
    text = lines[number - 1]
    glued = _GLUED.search(text)
    unclosed = _Unclosed(lines, number)
    if glued is None and not unclosed.count:
        return None
    messages = [] if glued is None else [_glued_message(glued[0])]
    if unclosed.count:
        messages.append(unclosed.message())
    edits: Iterable[_Edit] = ((at, at, "</a>") for at in unclosed.closes)
    if glued is not None:
        edits = merge([(glued.start(), glued.start() + len("<ahref"), "<a href")], edits)
    suggestion = _edited(text, edits) if glued is not None or unclosed.closes else None
    return RULE.finding(
        number, " ".join(messages), suggestion, end_line=number, entry_line=number
    )


def _glued_message(tag: str) -> str:
    return (
        f"`{short(tag)}` is no HTML tag (`<a` and `href` need a space between them), so "
        "GitHub drops it and this line has no link. Write `<a href=…>`."
    )


class _Unclosed:
    """The links on a line never closed with `</a>`: how many, the first, and where their
    `</a>` goes (after the link's bold name, for those that have one)."""

    def __init__(self, lines: tuple[str, ...], number: int) -> None:
        text = lines[number - 1]
        self.count, self.first, self.column = 0, "", 0
        self.closes: list[int] = []  # offsets, not copies: a line may hold 400,000 of them
        for tag in _OPEN.finditer(text):
            if _closed(lines, number, tag.end()):
                continue
            if not self.count:
                self.first, self.column = tag[0], tag.start() + 1
            self.count += 1
            name = _NAME.match(text, tag.end())
            if name is not None:
                self.closes.append(name.end())

    def message(self) -> str:
        if self.count == 1:
            return (
                f"the link `{short(self.first)}` is never closed with `</a>`, so the text after "
                "it, up to the next link, is all one link. Close it after the link's name."
            )
        return (
            f"{self.count} links on this line are never closed with `</a>` (the first, "
            f"`{short(self.first)}`, at column {self.column}), so the text after each, up to "
            "the next link, is all one link. Close each after the link's name."
        )


_Edit = tuple[int, int, str]  # replace text[start:end] with the string


def _edited(text: str, edits: Iterable[_Edit]) -> str:
    """`text` with the edits (in order) made, in one copy of the line: a line of many links
    must not be copied once per link."""
    pieces: list[str] = []
    at = 0
    for start, end, replacement in edits:
        pieces += (text[at:start], replacement)
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def _closed(lines: tuple[str, ...], number: int, start: int) -> bool:
    """Whether a `</a>` comes after `start` on line `number` (or the lines below, up to a
    blank line) before another link opens."""
    # searched from `start`, not sliced: a line of many tags would copy its rest for each
    rest = lines[number - 1]
    for offset in range(_LOOK_AHEAD + 1):
        if offset:
            if number + offset > len(lines) or not lines[number + offset - 1].strip():
                return False
            rest, start = lines[number + offset - 1], 0
        found = _NEXT.search(rest, start)
        if found is not None:
            return found[0].startswith("</")
    return True  # a very long block: not ours to judge
