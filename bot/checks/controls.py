"""Inline controls: the findings a list's own comments switch off.

A rule is named in a control by its code (`F114`), its name (`description-period`) or an
awesome-lint id that covers it (`awesome-list-item`), so the comments a list wrote for
awesome-lint keep working the day it switches. `disable` holds until an `enable` that names the
rule (or every rule); `ignore` covers the block after the comment only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from bot.model import Control, Finding

RuleIds = Callable[[str], frozenset[str]]  # a finding's code -> every lower-case id naming it


def apply_controls(
    findings: Sequence[Finding], controls: Sequence[Control], ids_of: RuleIds
) -> list[Finding]:
    """The findings no control comment switches off, in their original order.

    One sweep over controls and findings sorted by line: linear however many comments a
    hostile list holds.
    """
    if not controls:
        return list(findings)
    order = sorted(range(len(findings)), key=lambda i: findings[i].line)
    silenced: set[int] = set()
    sweep = _Sweep()
    position = 0
    for i in order:
        line = findings[i].line
        while position < len(controls) and controls[position].line < line:
            sweep.take(position, controls[position])
            position += 1
        if sweep.silences(line, ids_of(findings[i].rule)):
            silenced.add(i)
    return [f for i, f in enumerate(findings) if i not in silenced]


class _Sweep:
    """The controls read so far: the latest on/off per rule id, and the open `ignore` blocks."""

    def __init__(self) -> None:
        self.latest: dict[str, tuple[int, bool]] = {}  # id ('' = every rule) -> (seq, off)
        self.ignores: list[tuple[int, frozenset[str]]] = []  # (last line, ids; empty = all)

    def take(self, seq: int, control: Control) -> None:
        ids = _lowered(control.rules)
        if control.action == "ignore":
            self.ignores.append((control.end_line, ids))
            return
        off = control.action == "disable"
        for rule_id in ids or {""}:
            self.latest[rule_id] = (seq, off)

    def silences(self, line: int, ids: frozenset[str]) -> bool:
        self.ignores = [(end, rules) for end, rules in self.ignores if end >= line]
        if any(not rules or rules & ids for _, rules in self.ignores):
            return True
        states = [self.latest[i] for i in ids | {""} if i in self.latest]
        return bool(states) and max(states)[1]


def _lowered(rules: Iterable[str]) -> frozenset[str]:
    return frozenset(rule.strip().lower() for rule in rules if rule.strip())
