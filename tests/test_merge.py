"""The three-way merge behind re-reviews after the base branch moved."""

from __future__ import annotations

import time

from bot.diff.merge import merge_into

ANCESTOR = "# L\n\n## A\n\n- [a](x) - A.\n- [b](y) - B.\n"


def test_both_append_at_one_place_base_lines_first() -> None:
    merged = merge_into(ANCESTOR, ANCESTOR + "- [c](z) - C.\n", ANCESTOR + "- [c](z) - See.\n")
    assert merged is not None
    assert merged.text == ANCESTOR + "- [c](z) - C.\n- [c](z) - See.\n"
    assert merged.pr_lines == (1, 2, 3, 4, 5, 6, None, 7)
    assert (merged.pr_line(8), merged.pr_line(7)) == (7, None)


def test_a_base_change_elsewhere_is_replayed() -> None:
    base_now = ANCESTOR.replace("- [a](x) - A.", "- [a](x2) - A.")
    merged = merge_into(ANCESTOR, base_now, ANCESTOR + "- [c](z) - C.\n")
    assert merged is not None
    assert merged.text == base_now + "- [c](z) - C.\n"
    assert merged.pr_lines == (1, 2, 3, 4, None, 6, 7)


def test_both_changed_one_line_keeps_the_prs() -> None:
    pr = ANCESTOR.replace("B.", "Bee.")
    merged = merge_into(ANCESTOR, ANCESTOR.replace("B.", "Beta."), pr)
    assert merged is not None and merged.text == pr


def test_a_line_without_newline_does_not_run_into_the_next() -> None:
    merged = merge_into("a\nb", "a\nb\nc", "z\na\nb")
    assert merged is not None and merged.text == "z\na\nb\nc\n"


def test_hostile_input_is_bounded() -> None:
    same = "|---|\n" * 200_000
    started = time.perf_counter()
    assert merge_into(same, "a\n" + same + "b\n", "c\n" + same + "d\n") is None
    assert merge_into(same, same + "x\n", "y\n" + same) is not None
    assert time.perf_counter() - started < 5
