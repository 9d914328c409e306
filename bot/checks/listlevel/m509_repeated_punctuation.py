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

_REPEATED = re.compile(r"([!?！？])\1+")


def judge(view: ListView) -> Iterator[Finding]:
    for number, prose in view.judged_prose():
        match = _REPEATED.search(prose)
        if match is None:
            continue
        line = view.doc.line_text(number)
        # fixable when every repeat on the line is prose (none inside a URL or code)
        safe = len(_REPEATED.findall(line)) == len(_REPEATED.findall(prose))
        yield RULE.finding(
            number,
            f"`{match.group(0)}` repeats `{match.group(1)}`; one is enough.",
            _REPEATED.sub(r"\1", line) if safe else None,
        )
