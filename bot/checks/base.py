"""What every check module provides, and the context checks are given."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from bot.model import Diff, Document, Finding, LinkResult, Severity

if TYPE_CHECKING:
    from bot.config import Config


@dataclass(frozen=True, slots=True)
class Rule:
    """A documented rule: a stable code, a kebab-case name, a one-line title.

    `bad` and `good` are list snippets for the rule's doc entry; a test reviews `base + bad`
    against `base` (a pull request adding the snippet; with no `base`, an audit of the
    snippet) and asserts that `bad` raises this rule and `good` does not. `base` gives
    learned conventions something to learn from.
    """

    code: str
    name: str
    title: str
    severity: Severity
    check: str
    why: str
    bad: str
    good: str
    base: str = ""
    fixable: bool = False
    link_results: tuple[LinkResult, ...] = ()  # what the link checker says in the examples
    config: str = ""  # .github/awesome-review.yml text the examples are reviewed with


@dataclass(frozen=True)
class Context:
    """Everything a check may look at. Checks are pure: no I/O, no clock, no randomness."""

    head: Document
    base: Document | None
    diff: Diff
    config: Config
    link_results: Mapping[str, LinkResult] = field(
        default_factory=lambda: MappingProxyType({})
    )


CheckFunction = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Check:
    """One check module: its name, its rules and its pure function."""

    name: str
    title: str
    rules: tuple[Rule, ...]
    run: CheckFunction

    def rule(self, code: str) -> Rule:
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise KeyError(code)
