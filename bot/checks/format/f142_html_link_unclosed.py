"""F142 html-link-unclosed: an HTML link with no `</a>`, or `<ahref=` that is no tag at all.

Lists written in HTML (`<a href="…"><b>name</b></a> - what it does<br>`) lose a link's end
as easily as Markdown lists lose a bracket. Without `</a>` the description (and everything
up to the next link) becomes part of the link; `<ahref="…">` is no tag, so GitHub shows no
link at all. Read from the added lines themselves, so it holds whether or not the parser
reads the list's HTML lines as entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
    candidates = sorted(n for n in numbers if "<a" in lines[n - 1].lower())
    if not candidates:
        return
    hidden = hidden_lines(ctx.head.text, lines)
    for number in candidates:
        if number not in hidden:
            yield from _line_findings(lines, number)


def _line_findings(lines: tuple[str, ...], number: int) -> Iterator[Finding]:
    text = lines[number - 1]
    glued = _GLUED.search(text)
    if glued is not None:
        fixed = text[: glued.start()] + "<a href" + text[glued.start() + len("<ahref") :]
        yield RULE.finding(
            number,
            f"`{short(glued[0])}` is no HTML tag (`<a` and `href` need a space between "
            "them), so GitHub drops it and this line has no link. Write `<a href=…>`.",
            fixed,
            end_line=number,
            entry_line=number,
        )
    for tag in _OPEN.finditer(text):
        if _closed(lines, number, tag.end()):
            continue
        yield RULE.finding(
            number,
            f"the link `{short(tag[0])}` is never closed with `</a>`, so the text after it, "
            "up to the next link, is all one link. Close it after the link's name.",
            _with_close(text, tag.end()),
            end_line=number,
            entry_line=number,
        )


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


def _with_close(text: str, start: int) -> str | None:
    """The line with `</a>` after the link's bold name (`<b>name</b>`), when it has one."""
    name = _NAME.match(text, start)
    return text[: name.end()] + "</a>" + text[name.end() :] if name else None
