"""What every check provides, and the context checks are given."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from bot.checks.analysis.categories import CategoryModel, CategoryOptions
from bot.checks.analysis.identity import IdentityIndex
from bot.checks.analysis.toc import BrokenAnchor, MissingLine, toc_problems
from bot.config import Config, Options
from bot.deadline import Deadline
from bot.model import Diff, Document, Finding, LinkResult, Severity


@dataclass(frozen=True, slots=True)
class Rule:
    """A documented rule: a stable code, a kebab-case name, a one-line title.

    `bad` and `good` are list snippets for the rule's doc entry; a test reviews `base + bad`
    against `base` (a pull request adding the snippet; with no `base`, an audit of the
    snippet) and asserts that `bad` raises this rule and `good` does not. `base` gives
    learned conventions something to learn from. With `after`, the snippet goes in right
    after that text of the base instead of at its end (a heading added above another).
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
    bad_files: tuple[str, ...] = ()  # files besides the list the bad example's PR touches
    after: str = ""  # the base text the examples are inserted after ('' = at the end)

    def example_parts(self, snippet: str) -> tuple[str, str]:
        """The base before and after where a pull request adds `snippet`."""
        if not self.after:
            return self.base, ""
        at = self.base.index(self.after) + len(self.after)
        return self.base[:at], self.base[at:]

    def finding(
        self,
        line: int,
        message: str,
        suggestion: str | None = None,
        *,
        end_line: int | None = None,
        entry_line: int | None = None,
        severity: Severity | None = None,
        url: str | None = None,
        verdict: str | None = None,
        move_after: int | None = None,
        fix_at: tuple[int, int] | None = None,
    ) -> Finding:
        """A finding of this rule (its check, code and default severity) at `line`."""
        return Finding(
            check=self.check,
            rule=self.code,
            severity=severity or self.severity,
            line=line,
            message=message,
            suggestion=suggestion,
            end_line=end_line,
            entry_line=entry_line,
            url=url,
            verdict=verdict,
            move_after=move_after,
            fix_at=fix_at,
        )


@dataclass(frozen=True)
class Context:
    """Everything a check may look at. Checks are pure: no I/O, no clock, no randomness;
    a long loop may call `deadline.check()` so a review past its time limit stops.

    The analyses several checks read (the identity index, the table of contents' problems)
    are computed on first use and kept for the rest of the review.
    """

    head: Document
    base: Document | None
    diff: Diff
    config: Config
    link_results: Mapping[str, LinkResult] = field(
        default_factory=lambda: MappingProxyType({})
    )
    deadline: Deadline | None = None
    # the paths (from the repository's root) the pull request touches, list files included;
    # None when not known (a full audit, the command line without --changed-files)
    changed_files: tuple[str, ...] | None = None

    @cached_property
    def identities(self) -> IdentityIndex:
        """What each head entry is: placement and duplicates both read it."""
        return IdentityIndex(self.head, self.link_results)

    @property
    def categories(self) -> CategoryModel:
        """The head's categories as TF-IDF profiles (about 10 ms on a big list), made anew
        on each use: placement alone reads them, once, and a model of 50,000 sections holds
        about 90 MB that the checks after it need back."""
        return CategoryModel(self.head, self.config.option(CategoryOptions).keywords)

    @cached_property
    def toc(self) -> tuple[list[MissingLine], list[BrokenAnchor]]:
        """Headings the table of contents leaves out, and its links to no heading."""
        return toc_problems(self.head)


CheckFunction = Callable[[Context], Iterable[Finding]]


def _consistent(config: Config) -> None:
    """Most checks' settings cannot contradict the `rules:` section."""


def _always(config: Config) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Check:
    """One check: its name, its rules and its pure function."""

    name: str
    title: str
    rules: tuple[Rule, ...]
    run: CheckFunction
    options: tuple[type[Options], ...] = ()  # the YAML keys the check reads, and how
    validate: Callable[[Config], None] = _consistent  # raises ConfigError on a contradiction
    switched_on: Callable[[Config], bool] = _always  # False: the config leaves it all off

    def rule(self, code: str) -> Rule:
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise KeyError(code)
