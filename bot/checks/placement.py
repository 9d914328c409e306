"""placement — every entry in a category that fits it, and a TOC that matches the headings.

Six rules: an entry outside any category (under the title, `Contents`, `Contributing`,
`License` ...); a heading the table of contents leaves out; a TOC link to an anchor no
heading produces; a new heading that takes an old one's anchor (placement_anchors.py); and
a category that fits an entry clearly better than its own, learned
from the titles and descriptions already in each category (a notice, never an error).
The sixth, an entry right under a parent heading above its sub-sections: placement_level.py.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import ClassVar, Self

from bot.checks.analysis.categories import (
    MIN_DESTINATION,
    MIN_ENTRIES,
    CategoryModel,
    CategoryOptions,
    Fit,
    entry_text,
    is_meta_section,
)
from bot.checks.analysis.identity import cross_posted
from bot.checks.analysis.quote import quote_title
from bot.checks.analysis.sections import names_promotion
from bot.checks.analysis.toc import (
    BrokenAnchor,
    MissingLine,
    anchor_key,
    fixed_toc_line,
    toc_line_for,
    toc_problems,
)
from bot.checks.analysis.words import words_for
from bot.checks.base import Check, Context, Rule
from bot.checks.placement_anchors import SHIFTED
from bot.checks.placement_anchors import judge as shifted_anchors
from bot.checks.placement_level import ABOVE_SUBSECTIONS
from bot.checks.placement_level import judge as above_subsections
from bot.config import number, section
from bot.model import Document, Entry, Finding, Severity

LOG = logging.getLogger(__name__)

_TOOLS = "# Awesome X\n\n## Tools\n\n- [Alpha](https://alpha.example.org) - Does alpha.\n"
_CONTRIBUTING = "\n## Contributing\n\nPull requests are welcome.\n"
# A list that ends with its table of contents, so an example can add a TOC line and sections.
_TOC = "# Awesome X\n\n## Contents\n\n- [Tools](#tools)\n"
_SECTIONS = (
    "\n## Tools\n\n- [Alpha](https://alpha.example.org) - Does alpha.\n"
    "\n## Services\n\n- [Gamma](https://gamma.example.org) - Hosts gamma.\n"
)
_CATEGORIES = (
    "# Awesome X\n\n## Databases\n\n"
    "- [Ant](https://ant.example.org) - Embedded key-value database with transactions.\n"
    "- [Bee](https://bee.example.org) - Distributed SQL database for analytics.\n"
    "- [Cat](https://cat.example.org) - Time-series database with SQL queries.\n"
    "\n## Testing\n\n"
    "- [Dog](https://dog.example.org) - Mock generator for unit tests.\n"
    "- [Eel](https://eel.example.org) - Fuzz testing with coverage feedback.\n"
    "- [Fox](https://fox.example.org) - Load testing harness with reports.\n"
)

OUTSIDE = Rule(
    code="P201",
    name="outside-category",
    title="Entry is outside any category",
    severity=Severity.ERROR,
    check="placement",
    why="An entry under the list's title or under `Contents`, `Contributing` or `License` "
    "is in no category: readers browsing by topic never find it. A sponsor's link under "
    "`Sponsors` or `Backers` is that block's own, not an entry.",
    base=_TOOLS + _CONTRIBUTING,
    bad="\n- [Beta](https://beta.example.org) - Does beta.\n",
    good="\n## Services\n\n- [Beta](https://beta.example.org) - Does beta.\n",
)
TOC_MISSING = Rule(
    code="P202",
    name="heading-not-in-toc",
    title="Heading has no line in the table of contents",
    severity=Severity.WARNING,
    check="placement",
    why="A section the table of contents leaves out is found only by scrolling. Only levels "
    "the TOC already lists are expected (a TOC of H2/H3 does not need an H4), and neither "
    "`Contributing` or `License` nor a sponsor, ad or donation block (a heading naming one "
    "over a banner and a few links) is.",
    base=_TOC,
    bad=_SECTIONS,
    good="- [Services](#services)\n" + _SECTIONS,
    fixable=True,
)
TOC_BROKEN = Rule(
    code="P203",
    name="toc-anchor-missing",
    title="Table-of-contents link points to an anchor no heading produces",
    severity=Severity.ERROR,
    check="placement",
    why="GitHub derives each heading's anchor from its text (lower case, punctuation dropped, "
    "spaces to `-`); a TOC link with a typo or to a renamed heading scrolls nowhere.",
    base=_TOC,
    bad="- [Services](#service)\n" + _SECTIONS,
    good="- [Services](#Services)\n" + _SECTIONS,  # GitHub compares anchors case-insensitively
    fixable=True,
)
BETTER_CATEGORY = Rule(
    code="P204",
    name="better-category",
    title="Another category fits the entry clearly better",
    severity=Severity.NOTICE,
    check="placement",
    why="Readers look for an entry where its neighbours are. Learned from the titles and "
    "descriptions already in each category and the sites their links point to (TF-IDF over "
    "categories, plus each heading's words and `categories:` keywords from the config) and "
    "calibrated on the list itself: every "
    "entry is scored as if it were new, the advice is given only on a list whose own entries "
    "the model places well (30 or more, half of them or more), and only when another "
    "category fits it so many times better than its own that at most 3% of the list's own "
    "entries would be flagged (0.5% in a full audit). A close runner-up is named too. A "
    "smaller list opts in with `placement.margin`, as the example does.",
    base=_CATEGORIES,
    config="placement:\n  margin: 0.15\n",
    bad="- [Gnu](https://gnu.example.org) - Graph database with SQL transactions.\n",
    good="- [Gnu](https://gnu.example.org) - Property-based testing with shrinking.\n",
)

RULES: tuple[Rule, ...] = (
    OUTSIDE, TOC_MISSING, TOC_BROKEN, SHIFTED, BETTER_CATEGORY, ABOVE_SUBSECTIONS
)


@dataclass(frozen=True)
class PlacementOptions:
    """`placement: {margin: 0.2}`: how much better another category must fit (P204). Unset,
    the margin is learned from the list itself (see CategoryModel.calibration)."""

    KEYS: ClassVar[tuple[str, ...]] = ("placement",)

    margin: float | None = None

    @classmethod
    def from_yaml(cls, data: Mapping[str, object]) -> Self:
        raw = section(data.get("placement", {}), "placement", ("margin",))
        if "margin" not in raw:
            return cls()
        return cls(number(raw["margin"], "placement.margin", 0, 1))

def run(ctx: Context) -> Iterator[Finding]:
    entries = placed(ctx)
    # learning the categories costs ~100 ms on a big list, and a third of a PR adding
    # 20,000 entries to one section: made on first use, and only if some rule needs it
    model = _Model(ctx)
    if entries:
        yield from _outside(entries, model.get, _own_places(ctx.base))
        yield from above_subsections(ctx, entries, model.get)
    yield from _toc(ctx)
    yield from shifted_anchors(ctx)
    if entries and _may_fit_elsewhere(ctx, entries):
        yield from _better(ctx, entries, model.get())


class _Model:
    """The head's category model, made on first use and kept for the rest of the check."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._model: CategoryModel | None = None

    def get(self) -> CategoryModel:
        if self._model is None:
            self._model = self._ctx.categories
        return self._model


