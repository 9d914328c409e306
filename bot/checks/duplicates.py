"""duplicate — placeholder until the check lands."""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.base import Check, Context, Rule
from bot.model import Finding

RULES: tuple[Rule, ...] = ()


def run(ctx: Context) -> Iterator[Finding]:
    return iter(())


CHECK = Check(name="duplicate", title="duplicate", rules=RULES, run=run)
