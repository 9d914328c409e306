"""M504 license-section: the list's license lives in a LICENSE file, not a section of the list."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.checks.base import Rule
from bot.checks.listlevel.view import CHECK_NAME, ListView
from bot.model import Finding, Severity

RULE = Rule(
    code="M504",
    name="license-section",
    title="The list has a License section",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="The awesome manifesto keeps the license in a LICENSE file GitHub shows on its own; a "
    "section of the list repeats it where readers look for links.",
    bad="# Awesome X\n\n## Tools\n\n- [A](https://a.example.org) - A.\n\n## License\n\nCC0\n",
    good="# Awesome X\n\n## Tools\n\n- [A](https://a.example.org) - A.\n",
)

_LICENSE = re.compile(r"licen[cs]e\b", re.IGNORECASE)


def judge(view: ListView) -> Iterator[Finding]:
    title = next((h for h in view.doc.headings if h.level == 1), None)
    for heading in view.doc.headings:
        if (
            heading is not title
            and _LICENSE.match(heading.text.strip())
            and view.judges(heading.line)
        ):
            yield RULE.finding(
                heading.line,
                f"`{heading.text}` is a license section; keep the license in a LICENSE file "
                "and remove the section.",
            )
