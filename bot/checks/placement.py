"""placement — placeholder until the check lands."""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.base import Check, Context, Rule
from bot.model import Finding

RULES: tuple[Rule, ...] = ()


def run(ctx: Context) -> Iterator[Finding]:
    return iter(())


CHECK = Check(name="placement", title="placement", rules=RULES, run=run)
