"""Source lines, read raw: the rules that see what markdown-it does not parse (a broken link,
a bullet glued to its text) read lines, both in entries and outside any entry.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence

from bot.checks.analysis.facts import Facts
from bot.checks.base import Context
from bot.model import Entry, Finding

# a line rule's judgement of one line: (text, text with code spans blanked, line number,
# the first line of its entry) → a finding or None
LineJudge = Callable[[str, str, int, int], Finding | None]

# `-[text](url)` at the start of a line; `*[text](url)*` is emphasis, not a bullet.
GLUED_BULLET = re.compile(r"(?P<indent>[ \t]*)(?P<marker>[-+*])\[[^\]\n]*\]\(")
# Anything a line rule could match: most entries are dismissed by this one search.
_SUSPECT = re.compile(
    r"\][ \t]+\(|\)\[|^[ \t]*[-+*]\[|\]\((?:https?://|www\.)[^()\s]*(?:[ \t]|$)", re.M
)
_GLUED_STARTS = frozenset({"-[", "+[", "*["})
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_FENCE = re.compile(r"[ ]{0,3}(?P<fence>`{3,}|~{3,})")


def suspect_entry(facts: Facts) -> bool:
    """Whether an entry could hold broken link syntax or a glued bullet (cheap tests first)."""
    return suspect(facts.entry)


def suspect(entry: Entry) -> bool:
    """suspect_entry() of the entry itself, asked before its facts are at hand."""
    raw = entry.raw
    if not ("\n" in raw or "<" in raw or _maybe_broken(raw, len(entry.links))):
        return False
    return _SUSPECT.search(raw) is not None


def _maybe_broken(raw: str, links: int) -> bool:
    """Whether a one-line entry without HTML could hold broken link syntax (no regex).

    Every `](` belongs to a parsed link or image; one left over is a link markdown-it did
    not parse, as in `[text](url` or `[text](url - text`.
    """
    if "] " in raw or "]\t" in raw or ")[" in raw:
        return True
    opened = raw.count("](")
    return opened > links and opened > links + raw.count("![")


def scanned(text: str) -> str | None:
    """The line with its code spans blanked out, offsets kept (a code span shows its text as
    written); None when it holds no `[` and so no link at all."""
    if "[" not in text:
        return None
    return _CODE_SPAN.sub(lambda m: " " * len(m.group()), text) if "`" in text else text


def entry_lines(facts: Facts, judge_line: LineJudge) -> Iterator[Finding]:
    """A line rule's findings on each line of an entry."""
    for offset, text in enumerate(facts.lines):
        scan = scanned(text)
        if scan is not None:
            found = judge_line(text, scan, facts.entry.line + offset, facts.entry.line)
            if found is not None:
                yield found


def _line_problems(text: str, line: int, rules: Sequence[LineJudge]) -> list[Finding]:
    scan = scanned(text)
    if scan is None:
        return []
    found = (judge_line(text, scan, line, line) for judge_line in rules)
    return [finding for finding in found if finding is not None]


def loose_lines(ctx: Context, rules: Sequence[LineJudge]) -> Iterator[Finding]:
    """Broken links on lines no judged entry holds: added lines, or every line in an audit.

    A `-[text](url)` line is not a list item to markdown-it, so no entry holds it; only the
    raw text shows it.
    """
    lines = ctx.head.lines
    found = [
        finding
        for n in _unheld_lines(ctx)
        if "[" in lines[n - 1] and _suspect(lines[n - 1])
        for finding in _line_problems(lines[n - 1], n, rules)
    ]
    if found:  # rare: only then find the code blocks and comments they may sit in
        hidden = hidden_lines(ctx.head.text, lines)
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
    remaining = left.get  # not left[text]: a Counter's missing key costs a call in Python
    added: set[int] = set()
    for number, text in enumerate(ctx.head.lines, start=1):
        count = remaining(text, 0)
        if count > 0:
            left[text] = count - 1
        else:
            added.add(number)
    return added


def hidden_lines(text: str, lines: tuple[str, ...]) -> set[int]:
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
            # on from the next line: looking back from each of a line's tokens to its start
            # was quadratic in a line of 1,000,000 `-->`
            end = text.find("\n", at)
            at = -1 if end < 0 else text.find(token, end + 1)
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
