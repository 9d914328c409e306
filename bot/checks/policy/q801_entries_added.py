"""Q801 too-many-entries: a pull request adds more entries than the list takes at once."""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.base import Context, Rule
from bot.checks.policy.options import CHECK_NAME, PolicyOptions, listed, where
from bot.model import Finding, Severity

RULE = Rule(
    code="Q801",
    name="too-many-entries",
    title="The pull request adds more entries than the list's policy allows",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why="Lists that review every submission on its merits (awesome-go: one package per pull "
    "request) ask for one entry at a time, so each can be discussed, accepted or declined on "
    "its own. Off unless `policy.max_entries_added` is set.",
    base="# Awesome X\n\n## Tools\n\n- [Alpha](https://alpha.example.org) - Does alpha.\n",
    bad="- [Beta](https://beta.example.org) - Does beta.\n"
    "- [Gamma](https://gamma.example.org) - Does gamma.\n",
    good="- [Beta](https://beta.example.org) - Does beta.\n",
    config="policy:\n  max_entries_added: 1\n",
)


def judge(ctx: Context, options: PolicyOptions) -> Iterator[Finding]:
    limit = options.max_entries_added
    if limit is None or ctx.diff.full_audit or len(ctx.diff.added) <= limit:
        return
    lines = [str(change.head.line) for change in ctx.diff.added]
    first_over = ctx.diff.added[limit].head
    allows = f"{limit} entr{'y' if limit == 1 else 'ies'} per pull request"
    yield RULE.finding(
        first_over.line,
        f"this list allows {allows} ({where('max_entries_added')}); this one adds "
        f"{len(lines)} (lines {listed(lines)}). Please open one pull request for each.",
        entry_line=first_over.line,
    )
