"""M503 ci-badge: no build-status badge for the list itself."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.checks.base import Rule
from bot.checks.listlevel.view import CHECK_NAME, ListView, matching_lines
from bot.model import Finding, Severity

RULE = Rule(
    code="M503",
    name="ci-badge",
    title="The list shows a CI badge",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="Whether the list's own link check passed tells its readers nothing and goes red "
    "whenever any linked site is down. Badges after entries, for the projects listed, are "
    "left alone.",
    bad="# Awesome X\n\n[![Build](https://travis-ci.org/o/awesome-x.svg)](https://travis-ci.org/o/awesome-x)\n",
    good="# Awesome X\n\n> A curated list of X.\n",
)

_CI = re.compile(
    r"travis-ci\.(?:org|com)/[^)\s\"']*\.svg|circleci\.com/[^)\s\"']*(?:badge|svg)"
    r"|img\.shields\.io/(?:travis|circleci|github/(?:actions/)?workflow|appveyor|drone)"
    r"|github\.com/[^)\s\"']*/actions/workflows/[^)\s\"']*badge\.svg"
    r"|ci\.appveyor\.com/api/projects/status",
    re.IGNORECASE,
)

# Text each branch of _CI holds: a line without any of them is not searched.
_NEEDLES = ("travis-ci.", "circleci.com/", "img.shields.io/", "/actions/workflows/", "appveyor")
_ANY_NEEDLE = re.compile("|".join(map(re.escape, _NEEDLES)))


def judge(view: ListView) -> Iterator[Finding]:
    lines = view.doc.lines
    skipped: set[int] | None = None  # made for the first line holding a needle (few do)
    for index in _needle_lines(lines):
        number, line = index + 1, lines[index]
        if skipped is None:
            skipped = {n for e in view.doc.entries for n in range(e.line, e.end_line + 1)}
            skipped |= view.code_lines  # code samples never show a badge to anyone
        if number in skipped or not view.judges(number) or "<!--" in line:
            continue
        if _CI.search(line):
            yield RULE.finding(
                number,
                "This is a CI badge for the list itself; remove it (it says nothing "
                "about the entries).",
            )


def _needle_lines(lines: tuple[str, ...]) -> Iterator[int]:
    """Indices of the lines holding a needle, ignoring case: one search over the whole
    lowered text (lowering keeps every line break, so its lines are the lines lowered)."""
    return matching_lines(_ANY_NEEDLE, "\n".join(lines).lower())
