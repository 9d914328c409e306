"""Score the engine against awesome-lint 2.3.0's own test suite, rule by rule.

`python -m tests.peers.parity` prints the table; tests/peers/test_awesome_lint_parity.py holds it.
Data: tests/data/awesome-lint (a copy of ../shared/peers/awesome-lint, MIT; see SOURCE.md there).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.checks.awesome_lint import AWESOME_LINT
from bot.engine import review_texts
from bot.model import Finding, Severity

PARITY_TABLE = pytest.StashKey[str]()  # the table, for the end-of-run summary

EMPTY_DUPLICATE = "Duplicate link: "  # awesome-lint's message for a repeated empty URL
DATA = Path(__file__).resolve().parents[1] / "data" / "awesome-lint"

# The rules of awesome-lint's default config about a list's content (the rest are about the
# repository around it: contributing file, code of conduct, topics, repo age, file names).
IN_SCOPE = (
    "awesome-badge",
    "awesome-heading",
    "awesome-list-item",
    "awesome-toc",
    "awesome-license",
    "awesome-no-ci-badge",
    "awesome-spell-check",
    "double-link",
    "balanced-punctuation",
    "no-repeat-item-in-description",
    "no-repeat-punctuation",
    "no-undefined-references",
    "no-multiple-toplevel-headings",
    "emphasis-marker",
    "final-newline",
)


@dataclass
class RuleScore:
    expected: set[tuple[str, int]] = field(default_factory=set)  # (fixture, line)
    matched: set[tuple[str, int]] = field(default_factory=set)
    clean_cases: int = 0

    @property
    def missed(self) -> set[tuple[str, int]]:
        return self.expected - self.matched


@dataclass
class Parity:
    rules: dict[str, RuleScore]
    # (fixture, line, our code, severity) we raise on a fixture awesome-lint's tests call clean
    # and its default config does not report on that line either
    unexpected: set[tuple[str, int, str, str]]

    def fully_matched(self) -> list[str]:
        return [r for r in IN_SCOPE if self.rules[r].expected and not self.rules[r].missed]


def _fixture_text(fixture: str) -> str:
    return (DATA / "fixtures" / fixture.split("[")[0]).read_text(encoding="utf-8")


def score() -> Parity:
    """Run every scored case of expectations.json through the engine (an audit of the fixture)."""
    data = json.loads((DATA / "expectations.json").read_text(encoding="utf-8"))
    default_lines: dict[str, list[int]] = data["default_config_lines"]
    rules: dict[str, RuleScore] = defaultdict(RuleScore)
    unexpected: set[tuple[str, int, str, str]] = set()
    for case in data["cases"] + data["extended"]:
        if not case["scored"]:
            continue
        fixture = case["fixture"]
        review = review_texts(_fixture_text(fixture))
        ours = {(f.line, f.rule) for f in review.findings}
        if case["kind"] == "clean":
            rules[case["rule"]].clean_cases += 1
            allowed = set(default_lines.get(fixture, []))
            unexpected |= {
                (fixture, f.line, f.rule, f.severity.value)
                for f in review.findings
                if f.severity is not Severity.NOTICE and f.line not in allowed
            }
            continue
        for unit in case["units"]:
            rule_id, line = unit["sub"].split(":")[0], unit["line"]
            rules[rule_id].expected.add((fixture, line))
            codes = AWESOME_LINT.get(rule_id, ())
            lines = {line, *unit["alt"]}
            if (
                any((at, code) in ours for code in codes for at in lines)
                or (rule_id == "double-link" and _names_line(review.findings, codes, line))
                or _empty_links(unit, ours)
            ):
                rules[rule_id].matched.add((fixture, line))
    for rule_id in IN_SCOPE:
        rules[rule_id]  # every in-scope rule gets a row, scored or not
    return Parity(dict(rules), unexpected)


def _names_line(findings: tuple[Finding, ...], codes: tuple[str, ...], line: int) -> bool:
    """awesome-lint reports a duplicate at its first copy, we at the later one, naming the
    first (`… and so does line 2`): the same pair found."""
    named = re.compile(rf"\bline {line}\b")
    return any(f.rule in codes and named.search(f.message) for f in findings)


def _empty_links(unit: dict[str, Any], ours: set[tuple[int, str]]) -> bool:
    """awesome-lint reports links with no address as duplicates of each other (`Duplicate
    link: ` with nothing after it); we report each as linking nowhere (F131), which is what
    there is to fix: the same lines found, under the rule that says why."""
    if unit["sub"] != "double-link" or unit["message"] != EMPTY_DUPLICATE:
        return False
    return all((at, "F131") in ours for at in unit.get("group", [unit["line"]]))


def table(parity: Parity) -> str:
    """The per-rule table: expected lines, matched, missed, our codes."""
    rows = ["| awesome-lint rule | our rules | expected | matched | missed |", "|---|---|---:|---:|---:|"]
    for rule_id in IN_SCOPE:
        s = parity.rules[rule_id]
        codes = ", ".join(AWESOME_LINT.get(rule_id, ())) or "—"
        rows.append(f"| {rule_id} | {codes} | {len(s.expected)} | {len(s.matched)} | {len(s.missed)} |")
    rows.append("")
    rows.append(f"fully matched: {len(parity.fully_matched())} of {len(IN_SCOPE)}")
    rows.append(f"errors/warnings on clean fixtures: {len(parity.unexpected)}")
    for fixture, line, code, severity in sorted(parity.unexpected):
        rows.append(f"  {fixture}:{line} {code} {severity}")
    return "\n".join(rows)


if __name__ == "__main__":
    print(table(score()))
