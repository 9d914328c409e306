"""TOC links that a pull request silently re-targets.

GitHub numbers repeated headings in page order (`tools`, `tools-1` …), so a new heading
that repeats an existing one *above* it takes over the old one's anchor: every link to
`#tools` now lands on the new section, and the old section answers only to `#tools-1`.
No line of the TOC changed, so nothing else in the diff shows it.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from bot.model import AnchorShift, Document, Heading
from bot.parse.slug import anchor_key


def anchor_shifts(base: Document, head: Document) -> tuple[AnchorShift, ...]:
    """In-page links of the head that reach another heading than they reached at base."""
    links = (*head.toc, *head.in_page_links)
    if not links:  # no link to re-target: the headings need not be matched or indexed
        return ()
    same = _matched_headings(base.headings, head.headings)
    base_targets = _targets(base.headings)
    head_targets = _targets(head.headings)
    shifts: list[AnchorShift] = []
    for link in links:
        key = anchor_key(link.anchor)
        was, now = base_targets.get(key), head_targets.get(key)
        if was is None or now is None:
            continue  # a broken link, or a heading removed: other findings say so
        meant = same.get(was.line)
        if meant is not None and meant.line != now.line:
            shifts.append(AnchorShift(link, meant, now))
    return tuple(shifts)


def _targets(headings: tuple[Heading, ...]) -> dict[str, Heading]:
    """Each anchor → the heading GitHub scrolls to (the first one holding it)."""
    targets: dict[str, Heading] = {}
    for heading in headings:
        for anchor in heading.all_anchors:
            targets.setdefault(anchor_key(anchor), heading)
    return targets


def _matched_headings(
    base: tuple[Heading, ...], head: tuple[Heading, ...]
) -> dict[int, Heading]:
    """Base heading line → the same heading in the head (by the longest common run of
    level and text; a new heading repeating an old one's text stays unmatched)."""
    matcher = SequenceMatcher(
        None, [(h.level, h.text) for h in base], [(h.level, h.text) for h in head],
        autojunk=False,
    )
    matched: dict[int, Heading] = {}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            matched[base[block.a + offset].line] = head[block.b + offset]
    return matched
