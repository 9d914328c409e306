"""The table of contents against the headings: lines missing, and anchors that go nowhere.

GitHub gives each heading an anchor (bot/parse/slug.py) and matches a link's fragment to
it case-insensitively; `<a name>`/`id` attributes make anchors too, as do GitHub's
`user-content-` prefixed forms. A TOC link that no heading produces scrolls nowhere.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from urllib.parse import unquote

from rapidfuzz import fuzz

from bot.checks.analysis.categories import section_name
from bot.checks.analysis.sections import names_promotion
from bot.model import Document, Heading, TocLink
from bot.parse.slug import github_slug, normalise_anchor

# Anchors every page has: `#top` (browsers scroll to the top) and GitHub's `#readme`.
_BUILTIN_ANCHORS = frozenset({"top", "readme"})
# bounded ({0,300}), so a text of unclosed '<' cannot make the search quadratic
_HTML_ANCHOR = re.compile(r"""<[a-z][^>\n]{0,300}?\s(?:id|name)\s*=\s*["']?([^"'\s>]+)""", re.I)
_PAIRING_SCORE = 80.0  # a broken TOC link and a heading this alike (0-100) are one mistake
_PAIRING_LIMIT = 20_000  # broken links × unlisted headings beyond this: no pairing, no hints


@dataclass(frozen=True, slots=True)
class MissingLine:
    """A heading the TOC should list but does not."""

    heading: Heading
    template: TocLink | None  # a sibling's TOC line, to copy its indentation from
    # the TOC line of the next heading the TOC lists, which the heading's line goes before
    # (None: it goes after the TOC's last line)
    before: TocLink | None = None


@dataclass(frozen=True, slots=True)
class BrokenAnchor:
    """A TOC link to an anchor no heading produces; `heading` is the one it probably means."""

    link: TocLink
    heading: Heading | None


def anchor_key(anchor: str) -> str:
    """How GitHub compares a fragment with heading anchors: decoded, case-insensitive."""
    return normalise_anchor(unquote(anchor)).removeprefix("user-content-")


def toc_problems(document: Document) -> tuple[list[MissingLine], list[BrokenAnchor]]:
    """Headings missing from the TOC and TOC links to nowhere; none for a list without TOC."""
    if not document.toc:
        return [], []
    by_anchor = {anchor_key(a): h for h in reversed(document.headings) for a in h.all_anchors}
    known = set(by_anchor) | _BUILTIN_ANCHORS | _html_anchors(document.text)
    linked = {by_anchor[k].line: link for link in document.toc
              if (k := anchor_key(link.anchor)) in by_anchor}
    broken = [link for link in document.toc if anchor_key(link.anchor) not in known]
    unlisted = [h for h in _expected(document, linked) if h.line not in linked]
    pairs = _pair(broken, unlisted)
    claimed = {heading.line for heading in pairs.values() if heading is not None}
    missing = [
        MissingLine(h, _template(document, h, linked), _next_listed(document, h, linked))
        for h in unlisted
        if h.line not in claimed
    ]
    return missing, [BrokenAnchor(link, pairs.get(link.line)) for link in broken]


def _html_anchors(text: str) -> set[str]:
    if "<" not in text:
        return set()
    return {anchor_key(name) for name in _HTML_ANCHOR.findall(text)}


def _expected(document: Document, linked: dict[int, TocLink]) -> list[Heading]:
    """Headings the TOC covers: at a level it lists, after it, under a listed parent or
    beside a listed sibling. A TOC that lists only H2/H3 expects no H4; one that skips a
    whole part of the list ('Resources' in awesome-python) expects nothing from it."""
    levels = {h.level for h in document.headings if h.line in linked}
    start = max(link.line for link in document.toc)
    family = _families(document.headings)
    promotions = _promotions(document)
    expected = []
    for heading in document.headings:
        if heading.level not in levels or heading.line <= start:
            continue
        if _outside_toc(heading, family) or heading.line in promotions:
            continue
        parent, siblings = family[heading.line]
        if (parent is not None and parent.line in linked) or any(
            s.line in linked for s in siblings
        ):
            expected.append(heading)
    return expected


# Sections a table of contents leaves out by custom, with everything under them.
_UNLISTED = re.compile(
    r"^(?:contribut\w*(?: guidelines?)?|how to contribute|footnotes?|licen[cs]e|licensing"
    r"|code of conduct|related(?: lists| projects| awesome lists)?|see also)$",
    re.IGNORECASE,
)


def _outside_toc(
    heading: Heading, family: dict[int, tuple[Heading | None, list[Heading]]]
) -> bool:
    """`Contributing`, `Footnotes`, `Related Lists` and what is under them."""
    current: Heading | None = heading
    while current is not None:
        if _UNLISTED.match(section_name(current.text)):
            return True
        current = family[current.line][0]
    return False


# A sponsor or ad block holds a banner and a link or two; a category named `Premium Themes`
# that holds more is a category all the same, and the TOC lists it.
_PROMOTION_ENTRIES = 3


def _promotions(document: Document) -> set[int]:
    """Lines of headings over a sponsor, ad or donation block: a heading naming one, with no
    sub-heading and at most a few links under it. Tables of contents list topics, not these."""
    named = [(i, h) for i, h in enumerate(document.headings) if names_promotion(h.text)]
    if not named:
        return set()
    starts = [e.line for e in document.entries]  # in line order
    found = set()
    for index, heading in named:
        after = document.headings[index + 1] if index + 1 < len(document.headings) else None
        if after is not None and after.level > heading.level:
            continue  # sub-sections under it: a part of the list, not a block
        end = after.line if after is not None else len(document.lines) + 1
        held = bisect_left(starts, end) - bisect_right(starts, heading.line)
        if held <= _PROMOTION_ENTRIES:
            found.add(heading.line)
    return found


def _families(headings: tuple[Heading, ...]) -> dict[int, tuple[Heading | None, list[Heading]]]:
    """For each heading (by line): its parent heading and its siblings (same parent, level)."""
    stack: list[Heading] = []
    parents: dict[int, Heading | None] = {}
    for heading in headings:
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        parents[heading.line] = stack[-1] if stack else None
        stack.append(heading)
    children: dict[tuple[int | None, int], list[Heading]] = {}
    for heading in headings:
        parent = parents[heading.line]
        key = (parent.line if parent else None, heading.level)
        children.setdefault(key, []).append(heading)
    return {
        h.line: (parents[h.line], children[(p.line if (p := parents[h.line]) else None, h.level)])
        for h in headings
    }


def _pair(broken: list[TocLink], unlisted: list[Heading]) -> dict[int, Heading | None]:
    """Match each broken TOC link with the unlisted heading it most likely meant, once."""
    if len(broken) * len(unlisted) > _PAIRING_LIMIT:
        return {}  # a TOC of another document altogether: hints would be guesses
    scored = sorted(
        ((_likeness(link, heading), link.line, heading) for link in broken for heading in unlisted),
        key=lambda item: (-item[0], item[1], item[2].line),
    )
    pairs: dict[int, Heading | None] = {}
    taken: set[int] = set()
    for score, line, heading in scored:
        if score < _PAIRING_SCORE or line in pairs or heading.line in taken:
            continue
        pairs[line] = heading
        taken.add(heading.line)
    return pairs


def _likeness(link: TocLink, heading: Heading) -> float:
    """How alike a TOC link and a heading are: by anchor (a typo), by text (the heading
    renamed), or by words (one extends the other: 'Viewers' and 'Widget Viewers')."""
    text, title = section_name(link.text), section_name(heading.text)
    return max(
        fuzz.ratio(anchor_key(link.anchor), anchor_key(heading.slug)),
        fuzz.ratio(text, title),
        fuzz.ratio(github_slug(link.text), heading.slug),
        fuzz.token_set_ratio(text, title),
    )


def _template(document: Document, heading: Heading, linked: dict[int, TocLink]) -> TocLink | None:
    """A TOC line for a heading of the same level, so a new line can copy its indentation."""
    same_level = [linked[h.line] for h in document.headings
                  if h.level == heading.level and h.line in linked]
    before = [link for link in same_level if link.line < heading.line]
    candidates = before or same_level
    return candidates[-1] if candidates else None


def _next_listed(
    document: Document, heading: Heading, linked: dict[int, TocLink]
) -> TocLink | None:
    """The TOC line of the first heading after `heading` that the TOC lists."""
    return next(
        (linked[h.line] for h in document.headings if h.line > heading.line and h.line in linked),
        None,
    )


def toc_line_for(document: Document, heading: Heading, template: TocLink | None) -> str:
    """The TOC line to add for a heading, indented like its siblings' lines."""
    prefix = "- "
    if template is not None:
        written = document.line_text(template.line)
        prefix = written[: written.find("[")] if "[" in written else prefix
    return f"{prefix}[{heading.text}](#{heading.slug})"


def fixed_toc_line(document: Document, broken: BrokenAnchor) -> str | None:
    """The broken TOC line with its anchor pointed at the heading it meant, when known."""
    if broken.heading is None:
        return None
    written = document.line_text(broken.link.line)
    old = f"(#{broken.link.anchor})"
    if old not in written:
        return None  # a reference-style or HTML link: leave the edit to a person
    return written.replace(old, f"(#{broken.heading.slug})", 1)
