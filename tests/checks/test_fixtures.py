"""Every check's fixture cases, through the engine as a user would: the exact findings
(line, rule and the message the user reads), in order. `pytest --update-fixtures` rewrites
the expected files instead of comparing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.checks import RULES, internal
from tests.checks.fixture_cases import FIXTURES, all_cases, as_line, load_case, rules_covered


@pytest.mark.parametrize(("folder", "name"), all_cases(), ids=lambda v: str(v))
def test_fixture_raises_exactly_the_expected_findings(
    folder: str, name: str, update_fixtures: bool
) -> None:
    case = load_case(folder, name)
    found = case.found()
    if update_fixtures:
        case.write_expected()
        return
    assert found == case.expected


def test_every_registered_rule_has_a_fixture() -> None:
    """X001 aside (no list makes a check crash: tests/test_rules.py crashes one on purpose)."""
    wanted = {code for code, rule in RULES.items() if rule.check != internal.CHECK_NAME}
    assert sorted(wanted - rules_covered()) == []


def test_expected_lines_are_line_code_message() -> None:
    for folder, name in all_cases():
        for line in load_case(folder, name).expected:
            number, code, message = line.split(" ", 2)
            assert number.isdigit() and code in RULES and message.strip(), (folder, name, line)


def test_as_line_writes_line_code_and_message() -> None:
    case = load_case("format", "F101-malformed-link")
    first = case.findings()[0]
    assert as_line(first) == f"{first.line} {first.rule} {first.message}"


def test_update_fixtures_rewrites_a_stale_expected_file(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "links" / "L401-broken-link", tmp_path / "links" / "L401")
    case = load_case("links", "L401", root=tmp_path)
    case.expected_path.write_text("1 L401 a stale message\n", encoding="utf-8")
    case.write_expected()
    assert case.expected == ["6 L401 https://gone.example.org/x is broken: 404 Not Found."]
