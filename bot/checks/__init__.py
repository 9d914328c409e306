"""The registry of checks: an explicit, ordered tuple; rule codes are unique.

`CHECKS` run in this order on every review; `internal` holds X001, the finding that stands
in for a check that crashed, so it is documented and configurable like any rule. `SCHEMA`
is what a config file may say: the checks' own keys, the rule codes and names, and the
settings that contradict each other.
"""

from __future__ import annotations

from bot.checks import (
    duplicates,
    format,
    internal,
    links,
    listlevel,
    order,
    paper,
    placement,
    policy,
    repository,
)
from bot.checks.base import Check, Context, Rule
from bot.config import AuditOptions, Config, Schema

CHECKS: tuple[Check, ...] = (
    format.CHECK,
    listlevel.CHECK,
    placement.CHECK,
    duplicates.CHECK,
    order.CHECK,
    links.CHECK,
    paper.CHECK,
    repository.CHECK,
    policy.CHECK,
)
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


def validate_rule_settings(config: Config) -> None:
    """Refuse settings that contradict each other (each check knows its own pairs)."""
    for check in DOCUMENTED:
        check.validate(config)


SCHEMA = Schema(
    # The checks' options, and the App's scheduled audit (bot.jobs.audit), which is no check.
    options=(
        *dict.fromkeys(kind for check in DOCUMENTED for kind in check.options),
        AuditOptions,
    ),
    rules=frozenset(RULES) | {rule.name for rule in RULES.values()},
    validate=validate_rule_settings,
)

__all__ = [
    "CHECKS",
    "DOCUMENTED",
    "RULES",
    "SCHEMA",
    "Check",
    "Context",
    "Rule",
    "validate_rule_settings",
]
