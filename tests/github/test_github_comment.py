"""The sticky comment, check-run output and inline comments, rendered from findings."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.commands import COMMANDS
from bot.engine import Review, review_texts
from bot.model import Finding, Severity
from bot.report.comment import (
    MAX_COMMENT,
    FileProblem,
    FileReport,
    PreviousState,
    PullRequestReport,
    check_output,
    conclusion,
    inline_body,
    previous_state,
    render_comment,
)
from bot.report.templates import STICKY_MARKER, help_reply, refusal_reply
from tests.fakes.scenario import DUPLICATE_ENTRY, SMALL_LIST, with_entry

SHA = "0123456789abcdef0123456789abcdef01234567"
HEAD = with_entry(SMALL_LIST, "- [TGI]", DUPLICATE_ENTRY)


def _review(findings: tuple[Finding, ...] = ()) -> Review:
    review = review_texts(HEAD, SMALL_LIST)
    return replace(review, findings=findings)


def _report(*files: FileReport, **kwargs: object) -> PullRequestReport:
    defaults: dict[str, object] = {
        "repo": "octo/awesome",
        "head_sha": SHA,
        "repo_html_url": "https://github.com/octo/awesome",
        "base_ref": "main",
        "list_paths": ("README.md",),
        "files": files,
        "app_login": "awesome-review[bot]",
        "links_checked": True,
    }
    return PullRequestReport(**{**defaults, **kwargs})  # type: ignore[arg-type]


def _finding(rule: str, check: str, severity: Severity, line: int, **kwargs: object) -> Finding:
    return Finding(
        check=check, rule=rule, severity=severity, line=line, message=f"{rule} says so", **kwargs
    )  # type: ignore[arg-type]


def test_summary_table_counts_per_check() -> None:
    findings = (
        _finding("D301", "duplicate", Severity.ERROR, 15, entry_line=15),
        _finding("F107", "format", Severity.NOTICE, 15, entry_line=15),
        _finding("F107", "format", Severity.NOTICE, 9, entry_line=9),
    )
    body = render_comment(_report(FileReport("README.md", _review(findings))))

    assert "### ❌ awesome-review: 1 error, 2 notices" in body
    assert "| ℹ️ Format | 0 | 0 | 2 |" in body
    assert "| ✅ Placement | 0 | 0 | 0 |" in body
    assert "| ❌ Duplicates | 1 | 0 | 0 |" in body
    assert "| ✅ Links | 0 | 0 | 0 |" in body


def test_findings_are_grouped_per_entry_with_line_and_rule_links() -> None:
    findings = (
        _finding("D301", "duplicate", Severity.ERROR, 15, entry_line=15),
        _finding("F107", "format", Severity.NOTICE, 15, entry_line=15, suggestion="- [vLLM](u)"),
    )
    body = render_comment(_report(FileReport("README.md", _review(findings))))

    groups = re.findall(r"^\*\*\[Line (\d+)\]\((\S+)\)\*\* · (.+)$", body, re.M)
    assert groups == [
        ("15", f"https://github.com/octo/awesome/blob/{SHA}/README.md#L15", "vLLM — _Serving_")
    ]
    assert (
        "(https://github.com/awesome-review/awesome-review/blob/main/docs/rules.md#d301-duplicate-entry)"
        in body
    )
    assert "```markdown\n  - [vLLM](u)\n  ```" in body


def test_state_marker_round_trips_and_drives_everything_fixed() -> None:
    dirty = render_comment(
        _report(
            FileReport("README.md", _review((_finding("D301", "duplicate", Severity.ERROR, 15),)))
        )
    )
    previous = previous_state(dirty)
    assert previous == PreviousState(1, 0, 0)

    clean = render_comment(_report(FileReport("README.md", _review())), previous)

    assert "everything fixed" in clean
    assert "the problem of the earlier review is gone" in clean
    assert "no problems found" in render_comment(_report(FileReport("README.md", _review())))


def test_not_touching_and_problems_render() -> None:
    gone = render_comment(_report(), PreviousState(2, 0, 0))
    deleted = render_comment(
        _report(FileReport("README.md", problem=FileProblem("This PR deletes `README.md`.")))
    )

    assert "This PR no longer changes `README.md` — nothing to review." in gone
    assert "| Check |" not in gone
    assert "⚠️ This PR deletes `README.md`." in deleted
    assert conclusion(_report(FileReport("README.md", problem=FileProblem("x")))) == "neutral"


def test_long_lists_fold_and_stay_under_githubs_limit() -> None:
    rows = "\n".join(f"- [Tool {i}](https://e.org/{i}) - Tool." for i in range(3000))
    text = f"# A\n\n## Tools\n\n{rows}\n"
    review = review_texts(text)
    long_message = "x" * 400
    findings = tuple(
        Finding(
            "format",
            "F107",
            Severity.WARNING,
            entry.line,
            long_message,
            suggestion=entry.raw,
            entry_line=entry.line,
        )
        for entry in review.head.entries
    )
    body = render_comment(_report(FileReport("README.md", replace(review, findings=findings))))

    assert len(body) <= MAX_COMMENT
    assert "<details><summary>" in body and body.count("</details>") >= 1
    assert "not shown: a GitHub comment holds at most" in body
    assert body.rstrip().endswith("</sub>")  # the footer survives the cut


def test_quoted_text_cannot_ping_or_forge_markers() -> None:
    finding = Finding(
        "format", "F101", Severity.ERROR, 15, f"entry by @octocat {STICKY_MARKER}", entry_line=15
    )
    body = render_comment(_report(FileReport("README.md", _review((finding,)))))

    assert "@octocat" not in body and "@\u200boctocat" in body
    assert body.count(STICKY_MARKER) == 1


def test_suggestion_fence_outgrows_backticks_inside() -> None:
    finding = Finding(
        "format", "F101", Severity.ERROR, 15, "m", suggestion="- [x](u) - uses ``` fences"
    )

    body = inline_body(finding, "abc123")

    assert "````suggestion\n- [x](u) - uses ``` fences\n````" in body
    assert body.endswith("<!-- awesome-review:fp=abc123 -->")


def test_check_output_and_conclusions() -> None:
    warning = _finding("F107", "format", Severity.WARNING, 15)
    error = _finding("D301", "duplicate", Severity.ERROR, 15)
    report = _report(FileReport("README.md", _review((warning,))))

    assert conclusion(report) == "neutral"
    assert conclusion(_report(FileReport("README.md", _review((warning, error))))) == "failure"
    assert conclusion(_report(FileReport("README.md", _review()))) == "success"
    output = check_output(report, "https://github.com/octo/awesome/pull/1#issuecomment-9")
    assert output["title"] == "1 warning"
    assert (
        "[the review comment](https://github.com/octo/awesome/pull/1#issuecomment-9)"
        in output["summary"]
    )


def test_links_row_says_when_links_were_not_checked() -> None:
    body = render_comment(_report(FileReport("README.md", _review()), links_checked=False))

    assert "| ⏭️ Links | not checked | | |" in body


def test_command_replies() -> None:
    rows = [(c.usage, c.help, c.mention) for c in COMMANDS]
    help_text = help_reply("awesome-review[bot]", ("README.md",), "https://docs.example/rules.md", rows)
    refusal = refusal_reply("mallory", "/recheck", "octo/awesome")

    for command in ("/recheck", "/recheck links", "/help", "@awesome-review recheck"):
        assert f"`{command}`" in help_text
    assert "write, maintain or admin" in refusal and "@mallory" in refusal


def test_a_move_is_told_in_words_not_as_a_suggestion_in_place() -> None:
    move = _finding("O701", "order", Severity.WARNING, 15, entry_line=15, move_after=12,
                    suggestion="- [vLLM](u) - moved.")  # fmt: skip
    body = render_comment(_report(FileReport("README.md", _review((move,)))))
    assert "O701 says so" in body and "Suggested change" not in body
    assert "```suggestion" not in inline_body(move, "f" * 20)
