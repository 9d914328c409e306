"""P205 toc-anchor-shifted: a new heading that repeats an old one takes over its anchor.

GitHub numbers repeated headings in page order (`testing`, `testing-1` …). A pull request
adding `### Testing` above an existing `### Testing` gives the new one `#testing`; the old
one becomes `#testing-1`, so every unchanged TOC line that linked `#testing` now lands on
the new section. No TOC line changed, so only the anchors show it (`Diff.anchor_shifts`).
Kept beside the placement check, which owns the table of contents' rules and runs this one.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.analysis.changes import added_lines
from bot.checks.base import Context, Rule
from bot.model import AnchorShift, Document, Finding, Heading, Severity, TocLink

_BASE = (
    "# Awesome X\n\n## Contents\n\n- [Web](#web)\n  - [Testing](#testing)\n"
    "- [Tools](#tools)\n  - [Testing](#testing-1)\n\n## Web\n\n### Testing\n\n"
    "- [Selenium](https://github.com/SeleniumHQ/selenium) - Browser automation.\n\n"
    "## Tools\n\n### Testing\n\n- [pytest](https://github.com/pytest-dev/pytest) - Tests.\n"
)

SHIFTED = Rule(
    code="P205",
    name="toc-anchor-shifted",
    title="A new heading repeating an old one moves the old one's anchor",
    severity=Severity.ERROR,
    check="placement",
    why="GitHub gives repeated headings the anchors `x`, `x-1`, `x-2` in page order, so a new "
    "heading above an old one of the same name takes its anchor: the table of contents still "
    "links `#x`, but readers land on the new section. Rename the new heading, or point the "
    "moved links to their section's new anchor.",
    base=_BASE,
    after="  - [Testing](#testing-1)\n",
    bad="\n## Data\n\n### Testing\n\n- [Hypothesis](https://github.com/HypothesisWorks/"
    "hypothesis) - Property tests.\n",
    good="\n## Data\n\n### Property testing\n\n- [Hypothesis](https://github.com/"
    "HypothesisWorks/hypothesis) - Property tests.\n",
    fixable=True,
)


def judge(ctx: Context) -> Iterator[Finding]:
    """The unchanged links a pull request's new heading re-targets."""
    shifts = ctx.diff.anchor_shifts
    if not shifts or ctx.base is None:
        return
    added = added_lines(ctx.base.lines, ctx.head.lines)
    order = _toc_order(ctx.head)
    for shift in shifts:
        if shift.link.line not in added and _meant_there(shift, order):
            yield _finding(ctx.head, shift)


def _toc_order(document: Document) -> list[tuple[TocLink, int | None]]:
    """Each TOC link with the line of the heading its anchor reaches (None: no heading)."""
    targets: dict[str, int] = {}
    for heading in document.headings:
        for anchor in heading.all_anchors:
            targets.setdefault(anchor.lower(), heading.line)
    return [(link, targets.get(link.anchor.lower())) for link in document.toc]


def _meant_there(shift: AnchorShift, order: list[tuple[TocLink, int | None]]) -> bool:
    """Whether the link stands in the TOC where its old heading is, not where it lands now.

    A TOC lists the headings in page order: a link between `Web` and `Tools` means a heading
    between them. A TOC line the pull request wrote for the new heading (in the new
    heading's place) is right; a link outside the TOC (a cross-reference) counts as meant.
    """
    at = next((i for i, (link, _) in enumerate(order) if link == shift.link), None)
    if at is None:
        return True
    low = next((line for _, line in reversed(order[:at]) if line is not None), 0)
    high = next((line for _, line in order[at + 1 :] if line is not None), None)

    def inside(heading: Heading) -> bool:
        return low < heading.line and (high is None or heading.line < high)

    return inside(shift.meant) and not inside(shift.lands)


def _finding(head: Document, shift: AnchorShift) -> Finding:
    link, meant, lands = shift.link, shift.meant, shift.lands
    text = head.line_text(link.line)
    fixed = text.replace(f"(#{link.anchor})", f"(#{meant.slug})", 1)
    return SHIFTED.finding(
        link.line,
        f"`[{link.text}](#{link.anchor})` linked the heading `{meant.text}` now at line "
        f"{meant.line}, but the heading `{lands.text}` at line {lands.line}, above it, now "
        f"has the anchor `#{link.anchor}` (GitHub numbers repeated headings in page order), "
        f"so readers land there. Rename the new heading, or link `#{meant.slug}`.",
        fixed if fixed != text else None,
        end_line=link.line,
        entry_line=link.line,
    )
