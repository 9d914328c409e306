"""M510 unbalanced-punctuation: a quote or bracket opened and never closed, or the reverse."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.checks.base import Rule
from bot.checks.listlevel.view import CHECK_NAME, ListView, matching_lines
from bot.memo import per_text
from bot.model import Finding, Severity

RULE = Rule(
    code="M510",
    name="unbalanced-punctuation",
    title="A quote or bracket is not closed",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="`(see docs` or `“Fast` leave the reader waiting for the end; usually a character was "
    "lost while editing. Apostrophes (`it's`, `’90s`) are not quotes.",
    base="# Awesome X\n\n## Tools\n\n- [Alpha](https://alpha.example.org) - Does alpha.\n",
    bad="- [Beta](https://beta.example.org) - Does beta (and gamma.\n",
    good="- [Beta](https://beta.example.org) - Does beta (and gamma).\n",
)

_PAIRS = {"(": ")", "“": "”", "「": "」", "『": "』", "（": "）", "【": "】", "《": "》", "{": "}"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
_MARKS = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_CLOSERS)) + "]")


# what a line needs to be unbalanced: a quote or a bracket (most lines hold neither)
_ANY_MARK = re.compile("[" + re.escape('"' + "".join(_PAIRS) + "".join(_CLOSERS)) + "]")


def judge(view: ListView) -> Iterator[Finding]:
    judged = view.judged_prose()
    for index in matching_lines(_ANY_MARK, view.judged_text):
        number, prose = judged[index]
        problem = unbalanced(prose)
        if problem:
            yield RULE.finding(number, problem)


# `1)`, `b)`: enumerators close no parenthesis
_ENUMERATOR = re.compile(r"(?:^|(?<=\s))(?:\d{1,2}|[A-Za-z]|[ivx]{2,4})\)")


@per_text()
def unbalanced(text: str) -> str | None:
    """What is unbalanced in `text`, in words; None when everything is closed."""
    if '"' not in text and _MARKS.search(text) is None:
        return None  # most lines: no quote, no bracket
    if ")" in text:  # an enumerator ends in one
        text = _ENUMERATOR.sub(" ", text)
    if text.count('"') % 2:
        return 'A `"` is opened and never closed (or closed and never opened); add its pair.'
    stack: list[str] = []
    for mark in _MARKS.finditer(text):  # only the brackets, not every character
        char = mark.group()
        if char in _PAIRS:
            stack.append(char)
        elif char in _CLOSERS:
            if not stack or stack[-1] != _CLOSERS[char]:
                return (
                    f"`{char}` closes nothing that was opened; remove it or add `{_CLOSERS[char]}`."
                )
            stack.pop()
    if stack:
        return f"`{stack[-1]}` is never closed; add `{_PAIRS[stack[-1]]}`."
    return None
