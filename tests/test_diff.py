"""The diff: only what a PR really added or changed is judged."""

from __future__ import annotations

import json
from pathlib import Path

from bot.diff import diff_documents
from bot.parse import parse

BASE = """\
# L

## Web

- [Flask](https://github.com/pallets/flask) - Micro framework.
- [Django](https://github.com/django/django) - Batteries included.

## Data

- [pandas](https://github.com/pandas-dev/pandas) - Data frames.
"""


def _diff(head: str, base: str = BASE):  # type: ignore[no-untyped-def]
    return diff_documents(parse(base), parse(head))


def test_an_added_entry_is_added_and_nothing_else() -> None:
    head = BASE.replace("## Data\n", "- [Bottle](https://bottlepy.org) - Tiny.\n\n## Data\n")
    diff = _diff(head)
    assert [c.head.title for c in diff.added] == ["Bottle"]
    assert not diff.changed and not diff.removed and not diff.moved
    assert [c.head.title for c in diff.judged] == ["Bottle"]


def test_an_edited_entry_is_changed_and_knows_its_old_self() -> None:
    head = BASE.replace("Micro framework.", "A micro framework.")
    diff = _diff(head)
    assert not diff.added
    (change,) = diff.changed
    assert change.head.title == "Flask" and change.base is not None
    assert change.base.description == "Micro framework."


def test_whitespace_only_edit_is_not_new() -> None:
    head = BASE.replace("- [Flask](", "-   [Flask](").replace("Micro framework.", "Micro  framework.  ")
    diff = _diff(head)
    assert diff.judged == ()


def test_moved_entry_is_not_new() -> None:
    pandas = "- [pandas](https://github.com/pandas-dev/pandas) - Data frames.\n"
    head = BASE.replace(pandas, "").replace("## Web\n\n", "## Web\n\n" + pandas)
    diff = _diff(head)
    assert diff.judged == ()
    assert [(c.head.title, c.base.section if c.base else None) for c in diff.moved] == [
        ("pandas", ("Data",))
    ]


def test_reordering_inside_a_section_is_not_a_change() -> None:
    lines = BASE.splitlines(keepends=True)
    lines[4], lines[5] = lines[5], lines[4]
    assert _diff("".join(lines)).judged == ()


def test_removed_entry_is_reported_as_removed() -> None:
    head = BASE.replace("- [Django](https://github.com/django/django) - Batteries included.\n", "")
    diff = _diff(head)
    assert [e.title for e in diff.removed] == ["Django"] and diff.judged == ()


def test_no_base_means_a_full_audit() -> None:
    diff = diff_documents(None, parse(BASE))
    assert diff.full_audit and len(diff.added) == 3


def test_real_pr_5_adds_exactly_one_entry(corpus: Path) -> None:
    folder = corpus / "awesome-ai-system"
    base = parse((folder / "README.b0b18ac.md").read_text(encoding="utf-8"))
    head = parse((folder / "README.95660a7.md").read_text(encoding="utf-8"))
    diff = diff_documents(base, head)
    assert [c.head.title for c in diff.judged] == ["WFGY 1.0: Self-healing LLM Systems Framework"]


def test_replayed_commits_judge_no_more_entries_than_they_touch(corpus: Path) -> None:
    """An entry is judged only if one of its lines was added by the commit."""
    records = [json.loads(line) for line in (corpus / "awesome-ai-system" / "history.jsonl").open()]
    readmes = {
        json.loads(line)["sha"]: json.loads(line)["readme"]
        for line in (corpus / "awesome-ai-system" / "readmes.jsonl").open()
    }
    for record in records:
        if record["parent"] is None or record["parent"] not in readmes:
            continue
        diff = diff_documents(parse(readmes[record["parent"]]), parse(readmes[record["sha"]]))
        added = {" ".join(line.split()) for line in record["added_lines"]}
        for change in diff.judged:
            entry_lines = {" ".join(line.split()) for line in change.head.raw.splitlines()}
            assert entry_lines & added, (record["sha"][:7], change.head.line, change.head.title)


def test_a_copy_of_an_existing_entry_is_added() -> None:
    flask = "- [Flask](https://github.com/pallets/flask) - Micro framework.\n"
    head = BASE + flask
    assert [(c.head.title, c.head.section) for c in _diff(head).added] == [("Flask", ("Data",))]


def test_a_row_mended_back_into_its_table_is_not_new() -> None:
    base = "# L\n\n## T\n\n| Name | Code |\n|---|---|\n| A | [a](https://a.org) |\n\n| B | [b](https://b.org) |\n"
    head = base.replace("|\n\n| B", "|\n| B")
    diff = diff_documents(parse(base), parse(head))
    assert [e.title for e in parse(head).entries] == ["A", "B"]
    assert diff.judged == ()
