"""M505 toc-depth: the table of contents goes two levels deep at most."""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.base import Rule
from bot.checks.listlevel.view import CHECK_NAME, ListView
from bot.model import Finding, Severity

RULE = Rule(
    code="M505",
    name="toc-depth",
    title="The table of contents is more than two levels deep",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="A contents list of sections and their sub-sections is read at a glance; a third level "
    "makes it as long as the list.",
    bad="## Contents\n\n- [A](#a)\n  - [B](#b)\n    - [C](#c)\n",
    good="## Contents\n\n- [A](#a)\n  - [B](#b)\n  - [C](#c)\n",
)

MAX_DEPTH = 2


def judge(view: ListView, base_depth: int | None) -> Iterator[Finding]:
    """`base_depth`: how deep the base's TOC went; a list that already nests deeper keeps
    its own way, and a pull request is told only when it deepens a two-level TOC."""
    if base_depth is not None and base_depth >= MAX_DEPTH:
        return
    for link in view.doc.toc:
        if link.depth >= MAX_DEPTH and view.judges(link.line):
            yield RULE.finding(
                link.line,
                f"`{link.text}` is at level {link.depth + 1} of the table of contents; keep it "
                f"to {MAX_DEPTH} levels (link the sub-section's parent instead).",
            )
            return  # one finding says it; every deeper line is the same problem
