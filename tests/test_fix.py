"""The fix engine: every fixable finding applied, re-checked to a fixed point, nothing else
touched (line endings and the final newline included)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.engine import review_texts
from bot.fix import fix_text
from bot.model import Finding, Severity

LIST = (
    "# Awesome Things [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\n"
    "## Tools\n\n"
    "- [Alpha](https://alpha.example.org) - Does alpha things.\n"
    "- [Beta](https://beta.example.org) - Does beta things.\n"
    "- [Gamma](https://gamma.example.org) - Does gamma things.\n"
    "- [Delta](https://delta.example.org) - does delta things\n"
)


def review(text: str) -> Sequence[Finding]:
    return review_texts(text).findings


def finding(line: int, suggestion: str | None = None, *, end: int | None = None,
            after: int | None = None, rule: str = "T001") -> Finding:  # fmt: skip
    return Finding("test", rule, Severity.WARNING, line, "test", suggestion, end_line=end,
                   move_after=after)  # fmt: skip


def test_two_fixes_of_one_line_end_as_one_new_line() -> None:
    before = {f.rule for f in review(LIST) if f.line == 8 and f.suggestion is not None}
    assert {"F114", "F115"} <= before  # both suggest a new line 8: they cannot both apply
    fixed = fix_text(LIST, review)
    assert fixed.text == LIST.replace("does delta things\n", "Does delta things.\n")
    assert fixed.rounds == 2 and fixed.left == ()
    [hunk] = fixed.hunks()
    assert (hunk.first, hunk.rules) == (8, ("F114", "F115"))
    assert hunk.new == ("- [Delta](https://delta.example.org) - Does delta things.",)


def test_a_list_without_fixes_is_left_alone() -> None:
    clean = LIST.replace("does delta things", "Does delta things.")
    fixed = fix_text(clean, review)
    assert (fixed.changed, fixed.rounds, fixed.hunks()) == (False, 0, [])


def test_line_endings_and_a_missing_final_newline_are_kept() -> None:
    text = LIST.replace("\n", "\r\n").rstrip("\r\n")
    fixed = fix_text(text, review)
    assert fixed.text == text.replace("does delta things", "Does delta things.")
    assert fixed.text.count("\r\n") == text.count("\r\n") and not fixed.text.endswith("\n")


# --------------------------------------------------------------------------- moves


def out_of_order(text: str) -> list[Finding]:
    """A tiny order rule: the first bullet sorting before its predecessor belongs right
    after the last bullet that sorts before it (0: at the top)."""
    lines = text.splitlines()
    for index in range(1, len(lines)):
        if lines[index] < lines[index - 1]:
            after = max((i + 1 for i in range(index) if lines[i] < lines[index]), default=0)
            return [finding(index + 1, after=after, rule="O001")]
    return []


def test_moves_repeat_until_the_list_is_sorted() -> None:
    fixed = fix_text("- d\n- b\n- a\n- c\n", out_of_order)
    assert fixed.text == "- a\n- b\n- c\n- d\n"
    assert fixed.left == () and fixed.rounds == 3
    assert {(h.first, h.moved) for h in fixed.hunks()} == {(2, True), (3, True), (4, True)}


def test_a_move_carries_its_lines_suggestion_and_settles_the_last_line() -> None:
    def rule(text: str) -> list[Finding]:
        return [finding(3, "- A", after=0)] if text.startswith("- c") else []

    fixed = fix_text("- c\n- b\n- a", rule)  # the last line, without a newline, moves up
    assert fixed.text == "- A\n- c\n- b"
    assert fixed.replacement(3, 3) is None  # a suggestion cannot say "move"


def test_moves_and_replacements_apply_together_when_apart() -> None:
    text = "x\n- b\n- a\ny\n"
    fixes = [finding(3, after=1), finding(4, "Y"), finding(1, "X")]
    fixed = fix_text(text, lambda t: fixes if t == text else [])
    assert fixed.text == "X\n- a\n- b\nY\n" and fixed.rounds == 1


def test_fixes_of_overlapping_lines_wait_for_the_next_round() -> None:
    def rule(text: str) -> list[Finding]:
        first, second = text.splitlines()[:2]
        out = []
        if first != first.upper():  # a fix of two lines, changing the first
            out.append(finding(1, f"{first.upper()}\n{second}", end=2, rule="T1"))
        if "b" in second:
            out.append(finding(2, second.replace("b", "B", 1), rule="T2"))
        return out

    fixed = fix_text("a a\nb b\nc\n", rule)
    assert fixed.text == "A A\nB B\nc\n" and fixed.rounds == 3
    assert fixed.replacement(1, 2) == "A A\nB B"
    assert fixed.replacement(1, 1) is None  # the fix of lines 1-2 changed more than line 1
    assert fixed.replacement(3, 3) is None  # untouched


def test_fixes_that_undo_each_other_stop() -> None:
    def rule(text: str) -> list[Finding]:
        return [finding(1, "b" if text.startswith("a") else "a")]

    fixed = fix_text("a\n", rule)
    assert fixed.text == "b\n" and fixed.rounds == 1 and len(fixed.left) == 1


def test_an_empty_suggestion_removes_the_lines() -> None:
    fixed = fix_text("a\nb\nc\n", lambda t: [finding(2, "")] if "b" in t else [])
    assert fixed.text == "a\nc\n"
    assert [(h.first, h.new, h.rules) for h in fixed.hunks()] == [(2, (), ("T001",))]
    assert fixed.replacement(2, 2) == ""


def test_an_entrys_fixes_make_one_replacement_for_its_lines() -> None:
    text = "- [A](x)\n  sub a\n- [B](y)\n"

    def rule(t: str) -> list[Finding]:
        lines = t.splitlines()
        out = [finding(n, line + ".", rule=f"T{n}") for n, line in enumerate(lines, 1)
               if n < 3 and not line.endswith(".")]  # fmt: skip
        if not lines[0].startswith("* "):
            out.append(finding(1, "* " + lines[0][2:], rule="T9"))
        return out

    fixed = fix_text(text, rule)
    assert fixed.replacement(1, 2) == "* [A](x).\n  sub a."
    assert fixed.rules_in(1, 2) == ("T1", "T2", "T9")
    assert fixed.replacement(1, 1) == "* [A](x)."
    assert fixed.replacement(3, 3) is None


def test_missing_toc_lines_are_inserted_where_their_headings_are() -> None:
    text = (
        "# Awesome Widgets [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\n"
        "## Contents\n\n- [Editors](#editors)\n  - [Pens](#pens)\n"
        "- [Contributing](#contributing)\n\n## Editors\n\n- [Quill](https://q.example.org) - "
        "Rich text editor.\n\n### Pens\n\n- [Pen](https://p.example.org) - Pen editor.\n\n"
        "### Brushes\n\n- [Brush](https://b.example.org) - Brush editor.\n\n## Viewers\n\n"
        "- [Lens](https://l.example.org) - Fast viewer.\n\n## Contributing\n\nRead it first.\n"
    )
    told = [(f.line, f.fix_lines) for f in review(text) if f.rule == "P202"]
    assert told == [(17, (7, 7)), (21, (7, 7))]  # at their headings; both fixed before line 7
    fixed = fix_text(text, review)
    assert fixed.text == text.replace(
        "- [Contributing](#contributing)\n",
        "  - [Brushes](#brushes)\n- [Viewers](#viewers)\n- [Contributing](#contributing)\n",
    )
    assert not [f for f in fixed.findings if f.rule == "P202"]


def test_a_moved_entry_is_one_hunk() -> None:
    text = "- b\n  b2\n- a\n  a2\n"
    fixed = fix_text(text, lambda t: [finding(3, end=4, after=0)] if t == text else [])
    assert fixed.text == "- a\n  a2\n- b\n  b2\n"
    [hunk] = fixed.hunks()
    assert (hunk.first, hunk.last, hunk.new, hunk.moved, hunk.at) == (
        3, 4, ("- a", "  a2"), True, 1,
    )  # fmt: skip
