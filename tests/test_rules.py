"""Every rule's documented bad example raises it, its good example does not; docs in step."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from bot import engine
from bot.checks import CHECKS, DOCUMENTED, RULES, Rule, internal
from bot.checks.base import Context
from bot.engine import load_config, review_texts
from bot.model import Finding
from bot.report.machine import rule_doc_url
from bot.report.rulesdoc import render_rules_doc
from tests.conftest import ROOT


def _review_codes(rule: Rule, snippet: str, files: tuple[str, ...] = ()) -> list[str]:
    """The rules a pull request adding `snippet` to the rule's base list (and changing
    `files` besides README.md) raises."""
    results = {r.url: r for r in rule.link_results}
    base = rule.base or None
    config = load_config(rule.config or None)
    changed = ("README.md", *files)
    before, after = rule.example_parts(snippet)
    review = review_texts(
        before + snippet + after, base, config, link_results=results, changed_files=changed
    )
    return [f.rule for f in review.findings]


EXAMPLED = [rule for rule in RULES.values() if rule.check != internal.CHECK_NAME]


@pytest.mark.parametrize("rule", EXAMPLED, ids=lambda r: f"{r.code}-{r.name}")
def test_bad_example_raises_the_rule(rule: Rule) -> None:
    caught = _review_codes(rule, rule.bad, rule.bad_files)
    assert rule.code in caught, f"{rule.code}'s bad example is not caught"


@pytest.mark.parametrize("rule", EXAMPLED, ids=lambda r: f"{r.code}-{r.name}")
def test_good_example_is_clean_of_the_rule(rule: Rule) -> None:
    assert rule.code not in _review_codes(rule, rule.good), f"{rule.code} fires on its good example"


@pytest.mark.parametrize("rule", list(RULES.values()), ids=lambda r: r.code)
def test_rule_is_documented_in_full(rule: Rule) -> None:
    assert rule.name == rule.name.lower() and " " not in rule.name, "names are kebab-case"
    assert rule.title and "\n" not in rule.title and rule.why
    if rule.check != internal.CHECK_NAME:  # no list text makes a check crash
        assert rule.bad and (rule.bad != rule.good or rule.bad_files)


def test_every_check_has_rules_with_its_prefix() -> None:
    for check in DOCUMENTED:
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


def test_a_crashing_check_becomes_a_documented_x001(monkeypatch: pytest.MonkeyPatch) -> None:
    """A check that raises costs only its own findings; X001's docs link leads to its entry."""

    def explode(ctx: Context) -> Iterator[Finding]:
        raise ValueError("boom")

    broken = replace(CHECKS[1], run=explode)
    monkeypatch.setattr(engine, "CHECKS", (CHECKS[0], broken, *CHECKS[2:]))
    review = review_texts("# X\n\n- [a] (https://a.example.org) - A.\n")
    crashes = [f for f in review.findings if f.rule == "X001"]
    assert [f.message for f in crashes] == [
        f"the {broken.name} check crashed (ValueError: boom); its findings are missing from "
        "this review. Please report it."
    ]
    assert any(f.rule == "F101" for f in review.findings), "the other checks still ran"
    url = rule_doc_url("X001")
    anchor = url.rsplit("#", 1)[1]
    assert anchor == "x001-check-crashed"
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "### X001 check-crashed" in doc and f"(#{anchor})" in doc


def test_every_check_has_a_row_title_in_the_summary_table() -> None:
    from bot.report.templates import CHECK_TITLES

    missing = [check.name for check in DOCUMENTED if check.name not in CHECK_TITLES]
    assert missing == []
