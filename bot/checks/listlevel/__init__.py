"""list — rules about the list as a whole and its prose: the main heading, the Awesome badge,
no CI badge or License section, a two-level table of contents, reference links that resolve,
how names and punctuation are written, and one emphasis marker.

In a pull request these judge only the lines it added (a PR that leaves the heading alone is
not told about it); in a full audit, every line. One module per rule; `RULES` is their order.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.base import Check, Context
from bot.checks.listlevel import (
    m501_main_heading,
    m502_awesome_badge,
    m503_ci_badge,
    m504_license_section,
    m505_toc_depth,
    m506_undefined_reference,
    m508_technical_name_spelling,
    m509_repeated_punctuation,
    m510_unbalanced_punctuation,
    m511_emphasis_marker,
)
from bot.checks.listlevel.view import CHECK_NAME, SpellingOptions, view_of
from bot.model import Finding


def run(ctx: Context) -> Iterator[Finding]:
    view = view_of(ctx)
    yield from m501_main_heading.judge(view)
    yield from m502_awesome_badge.judge(view)
    yield from m503_ci_badge.judge(view)
    yield from m504_license_section.judge(view)
    base_depth = (
        max((t.depth for t in ctx.base.toc), default=0)
        if view.added is not None and ctx.base
        else None
    )
    yield from m505_toc_depth.judge(view, base_depth)
    yield from m506_undefined_reference.judge(view)
    yield from m508_technical_name_spelling.judge(view, ctx.config.option(SpellingOptions).names)
    yield from m509_repeated_punctuation.judge(view)
    yield from m510_unbalanced_punctuation.judge(view)
    yield from m511_emphasis_marker.judge(view)


CHECK = Check(
    name=CHECK_NAME,
    title="The list as a whole: heading, badges, sections, references, names and punctuation",
    rules=(
        m501_main_heading.RULE,
        m502_awesome_badge.RULE,
        m503_ci_badge.RULE,
        m504_license_section.RULE,
        m505_toc_depth.RULE,
        m506_undefined_reference.RULE,
        m508_technical_name_spelling.RULE,
        m509_repeated_punctuation.RULE,
        m510_unbalanced_punctuation.RULE,
        m511_emphasis_marker.RULE,
    ),
    run=run,
    options=(SpellingOptions,),
)
