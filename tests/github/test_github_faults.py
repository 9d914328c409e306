"""GitHub misbehaving (injected by the fake): each ends posted after retries, or in a specific,
retryable error for the job runner — never a crash, never a silent loss."""

from __future__ import annotations

import dataclasses
import time

import pytest

from bot.github import FAST_OPTIONS, GitHubUnavailable, RateLimited
from bot.github.auth import GatewayFactory
from bot.github.checkrun import post_failure
from bot.github.errors import Unauthorized
from bot.pipeline import OutcomeKind
from tests.fakes.fixtures import GitHubWorld, make_rsa_key
from tests.fakes.scenario import DUPLICATE_ENTRY, SMALL_LIST, PullUnderTest, open_pull, with_entry

PULL = "GET /repos/{owner}/{repo}/pulls/{number}"
FILES = "GET /repos/{owner}/{repo}/pulls/{number}/files"
CONTENTS = "GET /repos/{owner}/{repo}/contents/{path}"
COMMENT = "POST /repos/{owner}/{repo}/issues/{number}/comments"
CHECK = "POST /repos/{owner}/{repo}/check-runs"


def _pr(world: GitHubWorld) -> PullUnderTest:
    head = with_entry(SMALL_LIST, "- [TGI]", DUPLICATE_ENTRY)
    return open_pull(world, {"README.md": SMALL_LIST}, {"README.md": head})


def _posted(pr: PullUnderTest) -> None:
    assert len(pr.comments()) == 1
    [run] = pr.check_runs()
    assert run["conclusion"] == "failure"


@pytest.mark.parametrize("status", [500, 502, 503])
@pytest.mark.parametrize("route", [PULL, FILES, CONTENTS, COMMENT, CHECK])
def test_server_errors_are_retried(github_world: GitHubWorld, route: str, status: int) -> None:
    github_world.fake.fail(route, status=status, times=2)
    pr = _pr(github_world)

    assert pr.review().kind is OutcomeKind.POSTED

    _posted(pr)


def test_secondary_rate_limit_with_retry_after_is_waited_out(github_world: GitHubWorld) -> None:
    github_world.fake.fail(COMMENT, rate_limit="secondary", retry_after=1)
    pr = _pr(github_world)

    started = time.monotonic()
    pr.review()

    assert time.monotonic() - started >= 1.0  # Retry-After was obeyed
    _posted(pr)


def test_429_is_retried(github_world: GitHubWorld) -> None:
    github_world.fake.fail(FILES, status=429, retry_after=0, times=2)
    pr = _pr(github_world)

    pr.review()

    _posted(pr)
    assert github_world.fake.calls[FILES] == 3


def test_primary_rate_limit_waits_for_the_reset(github_world: GitHubWorld) -> None:
    github_world.fake.fail(PULL, rate_limit="primary", reset_in=1)
    pr = _pr(github_world)

    pr.review()

    _posted(pr)


def test_primary_rate_limit_resetting_later_is_raised_for_the_queue(
    github_world: GitHubWorld,
) -> None:
    github_world.fake.fail(PULL, rate_limit="primary", reset_in=600)
    pr = _pr(github_world)

    with pytest.raises(RateLimited) as caught:
        pr.review()

    assert caught.value.retryable
    assert caught.value.retry_after is not None and caught.value.retry_after > 500
    assert pr.comments() == []


def test_a_slow_answer_times_out_and_is_retried(github_world: GitHubWorld) -> None:
    github_world.fake.fail(CONTENTS, delay=1.5, times=1)
    pr = _pr(github_world)

    pr.review(options=dataclasses.replace(FAST_OPTIONS, timeout=1))

    _posted(pr)


def test_truncated_json_is_a_retryable_error_then_a_rerun_posts(github_world: GitHubWorld) -> None:
    github_world.fake.fail(PULL, truncate=True, times=1)
    pr = _pr(github_world)

    with pytest.raises(GitHubUnavailable) as caught:
        pr.review()
    assert "malformed JSON" in str(caught.value)
    assert pr.comments() == []

    pr.review()  # the job runner's retry
    _posted(pr)


def test_errors_outlasting_the_retries_raise_github_unavailable(github_world: GitHubWorld) -> None:
    github_world.fake.fail(COMMENT, status=502, times=-1)
    pr = _pr(github_world)

    with pytest.raises(GitHubUnavailable) as caught:
        pr.review()

    assert caught.value.retryable
    assert github_world.fake.calls[COMMENT] == FAST_OPTIONS.retries + 1


def test_giving_up_leaves_a_neutral_check_run(github_world: GitHubWorld) -> None:
    pr = _pr(github_world)
    gateway = GatewayFactory(github_world.settings, FAST_OPTIONS).for_installation(77)

    post_failure(gateway, "octo/awesome", pr.head_sha, "GitHub kept answering 502")

    [run] = pr.check_runs()
    assert run["conclusion"] == "neutral"
    summary = str(run["output"]["summary"])  # type: ignore[index]
    assert "GitHub kept answering 502" in summary and "/recheck" in summary


def test_an_app_key_github_does_not_know_is_unauthorized(github_world: GitHubWorld) -> None:
    other_key = make_rsa_key()
    settings = dataclasses.replace(github_world.settings, app_private_key=other_key.private_pem)

    with pytest.raises(Unauthorized):
        GatewayFactory(settings, FAST_OPTIONS).for_installation(77)


def test_installation_tokens_are_cached_per_installation(github_world: GitHubWorld) -> None:
    factory = GatewayFactory(github_world.settings, FAST_OPTIONS)
    gateways = [factory.for_installation(77) for _ in range(3)]

    assert all(g.login == "awesome-review[bot]" for g in gateways)
    assert github_world.fake.apps[4242].tokens_issued == 1
    assert github_world.fake.calls["GET /app"] == 1  # the login is looked up once too


def test_a_private_key_that_is_not_pem_is_unauthorized(github_world: GitHubWorld) -> None:
    settings = dataclasses.replace(github_world.settings, app_private_key="not a key")

    with pytest.raises(Unauthorized, match="GITHUB_APP_PRIVATE_KEY cannot sign"):
        GatewayFactory(settings, FAST_OPTIONS).for_installation(77)


def test_a_plain_tokens_login_comes_from_get_user(github_world: GitHubWorld) -> None:
    token = github_world.fake.add_token(login="list-maintainer")
    settings = dataclasses.replace(github_world.settings, app_id=None, github_token=token)

    gateway = GatewayFactory(settings, FAST_OPTIONS).for_installation(None)

    assert gateway.login == "list-maintainer"
    assert github_world.fake.calls["GET /user"] == 1
