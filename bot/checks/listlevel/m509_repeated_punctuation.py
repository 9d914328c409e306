"""M509 repeated-punctuation: `!!`, `??`, `！！` — one mark says it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.checks.base import Rule
from bot.checks.listlevel.view import CHECK_NAME, ListView
from bot.model import Finding, Severity

RULE = Rule(
    code="M509",
    name="repeated-punctuation",
    title="Punctuation is repeated (`!!`, `??`)",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="A list describes things plainly; `Fast!!!` reads as an advert. An ellipsis (`...`, "
    "`…`) is not repetition.",
    base="# Awesome X\n\n## Tools\n\n- [Alpha](https://alpha.example.org) - Does alpha.\n",
    bad="- [Beta](https://beta.example.org) - Does beta!!\n",
    good="- [Beta](https://beta.example.org) - Does beta!\n",
    fixable=True,
)

# A run of one mark, one alternative per mark: `([!?！？])\1+` would save `re`'s backtracking
# state for every repeat (about 90 bytes a character: 450 MB for a 5 MB run of `!`), where a
# repeated single character is matched in place.
_REPEATED = re.compile(r"!{2,}|\?{2,}|！{2,}|？{2,}")
_PAIRS = ("!!", "??", "！！", "？？")  # what every match holds


def judge(view: ListView) -> Iterator[Finding]:
    if not any(pair in view.judged_text for pair in _PAIRS):
        return  # most lists: no line repeats a mark
    for number, prose in view.judged_prose():
        # a substring test is 30 times faster than the search, which tries each mark at
        # every character (there is no literal for `re` to look for first)
        if not any(pair in prose for pair in _PAIRS):
            continue
        match = _REPEATED.search(prose)
        if match is None:
            continue
        line = view.doc.line_text(number)
        # fixable when every repeat on the line is prose (none inside a URL or code)
        safe = _count(line) == _count(prose)
        yield RULE.finding(
            number,
            f"`{match.group(0)}` repeats `{match.group(0)[0]}`; one is enough.",
            _REPEATED.sub(_one_mark, line) if safe else None,
        )


def _count(text: str) -> int:
    return sum(1 for _ in _REPEATED.finditer(text))


def _one_mark(match: re.Match[str]) -> str:
    return match.group(0)[0]
