"""The registry of checks: an explicit, ordered tuple; rule codes are unique."""

from __future__ import annotations

from bot.checks import duplicates, format, links, placement
from bot.checks.base import Check, Context, Rule

CHECKS: tuple[Check, ...] = (format.CHECK, placement.CHECK, duplicates.CHECK, links.CHECK)


def _index_rules(checks: tuple[Check, ...]) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for check in checks:
        for rule in check.rules:
            if rule.code in rules:
                raise RuntimeError(f"rule code {rule.code} is defined twice")
            rules[rule.code] = rule
    return rules


RULES: dict[str, Rule] = _index_rules(CHECKS)

__all__ = ["CHECKS", "RULES", "Check", "Context", "Rule"]
