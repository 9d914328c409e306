"""The registry of checks: an explicit, ordered tuple; rule codes are unique.

`CHECKS` run in this order on every review; `internal` holds X001, the finding that stands
in for a check that crashed, so it is documented and configurable like any rule.
"""

from __future__ import annotations

from bot.checks import duplicates, format, internal, links, placement
from bot.checks.base import Check, Context, Rule

CHECKS: tuple[Check, ...] = (format.CHECK, placement.CHECK, duplicates.CHECK, links.CHECK)
DOCUMENTED: tuple[Check, ...] = (*CHECKS, internal.CHECK)  # docs/rules.md, in this order


def _index_rules(checks: tuple[Check, ...]) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for check in checks:
        for rule in check.rules:
            if rule.code in rules:
                raise RuntimeError(f"rule code {rule.code} is defined twice")
            rules[rule.code] = rule
    return rules


RULES: dict[str, Rule] = _index_rules(DOCUMENTED)

__all__ = ["CHECKS", "DOCUMENTED", "RULES", "Check", "Context", "Rule"]
