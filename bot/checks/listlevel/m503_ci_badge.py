"""M503 ci-badge: no build-status badge for the list itself."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.checks.base import Rule
from bot.checks.listlevel.view import CHECK_NAME, ListView
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


def judge(view: ListView) -> Iterator[Finding]:
    in_entries = {n for e in view.doc.entries for n in range(e.line, e.end_line + 1)}
    skipped = in_entries | view.code_lines  # code samples never show a badge to anyone
    for number, line in enumerate(view.doc.lines, start=1):
        if number in skipped or not view.judges(number) or "<!--" in line:
            continue
        lowered = line.lower()
        if any(needle in lowered for needle in _NEEDLES) and _CI.search(line):
            yield RULE.finding(
                number,
                "This is a CI badge for the list itself; remove it (it says nothing "
                "about the entries).",
            )
