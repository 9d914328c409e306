"""All 113 real commits of awesome-ai-system replayed as pull requests: nothing crashes, and
every error is one the per-check tests name as a real defect (tests/checks/test_*.py)."""

from __future__ import annotations

from collections import Counter

from bot.model import Severity
from tests.conftest import ReplayedCommit


def test_no_check_crashes_and_every_finding_is_on_a_real_line(
    replayed_commits: list[ReplayedCommit],
) -> None:
    assert len(replayed_commits) == 113
    for commit in replayed_commits:
        lines = len(commit.review.head.lines)
        for finding in commit.review.findings:
            assert finding.check != "internal", (commit.sha, finding.message)
            assert 1 <= finding.line <= finding.last_line <= lines, (commit.sha, finding)


def test_errors_fall_on_few_commits(replayed_commits: list[ReplayedCommit]) -> None:
    """A real list's own commits are mostly fine: errors on at most a quarter of them."""
    with_errors = Counter(
        commit.sha
        for commit in replayed_commits
        for finding in commit.review.findings
        if finding.severity is Severity.ERROR
    )
    assert len(with_errors) <= len(replayed_commits) // 4, with_errors
