"""Every rule's documented bad example raises it, its good example does not; docs in step."""

from __future__ import annotations

import pytest

from bot.checks import CHECKS, RULES, Rule
from bot.config import load_config
from bot.engine import review_texts
from bot.report.rulesdoc import render_rules_doc
from tests.conftest import ROOT


def _review_codes(rule: Rule, snippet: str) -> list[str]:
    """The rules a pull request adding `snippet` to the rule's base list raises."""
    results = {r.url: r for r in rule.link_results}
    base = rule.base or None
    config = load_config(rule.config or None)
    review = review_texts((base or "") + snippet, base, config, link_results=results)
    return [f.rule for f in review.findings]


@pytest.mark.parametrize("rule", list(RULES.values()), ids=lambda r: f"{r.code}-{r.name}")
def test_bad_example_raises_the_rule(rule: Rule) -> None:
    assert rule.code in _review_codes(rule, rule.bad), f"{rule.code}'s bad example is not caught"


@pytest.mark.parametrize("rule", list(RULES.values()), ids=lambda r: f"{r.code}-{r.name}")
def test_good_example_is_clean_of_the_rule(rule: Rule) -> None:
    assert rule.code not in _review_codes(rule, rule.good), f"{rule.code} fires on its good example"


@pytest.mark.parametrize("rule", list(RULES.values()), ids=lambda r: r.code)
def test_rule_is_documented_in_full(rule: Rule) -> None:
    assert rule.name == rule.name.lower() and " " not in rule.name, "names are kebab-case"
    assert rule.title and "\n" not in rule.title and rule.why
    assert rule.bad != rule.good


def test_every_check_has_rules_with_its_prefix() -> None:
    for check in CHECKS:
        assert check.rules, f"check {check.name} has no rules"
        prefixes = {rule.code[0] for rule in check.rules}
        assert len(prefixes) == 1, f"check {check.name} mixes code prefixes {prefixes}"
        assert all(rule.check == check.name for rule in check.rules)


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    on_disk = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert on_disk == render_rules_doc(), (
        "docs/rules.md is stale: run `python -m bot.report.rulesdoc > docs/rules.md`"
    )
    for code, rule in RULES.items():
        assert f"### {code} {rule.name}" in on_disk
