"""D305 duplicate-anchor-link: two lines of one table of contents (or index) link one anchor.

A TOC line is copied from the line above and its anchor never changed: both lines land on the
same section, and the section the second one names has no way in from the TOC. Only lines of
one block of in-page links are compared (a run with no heading or entry between them); a
"see also" line under two sections linking the same chapter is not a copy.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.analysis.toc import anchor_key
from bot.checks.base import Context, Rule
from bot.model import Document, Finding, Severity, TocLink
from bot.parse.toc import link_blocks

RULE = Rule(
    code="D305",
    name="duplicate-anchor-link",
    title="Two lines of the table of contents link the same anchor",
    severity=Severity.WARNING,
    check="duplicate",
    why="A TOC line copied from its neighbour keeps the neighbour's anchor, so it leads to the "
    "wrong section and the section it names cannot be reached from the TOC.",
    base="# Awesome X\n\n## Contents\n\n- [Tools](#tools)\n",
    bad="- [Libraries](#tools)\n\n## Tools\n\n- [a](https://a.example) - A.\n\n"
    "## Libraries\n\n- [b](https://b.example) - B.\n",
    good="- [Libraries](#libraries)\n\n## Tools\n\n- [a](https://a.example) - A.\n\n"
    "## Libraries\n\n- [b](https://b.example) - B.\n",
)

Copy = tuple[TocLink, TocLink]  # (the first line linking the anchor, a later one)


def copies(document: Document) -> list[Copy]:
    """Every later line of a block of in-page links that links an anchor an earlier one does."""
    found: list[Copy] = []
    links = (*document.toc, *document.in_page_links)
    for block in link_blocks(links, document.headings, document.entries):
        first: dict[str, TocLink] = {}
        for link in block:
            key = anchor_key(link.anchor)
            earlier = first.setdefault(key, link)
            if earlier is not link and earlier.line != link.line:
                found.append((earlier, link))
    return found


def _key(copy: Copy) -> tuple[str, str]:
    return anchor_key(copy[1].anchor), " ".join(copy[1].text.split()).lower()


def judge(ctx: Context) -> Iterator[Finding]:
    """The copies in the head; in a pull request only those its base did not have."""
    found = copies(ctx.head)
    if ctx.base is not None and found:
        known = {_key(copy) for copy in copies(ctx.base)}
        found = [copy for copy in found if _key(copy) not in known]
    for earlier, link in found:
        yield RULE.finding(
            link.line,
            f"`{link.text}` links `#{link.anchor}`, and so does line {earlier.line} "
            f"(`{earlier.text}`): both lead to the same section. Point this line at the "
            "anchor of the section it names, or remove it.",
            end_line=link.line,
        )
