"""A stale worker cannot publish twice: the embedded server is SIGKILLed while its sticky
comment POST, its check run POST or its review POST is in flight, and that POST lands at
GitHub *after* the rerun has begun. The PR must still end with exactly one sticky comment,
one inline review and one verdict: GitHub cannot delete a check run, so every other run of
ours on the commit says it was superseded, and the latest (the one GitHub shows) is ours."""

from __future__ import annotations

import re
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from e2e.conftest import LinkFarm, list_text, start_server, stop_server, wait_for

from bot.github import GatewayFactory
from bot.github.auth import FAST_OPTIONS
from bot.pipeline import OutcomeKind
from bot.report.templates import STICKY_MARKER, SUPERSEDED_TITLE
from tests.fakes.fixtures import APP_LOGIN, GitHubWorld, install_app, make_rsa_key
from tests.fakes.github_api import FakeGitHub
from tests.fakes.scenario import (
    DUPLICATE_ENTRY,
    GOOD_ENTRY,
    SMALL_LIST,
    PullUnderTest,
    open_pull,
    with_entry,
)

QUICK = {"AWESOME_REVIEW_LEASE_SECONDS": "2", "AWESOME_REVIEW_SWEEP_SECONDS": "1"}
COMMENT = "POST /repos/{owner}/{repo}/issues/{number}/comments"
REVIEW = "POST /repos/{owner}/{repo}/pulls/{number}/reviews"
CHECK = "POST /repos/{owner}/{repo}/check-runs"
FINGERPRINT = re.compile(r"<!-- awesome-review:fp=([0-9a-f]+) -->")
IN_FLIGHT = 6.0  # seconds GitHub takes to apply the dead worker's POST
# A duplicate entry: the review has a finding, so it posts an inline review too.
DUPLICATE = "- [Alpha]({url}) - First tool, again.\n"


def pull_adding_a_duplicate(world: GitHubWorld) -> tuple[PullUnderTest, Any]:
    """A PR whose review has a finding (so it posts an inline review too), and a gateway."""
    head = with_entry(SMALL_LIST, "- [TGI]", DUPLICATE_ENTRY)
    pr = open_pull(world, {"README.md": SMALL_LIST}, {"README.md": head})
    return pr, GatewayFactory(world.settings, FAST_OPTIONS).for_installation(77)


def assert_one_verdict(runs: list[dict[str, Any]]) -> None:
    """One check run that is not superseded, and it is the latest (what GitHub shows)."""
    live = [r for r in runs if r["output"].get("title") != SUPERSEDED_TITLE]
    assert len(live) == 1, [(r["id"], r["conclusion"], r["output"].get("title")) for r in runs]
    assert live[0]["id"] == max(r["id"] for r in runs)
    assert all(r["conclusion"] == "neutral" for r in runs if r is not live[0])


@pytest.mark.parametrize("route", [COMMENT, CHECK, REVIEW])
def test_a_post_landing_after_the_rerun_started_is_published_once(
    farm: LinkFarm, fake_github: FakeGitHub, tmp_path: Path, route: str
) -> None:
    fake = fake_github
    world = install_app(fake, make_rsa_key())
    server = start_server(world, farm, tmp_path, **QUICK)
    fake.fail(route, delay=IN_FLIGHT, times=1)  # the POST is received, applied later
    number, base, head = server.open_pull({"README.md": list_text(farm, DUPLICATE.format(url=farm.url(1)))})
    assert server.post("pull_request", server.pr_event("opened", number, base, head)).status_code == 202
    wait_for(lambda: fake.calls[route] >= 1, 15, f"the {route}")
    killed_at = time.monotonic()
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(5)
    again = start_server(world, farm, tmp_path, **QUICK)  # same queue and store files
    try:
        wait_for(lambda: [r for r in again.check_runs(head) if r.get("conclusion")], 60,
                 "the rerun's check run")
        # Wait until the dead worker's POST has certainly landed, and the rerun is finished.
        time.sleep(max(0.0, killed_at + IN_FLIGHT + 3 - time.monotonic()))
        wait_for(lambda: "reviewed at" in again.log_text(), 30, "the rerun to finish")
        assert len(server.sticky(number)) == 1, [c["id"] for c in server.sticky(number)]
        assert_one_verdict(again.check_runs(head))
        assert len(fake.reviews_of(world.repo, number)) == 1
        marks = [FINGERPRINT.search(c["body"]) for c in fake.review_comments_of(world.repo, number)]
        fingerprints = [m.group(1) for m in marks if m]
        assert fingerprints and len(fingerprints) == len(set(fingerprints))  # none twice
    finally:
        stop_server(again)


class LateCopy:
    """A gateway under which a dead worker's copy of our comment lands mid-publish."""

    def __init__(self, gateway: Any, number: int) -> None:
        self.gateway = gateway
        self.number = number

    def __getattr__(self, name: str) -> Any:
        return getattr(self.gateway, name)

    def create_check_run(self, repo: str, sha: str, *args: Any, **kwargs: Any) -> Any:
        self.gateway.create_comment(repo, self.number, f"{STICKY_MARKER}\nthe dead worker's copy")
        return self.gateway.create_check_run(repo, sha, *args, **kwargs)


def test_a_copy_landing_while_publishing_is_folded_into_one(github_world: GitHubWorld) -> None:
    head = SMALL_LIST + GOOD_ENTRY + "\n"
    pr = open_pull(github_world, {"README.md": SMALL_LIST}, {"README.md": head})
    gateway = GatewayFactory(github_world.settings, FAST_OPTIONS).for_installation(77)
    pr.review(gateway=LateCopy(gateway, pr.number))
    ours = [c for c in pr.comments() if c["login"] == APP_LOGIN]
    assert len(ours) == 1 and "no problems found" in str(ours[0]["body"])