def _may_fit_elsewhere(ctx: Context, entries: list[Entry]) -> bool:
    """Could P204 advise any of `entries` at all? Only one in a category of MIN_ENTRIES or
    more, with another category of MIN_DESTINATION or more to go to (the model's own
    thresholds, counted on the same entries): one big section, or sections of one entry
    each, have no such pair, and their model need not be made."""
    sizes = Counter(e.section for e in ctx.head.entries)
    categories = {s: n for s, n in sizes.items() if s and not is_meta_section(s)}
    destinations = sum(1 for n in categories.values() if n >= MIN_DESTINATION)
    return destinations >= 2 and any(
        categories.get(e.section, 0) >= MIN_ENTRIES for e in entries
    ) and _calibrates_on_some(ctx, entries, categories)


def _calibrates_on_some(
    ctx: Context, entries: list[Entry], categories: Mapping[tuple[str, ...], int]
) -> bool:
    """In a pull request P204's bar is learned from the entries of categories of
    MIN_ENTRIES or more that it did not add (unless the repository sets a margin): one
    adding all of them (a new list) leaves none, so the model judges nothing and need not
    be made."""
    if ctx.base is None or ctx.diff.full_audit:
        return True
    if ctx.config.option(PlacementOptions).margin is not None:
        return True
    added = {e.line for e in entries}
    return any(e.line not in added for e in ctx.head.entries
               if categories.get(e.section, 0) >= MIN_ENTRIES)


# ----------------------------------------------------------------------------- P201


def placed(ctx: Context) -> list[Entry]:
    """The entries whose place this review judges: every one in a full audit; in a pull
    request those it adds, moves, or edits into another section."""
    diff = ctx.diff
    moved = [change for change in diff.moved + diff.changed
             if change.base is None or change.base.section != change.head.section]
    return [change.head for change in diff.added + tuple(moved)]


ESTABLISHED = 3  # entries the base already keeps in a place that make it the list's own


def _own_places(base: Document | None) -> frozenset[tuple[str, ...]]:
    """Places outside any category where the list itself already keeps entries.

    A list that holds its links under the title or under `Contents` does so by design; a
    pull request adding one more there follows the list, even once another section holding
    a category appears. An audit (no base) judges every entry against the categories.
    """
    if base is None:
        return frozenset()
    held = Counter(e.section for e in base.entries if _is_outside(e))
    return frozenset(section for section, count in held.items() if count >= ESTABLISHED)


def _is_outside(entry: Entry) -> bool:
    return not entry.section or is_meta_section(entry.section)


def _outside(
    entries: list[Entry], model: Callable[[], CategoryModel], own: frozenset[tuple[str, ...]]
) -> Iterator[Finding]:
    for entry in entries:
        if _is_outside(entry) and entry.section not in own and not _sponsor(entry):
            if not model().sections:
                return  # a list with no categories at all has nowhere else to put anything
            yield _outside_finding(entry, model().best(entry))


