"""link — turns the link checker's results into findings (the checker does the I/O)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.base import Check, Context, Rule
from bot.model import Finding

RULES: tuple[Rule, ...] = ()


def run(ctx: Context) -> Iterator[Finding]:
    return iter(())


CHECK = Check(name="link", title="Links answer and lead where they say", rules=RULES, run=run)
