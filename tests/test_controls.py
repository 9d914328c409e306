"""Inline control comments switch findings off, as awesome-lint's users already write them."""

from __future__ import annotations

import pytest

from bot.engine import review_texts

BASE = (
    "# Awesome X\n\n## Tools\n\n- [Foo](https://foo.example/) - Makes foo.\n\n"
    "## Services\n\n- [Baz](https://baz.example/) - Serves baz.\n"
)
DUPLICATE = "- [Foo](https://foo.example/) - Makes foo.\n"


def _codes_after_adding(control: str) -> list[tuple[int, str]]:
    head = BASE.replace("## Services\n\n", "## Services\n\n" + control + DUPLICATE)
    return [(f.line, f.rule) for f in review_texts(head, BASE).findings]


def test_without_a_control_the_duplicate_is_reported() -> None:
    assert _codes_after_adding("") == [(9, "D302")]


@pytest.mark.parametrize(
    "control",
    [
        "<!--lint ignore double-link-->\n",  # awesome-lint's id for duplicate links
        "<!--lint disable double-link-->\n",
        "<!-- awesome-review ignore D302 -->\n",  # our code
        "<!-- awesome-review disable cross-posted -->\n",  # our rule's name
        "<!--lint disable-->\n",  # every rule
    ],
)
def test_a_control_naming_the_rule_switches_it_off(control: str) -> None:
    assert _codes_after_adding(control) == []


@pytest.mark.parametrize(
    "control",
    ["<!--lint ignore awesome-toc-->\n", "<!-- awesome-review disable F114 -->\n"],
)
def test_a_control_naming_another_rule_changes_nothing(control: str) -> None:
    assert _codes_after_adding(control) == [(10, "D302")]


def test_ignore_covers_the_next_block_only_and_enable_ends_disable() -> None:
    entries = "".join(f"- [E{i}](https://e{i}.example/) - Makes entry {i}.\n" for i in range(4))
    base = "# Awesome X\n\n## A\n\n" + entries + "\n## B\n\n- [Z](https://z.example/) - Makes z.\n"
    copies = [f"- [E{i}](https://e{i}.example/) - Makes entry {i}.\n" for i in range(4)]
    head = base.replace(
        "## B\n\n",
        "## B\n\n<!--lint ignore double-link-->\n" + copies[0] + "\nText between.\n\n"
        + copies[1] + "\n<!--lint disable double-link-->\n" + copies[2]
        + "<!--lint enable double-link-->\n" + copies[3],
    )
    lines = [f.line for f in review_texts(head, base).findings if f.rule.startswith("D30")]
    # ignored: line 13 (the list right after the comment); disabled: line 20; reported: 17, 22
    assert lines == [17, 22]


def test_a_control_inside_a_code_fence_is_only_an_example() -> None:
    fenced = "```markdown\n<!--lint disable-->\n```\n"
    assert _codes_after_adding(fenced) == [(12, "D302")]
