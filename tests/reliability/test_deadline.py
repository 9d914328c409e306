"""Every review has a deadline: past it, the review posts what it has, with a finding that
says which checks were stopped and why, and the check run is `neutral`, never `success`."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from bot.checks.internal import STOPPED
from bot.deadline import Deadline
from bot.engine import review_texts
from bot.github import GatewayFactory
from bot.github.auth import FAST_OPTIONS
from bot.pipeline import OutcomeKind, review_pull_request
from tests.fakes.fixtures import GitHubWorld
from tests.fakes.scenario import GOOD_ENTRY, SMALL_LIST, open_pull, with_entry

BASE = "# Awesome\n\n## Tools\n\n- [Alpha](https://alpha.example/) - First tool.\n"
DUPLICATE = BASE + "- [Alpha](https://alpha.example/) - First tool, again.\n"


def test_a_review_past_its_deadline_says_which_checks_it_stopped() -> None:
    review = review_texts(DUPLICATE, BASE, deadline=Deadline(0.0))

    [stopped] = review.findings
    assert stopped.rule == STOPPED.code and stopped.severity.value == "warning"
    assert "stopped" in stopped.message and "time limit of 0 s" in stopped.message
    for check in ("format", "placement", "duplicate", "link"):
        assert check in stopped.message
    assert review.stopped and not review.failed  # the duplicate was not judged: not claimed


def test_a_review_within_its_deadline_is_whole() -> None:
    review = review_texts(DUPLICATE, BASE, deadline=Deadline(60.0))

    assert not review.stopped
    assert "D301" in {f.rule for f in review.findings}


def test_the_app_posts_a_stopped_review_with_a_neutral_check_run(github_world: GitHubWorld) -> None:
    head = with_entry(SMALL_LIST, "- [TGI]", GOOD_ENTRY)
    pr = open_pull(github_world, {"README.md": SMALL_LIST}, {"README.md": head})
    settings = replace(github_world.settings, review_seconds=1e-9)
    gateway = GatewayFactory(settings, FAST_OPTIONS).for_installation(github_world.installation_id)

    outcome = review_pull_request(pr.job(), gateway, None, settings)

    assert outcome.kind is OutcomeKind.POSTED and outcome.conclusion == "neutral"
    [run] = pr.check_runs()
    assert run["conclusion"] == "neutral"
    [comment] = pr.comments()
    assert "this review was stopped" in str(comment["body"])


def test_the_cli_reports_a_stopped_review(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(DUPLICATE)
    (tmp_path / "base.md").write_text(BASE)

    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "check", "README.md", "--base", "base.md",
         "--deadline", "0.000001"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )

    assert done.returncode == 0, done.stderr
    assert "X002" in done.stdout and "this review was stopped" in done.stdout
