"""`awesome-review check --fix`: on audits of six real lists it leaves no fixable finding
behind and changes no line a fixable finding did not point at."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine import review_texts
from bot.fix import fixable
from tests.conftest import LISTS

REAL_LISTS = sorted(LISTS.glob("*.md"))


def changed_lines(before: list[str], after: list[str]) -> set[int]:
    """1-based lines of `before` (endings included) that `after` replaced or removed."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    changed: set[int] = set()
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            changed.update(range(i1 + 1, i2 + 1))
    return changed


@pytest.mark.parametrize("source", REAL_LISTS, ids=lambda p: p.stem)
def test_fix_leaves_nothing_fixable_and_changes_nothing_else(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / source.name
    shutil.copyfile(source, path)
    original = source.read_text(encoding="utf-8")
    pointed = {n for f in review_texts(original).findings if fixable(f)
               for n in range(f.line, f.last_line + 1)}  # fmt: skip
    status = main(["check", "--fix", str(path)])
    fixed = path.read_bytes().decode("utf-8")
    after = review_texts(fixed)
    assert [(f.rule, f.line) for f in after.findings if fixable(f)] == []
    changed = changed_lines(original.splitlines(keepends=True), fixed.splitlines(keepends=True))
    assert changed and changed <= pointed
    assert len(fixed.splitlines()) == len(original.splitlines())  # replacements, line for line
    printed = capsys.readouterr().out
    assert printed.startswith(f"{path}: fixed ") and "\n  - " in printed and "\n  + " in printed
    assert status == (1 if after.failed else 0)  # as the re-check, which is what it printed


def test_fix_keeps_crlf_and_the_byte_order_mark_and_prints_the_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "# Awesome Things [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\r\n\r\n"
        "## Tools\r\n\r\n"
        "- [Alpha](https://alpha.example.org) - Does alpha things.\r\n"
        "- [Beta](https://beta.example.org) - Does beta things.\r\n"
        "- [Gamma](https://gamma.example.org) - Does gamma things.\r\n"
        "- [Delta](https://delta.example.org) - does delta things"
    )
    path = tmp_path / "README.md"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert main(["check", "--fix", str(path)]) == 0
    written = path.read_bytes()
    assert (
        written
        == b"\xef\xbb\xbf" + text.replace("does delta things", "Does delta things.").encode()
    )
    out = capsys.readouterr().out
    assert f"{path}: fixed 1 place (F114, F115):\n{path}:8: F114, F115\n" in out
    assert "  + - [Delta](https://delta.example.org) - Does delta things.\n" in out
    assert out.rstrip().endswith("0 errors, 0 warnings, 0 notices")


def test_fix_with_a_base_fixes_only_what_the_change_added(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = "# Awesome X\n\n## Tools\n\n" + "".join(
        f"- [{n}](https://{n.lower()}.example.org) - Does {n.lower()} things.\n"
        for n in ("Alpha", "Beta", "Gamma")
    )
    (tmp_path / "base.md").write_text(base)
    head = base + "- [Delta](https://delta.example.org) - does delta things\n"
    (tmp_path / "README.md").write_text(head)
    status = main(["check", "--fix", "--base", str(tmp_path / "base.md"),
                   str(tmp_path / "README.md")])  # fmt: skip
    assert (tmp_path / "README.md").read_text() == base + (
        "- [Delta](https://delta.example.org) - Does delta things.\n"
    )
    assert status == 0 and "1 entry added or changed: 0 errors" in capsys.readouterr().out


def test_nothing_to_fix_leaves_the_file_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "README.md"
    badge = "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)"
    path.write_text(f"# Awesome X {badge}\n\n## Tools\n\n- [A](https://a.example.org) - Does a.\n")
    before = path.stat().st_mtime_ns
    main(["check", "--fix", "--format", "json", str(path)])
    assert path.stat().st_mtime_ns == before
    captured = capsys.readouterr()
    assert captured.err.startswith(f"{path}: nothing to fix")
    assert captured.out.lstrip().startswith("{")  # JSON stays JSON