class LateCheckRun(LateCopy):
    """A gateway under which a dead worker's check run lands just after ours."""

    landed = False

    def create_check_run(self, repo: str, sha: str, *args: Any, **kwargs: Any) -> Any:
        ours = self.gateway.create_check_run(repo, sha, *args, **kwargs)
        if not self.landed:
            self.landed = True
            self.gateway.create_check_run(repo, sha, *args, **kwargs)
        return ours


def test_a_check_run_landing_after_ours_leaves_ours_the_one_shown(
    github_world: GitHubWorld,
) -> None:
    pr, gateway = pull_adding_a_duplicate(github_world)
    pr.review(gateway=LateCheckRun(gateway, pr.number))
    runs = pr.check_runs()
    assert len(runs) == 3  # ours, the late copy, ours again
    assert_one_verdict(runs)
    assert runs[-1]["conclusion"] == "failure" and len(runs[-1]["annotations"]) >= 1


def test_a_recheck_on_the_same_commit_supersedes_the_earlier_run(
    github_world: GitHubWorld,
) -> None:
    head = SMALL_LIST + GOOD_ENTRY + "\n"
    pr = open_pull(github_world, {"README.md": SMALL_LIST}, {"README.md": head})
    pr.review()
    pr.review()
    runs = pr.check_runs()
    assert len(runs) == 2
    assert_one_verdict(runs)
    assert runs[-1]["conclusion"] == "success"


class LateReview:
    """A gateway under which a dead worker's copy of our review lands while we publish:
    `before` ours (after we listed what was posted) or just `after` ours."""

    def __init__(self, gateway: Any, when: str) -> None:
        self.gateway = gateway
        self.when = when
        self.copy_id: int | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.gateway, name)

    def create_review(self, *args: Any, **kwargs: Any) -> int:
        if self.when == "before":
            self.copy_id = self.gateway.create_review(*args, **kwargs)
        ours = int(self.gateway.create_review(*args, **kwargs))
        if self.when == "after":
            self.copy_id = self.gateway.create_review(*args, **kwargs)
        return ours


def live_reviews(pr: PullUnderTest) -> list[dict[str, Any]]:
    """Reviews that still say something: inline comments, or a body not superseded."""
    holding = {c["review_id"] for c in pr.review_comments()}
    return [r for r in pr.reviews() if r["id"] in holding or "Superseded" not in r["body"]]


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_review_copy_landing_while_publishing_is_folded_into_ours(
    github_world: GitHubWorld, when: str
) -> None:
    pr, gateway = pull_adding_a_duplicate(github_world)
    late = LateReview(gateway, when)
    outcome = pr.review(gateway=late)
    assert outcome.kind is OutcomeKind.POSTED
    assert len(pr.reviews()) == 2  # a submitted review cannot be deleted
    [live] = live_reviews(pr)
    assert live["id"] != late.copy_id  # ours, from this run, is the one that counts
    [copy] = [r for r in pr.reviews() if r["id"] == late.copy_id]
    assert f"#pullrequestreview-{live['id']}" in copy["body"]
    marks = [FINGERPRINT.search(str(c["body"])) for c in pr.review_comments()]
    assert len(marks) == 1 and marks[0]
    assert {c["review_id"] for c in pr.review_comments()} == {live["id"]}


def test_folding_a_copy_leaves_the_review_of_an_earlier_head_as_it_was(
    github_world: GitHubWorld,
) -> None:
    first = with_entry(SMALL_LIST, "- [TGI]", DUPLICATE_ENTRY)
    pr = open_pull(github_world, {"README.md": SMALL_LIST}, {"README.md": first})
    pr.review()
    [earlier] = pr.reviews()
    again = "- [DeepSpeed](https://github.com/microsoft/DeepSpeed) - Optimisation, again."
    pr.push({"README.md": with_entry(first, "- [Megatron-LM]", again)})
    gateway = GatewayFactory(github_world.settings, FAST_OPTIONS).for_installation(77)
    late = LateReview(gateway, "after")
    pr.review(gateway=late)
    live = {r["id"] for r in live_reviews(pr)}
    # The earlier head's note stays where it was (GitHub shows it outdated); ours for this
    # head is the other live review, and the copy holds nothing.
    assert len(live) == 2 and earlier["id"] in live and late.copy_id not in live
    assert {c["review_id"] for c in pr.review_comments()} == live
    assert [r["body"] for r in pr.reviews() if r["id"] == earlier["id"]] == [earlier["body"]]


class RecordedReview(LateReview):
    """A gateway that keeps what our review POST sent, to land a copy of it later."""

    def __init__(self, gateway: Any) -> None:
        super().__init__(gateway, "never")
        self.sent: tuple[Any, ...] = ()

    def create_review(self, *args: Any, **kwargs: Any) -> int:
        self.sent = args
        return int(self.gateway.create_review(*args, **kwargs))


def test_a_review_copy_landing_after_the_run_is_folded_by_the_next_run(
    github_world: GitHubWorld,
) -> None:
    pr, gateway = pull_adding_a_duplicate(github_world)
    recorded = RecordedReview(gateway)
    pr.review(gateway=recorded)
    [first] = pr.reviews()
    late_copy = gateway.create_review(*recorded.sent)  # the dead worker's POST, applied late
    assert len(live_reviews(pr)) == 2
    pr.review()  # the next run on this head: a /recheck, or the sweep's rerun
    [live] = live_reviews(pr)
    assert live["id"] == first["id"]
    [copy] = [r for r in pr.reviews() if r["id"] == late_copy]
    assert f"#pullrequestreview-{first['id']}" in copy["body"]
    assert {c["review_id"] for c in pr.review_comments()} == {first["id"]}
