"""M502 awesome-badge: a list carries awesome.re's Awesome badge next to its main heading.

The awesome index (and awesome-lint, which its lists run) requires the badge on every list. A
list that calls itself awesome and lacks it is told so as a warning; any other list only as a
notice, since many good lists are not meant for the index and owe it no badge.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.checks.base import Rule
from bot.checks.listlevel.view import CHECK_NAME, ListView
from bot.model import Finding, Heading, Severity

RULE = Rule(
    code="M502",
    name="awesome-badge",
    title="The Awesome badge is missing next to the main heading, or not awesome.re's",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="Lists in the awesome index show the badge `[![Awesome](https://awesome.re/badge.svg)]"
    "(https://awesome.re)` beside their main heading; a copy of the SVG from elsewhere goes "
    "stale when the badge changes.",
    bad="# Awesome X [![Awesome](https://example.org/badge.svg)](https://awesome.re)\n",
    good="# Awesome X [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n",
)

BADGE = "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)"
_BADGE_IMAGE = re.compile(r"!\[awesome\]\(\s*([^)\s]*)", re.IGNORECASE)
_GOOD_SOURCE = re.compile(r"https://awesome\.re/badge(?:-flat2?)?\.svg$")
_HEAD_LINES = 12  # the badge sits on the heading line or just under it


def judge(view: ListView) -> Iterator[Finding]:
    tops = [h for h in view.doc.headings if h.level == 1]
    if not tops:
        return
    heading = tops[0]
    near = view.doc.lines[heading.line - 1 : heading.line - 1 + _HEAD_LINES]
    sources = [m.group(1) for line in near for m in _BADGE_IMAGE.finditer(line)]
    if not view.judges(heading.line):
        return
    if not sources:
        yield _missing(view, heading)
        return
    if not any(_GOOD_SOURCE.match(source) for source in sources):
        yield RULE.finding(
            heading.line,
            f"The Awesome badge's image is `{sources[0]}`, not awesome.re's; use `{BADGE}`.",
        )


def _missing(view: ListView, heading: Heading) -> Finding:
    """No badge: a warning when the heading claims awesome, else a notice."""
    if "awesome" in heading.text.lower():
        return RULE.finding(
            heading.line,
            f"The list calls itself awesome but has no Awesome badge; add `{BADGE}` to "
            "the main heading.",
            view.doc.line_text(heading.line).rstrip() + " " + BADGE,
        )
    return RULE.finding(
        heading.line,
        f"The main heading has no Awesome badge, which the awesome index requires of every "
        f"list; if this list is meant for it, add `{BADGE}` to the heading.",
        severity=Severity.NOTICE,
    )
