"""The format rules' layout holds as rules are added: one module per rule, named after it,
each registered once in format.RULES (or, judging the change as a whole, DIFF_RULES)."""

from __future__ import annotations

from pathlib import Path

from bot.checks import format as format_check


def _module_name(code: str, name: str) -> str:
    return f"{code.lower()}_{name.replace('-', '_')}"


def test_each_rule_module_is_named_after_its_rule() -> None:
    for module in (*format_check.RULES, *format_check.DIFF_RULES):
        rule = module.RULE
        assert module.__name__.rsplit(".", 1)[1] == _module_name(rule.code, rule.name)  # type: ignore[attr-defined]
        assert rule.check == format_check.CHECK.name


def test_every_rule_module_in_the_folder_is_registered_once() -> None:
    folder = Path(format_check.__file__).parent
    on_disk = sorted(p.stem for p in folder.glob("f[0-9][0-9][0-9]_*.py"))
    modules = (*format_check.RULES, *format_check.DIFF_RULES)
    registered = [m.__name__.rsplit(".", 1)[1] for m in modules]  # type: ignore[attr-defined]
    assert sorted(registered) == on_disk
    assert len(set(registered)) == len(registered)


def test_line_rules_are_registered_rules() -> None:
    assert set(map(id, format_check.LINE_RULES)) <= set(map(id, format_check.RULES))