def _sponsor(entry: Entry) -> bool:
    """A link under `Sponsors`, `Backers` or an ad block: the block's own, not a misplaced
    entry (maintainers add these; a category would be the wrong place for them)."""
    return bool(entry.section) and names_promotion(entry.section[-1])


def _outside_finding(entry: Entry, fit: Fit | None) -> Finding:
    where = (
        f"under `{entry.category}`, which is not a category"
        if entry.section
        else "under the list's title, before the first category"
    )
    hint = f"; `{fit.section[-1]}` fits it best" if fit is not None else ""
    return OUTSIDE.finding(
        entry.line,
        f"{quote_title(entry)} sits {where}. Move it into the category it belongs to{hint}.",
        end_line=entry.end_line,
        entry_line=entry.line,
    )


# ----------------------------------------------------------------------------- P202, P203


def _toc(ctx: Context) -> Iterator[Finding]:
    """TOC problems; in a pull request only those it introduced (absent from the base)."""
    missing, broken = ctx.toc
    if ctx.base is not None and (missing or broken):
        old_missing, old_broken = toc_problems(ctx.base)
        known = {_missing_key(m) for m in old_missing} | {_broken_key(b) for b in old_broken}
        missing = [m for m in missing if _missing_key(m) not in known]
        broken = [b for b in broken if _broken_key(b) not in known]
    for item in missing:
        yield _missing_finding(ctx.head, item)
    for link in broken:
        yield _broken_finding(ctx.head, link)


def _missing_key(item: MissingLine) -> tuple[str, str]:
    return ("missing", item.heading.text.strip().lower())


def _broken_key(item: BrokenAnchor) -> tuple[str, str]:
    return ("broken", anchor_key(item.link.anchor))


def _missing_finding(document: Document, item: MissingLine) -> Finding:
    """Told at the heading (what the pull request wrote, and where a reader looks) and fixed
    in the TOC: the heading's line before the next listed heading's line (or after the TOC's
    last line), one TOC line replaced by two."""
    heading = item.heading
    line = toc_line_for(document, heading, item.template)
    if item.before is not None:
        at, where = item.before.line, f"before line {item.before.line}"
        text = f"{line}\n{document.line_text(at)}"
    else:
        at = max(link.line for link in document.toc)
        where, text = f"after line {at}", f"{document.line_text(at)}\n{line}"
    message = (
        f"The heading `{'#' * heading.level} {heading.text}` (line {heading.line}) has no line "
        f"in the table of contents{_toc_span(document)}. Add `{line.strip()}` {where}."
    )
    return TOC_MISSING.finding(heading.line, message, text, fix_at=(at, at))


def _broken_finding(document: Document, item: BrokenAnchor) -> Finding:
    link = item.link
    message = f"The table of contents links `#{link.anchor}`, but no heading has that anchor"
    if item.heading is not None:
        message += (
            f"; the heading `{item.heading.text}` (line {item.heading.line}) has the anchor "
            f"`#{item.heading.slug}`. Point the link there"
        )
    else:
        message += ": fix the anchor or remove the line"
    return TOC_BROKEN.finding(
        link.line, message + ".", fixed_toc_line(document, item), end_line=link.line
    )


def _toc_span(document: Document) -> str:
    first, last = min(link.line for link in document.toc), max(link.line for link in document.toc)
    return f" (line {first})" if first == last else f" (lines {first}–{last})"


# ----------------------------------------------------------------------------- P204


def _better(ctx: Context, entries: list[Entry], model: CategoryModel) -> Iterator[Finding]:
    audit = ctx.base is None or ctx.diff.full_audit
    fits = model.better(entries, ctx.config.option(PlacementOptions).margin, audit)
    if not fits:
        return
    index = ctx.identities
    for entry in entries:
        fit = fits.get(entry.line)
        if fit is not None and not cross_posted(index, entry):  # two sections on purpose
            yield _better_finding(entry, fit, model.calibration.accuracy)


def _better_finding(entry: Entry, fit: Fit, accuracy: float) -> Finding:
    words = words_for(entry_text(entry), fit.shared)[:4]
    shared = ", ".join(f"*{w}*" for w in words) or ", ".join(f"*{t}*" for t in fit.shared[:4])
    example = f", e.g. {quote_title(fit.example)} (line {fit.example.line})" if fit.example else ""
    runner_up = f" (or `{fit.runner_up[-1]}`)" if fit.runner_up else ""
    message = (
        f"{quote_title(entry)} may belong in `{fit.section[-1]}`{runner_up} rather than "
        f"`{entry.category}`: "
        f"it shares {shared} with the entries there{example}. Fit {fit.score:.2f} for "
        f"`{fit.section[-1]}` against {fit.current:.2f} for `{entry.category}` (scored the "
        f"same way, {accuracy:.0%} of this list's own entries fit their own category best)."
    )
    return BETTER_CATEGORY.finding(
        entry.line, message, end_line=entry.end_line, entry_line=entry.line
    )


CHECK = Check(
    name="placement",
    title="Every entry sits in a category that fits it, and the TOC matches the headings",
    rules=RULES,
    run=run,
    options=(PlacementOptions, CategoryOptions),
)
