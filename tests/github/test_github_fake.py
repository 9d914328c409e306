"""The fake GitHub API answers like GitHub where the bot depends on it."""

from __future__ import annotations

import time

import jwt
import pytest
import requests
from github import Auth, Github, GithubException, GithubIntegration

from bot.engine import review_texts
from bot.github import FAST_OPTIONS, GatewayFactory, NotFound, Unprocessable
from bot.github.inline import post_review
from bot.github.types import InlineComment
from bot.model import Finding, Severity
from bot.report.comment import FileReport, PullRequestReport
from tests.fakes.fixtures import APP_ID, GitHubWorld, RsaKey
from tests.fakes.scenario import DUPLICATE_ENTRY, SMALL_LIST, open_pull, with_entry


def _client(world: GitHubWorld, key: RsaKey) -> Github:
    auth = Auth.AppAuth(str(APP_ID), key.private_pem).get_installation_auth(world.installation_id)
    return Github(auth=auth, base_url=world.fake.url, retry=None, seconds_between_writes=None)


def test_pygithub_parses_every_body(github_world: GitHubWorld, rsa_key: RsaKey) -> None:
    pr = open_pull(
        github_world,
        {"README.md": SMALL_LIST},
        {"README.md": SMALL_LIST + "\n- x\n"},
        fork="alice/awesome",
    )
    repo = _client(github_world, rsa_key).get_repo("octo/awesome")

    pull = repo.get_pull(pr.number)
    assert (pull.number, pull.head.sha, pull.base.sha) == (pr.number, pr.head_sha, pr.base_sha)
    assert (
        pull.head.repo.full_name == "alice/awesome" and pull.base.repo.full_name == "octo/awesome"
    )
    assert [f.filename for f in pull.get_files()] == ["README.md"]
    comment = pull.create_issue_comment("hello")
    assert comment.user.login == "awesome-review[bot]" and comment.body == "hello"
    assert comment.create_reaction("eyes").content == "eyes"
    run = repo.create_check_run("awesome-review", pr.head_sha, status="completed", conclusion="success",
                                output={"title": "t", "summary": "s"})  # fmt: skip
    assert (run.name, run.conclusion, run.output.title) == ("awesome-review", "success", "t")
    status = repo.get_commit(pr.head_sha).create_status(
        "success", description="ok", context="awesome-review"
    )
    assert status.state == "success"
    assert repo.get_collaborator_permission("nobody") == "read"
    assert repo.compare(pr.base_sha, pr.head_sha).merge_base_commit.sha == pr.base_sha


def test_lists_are_paginated_with_link_headers(github_world: GitHubWorld) -> None:
    pr = open_pull(github_world, {"README.md": SMALL_LIST}, {"README.md": SMALL_LIST + "\n"})
    for i in range(250):
        github_world.fake.add_comment(github_world.repo, pr.number, "someone", f"comment {i}")
    gateway = GatewayFactory(github_world.settings, FAST_OPTIONS).for_installation(77)

    comments = gateway.issue_comments("octo/awesome", pr.number)

    assert [c.body for c in comments] == [f"comment {i}" for i in range(250)]
    assert github_world.fake.calls["GET /repos/{owner}/{repo}/issues/{number}/comments"] == 3


def _jwt(key: RsaKey, iss: object, expires_in: int = 300) -> str:
    now = int(time.time())
    return jwt.encode(
        {"iat": now - 30, "exp": now + expires_in, "iss": iss}, key.private_pem, algorithm="RS256"
    )


@pytest.mark.parametrize(
    ("iss", "expires_in"),
    [(str(APP_ID), -120), (str(APP_ID + 1), 300), ("not-a-number", 300)],
)
def test_app_jwts_are_verified(
    github_world: GitHubWorld, rsa_key: RsaKey, iss: object, expires_in: int
) -> None:
    token = _jwt(rsa_key, iss, expires_in)

    answer = requests.post(
        f"{github_world.fake.url}/app/installations/77/access_tokens",
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )

    assert answer.status_code == 401


def test_app_jwt_with_the_right_key_gets_a_scoped_token(
    github_world: GitHubWorld, rsa_key: RsaKey
) -> None:
    integration = GithubIntegration(
        auth=Auth.AppAuth(str(APP_ID), rsa_key.private_pem), base_url=github_world.fake.url
    )

    grant = integration.get_access_token(77)

    assert grant.token.startswith("ghs_") and grant.expires_at.timestamp() > time.time() + 3000
    other = requests.get(
        f"{github_world.fake.url}/repos/someone/else",
        headers={"Authorization": f"token {grant.token}"},
        timeout=5,
    )
    assert other.status_code == 404  # an installation token sees only its repositories


def test_review_comment_outside_the_diff_is_refused(github_world: GitHubWorld) -> None:
    head = with_entry(SMALL_LIST, "- [TGI]", DUPLICATE_ENTRY)
    pr = open_pull(github_world, {"README.md": SMALL_LIST}, {"README.md": head})
    gateway = GatewayFactory(github_world.settings, FAST_OPTIONS).for_installation(77)

    with pytest.raises(Unprocessable) as caught:
        gateway.create_review(
            "octo/awesome", pr.number, pr.head_sha, "b", [InlineComment("README.md", 1, "x")]
        )

    assert "must be part of the diff" in caught.value.errors[0]
    assert pr.reviews() == []


def test_a_422_drops_only_the_offending_inline_comment(github_world: GitHubWorld) -> None:
    head = with_entry(SMALL_LIST, "- [TGI]", DUPLICATE_ENTRY)
    pr = open_pull(github_world, {"README.md": SMALL_LIST}, {"README.md": head})
    gateway = GatewayFactory(github_world.settings, FAST_OPTIONS).for_installation(77)
    findings = (
        Finding("duplicate", "D301", Severity.ERROR, 15, "a duplicate"),
        Finding("format", "F101", Severity.ERROR, 1, "the title line"),
    )
    review = review_texts(head, SMALL_LIST)
    report = PullRequestReport(
        "octo/awesome", pr.head_sha, "https://github.com/octo/awesome", "main", ("README.md",),
        (FileReport("README.md", review.__class__(findings, review.head, review.base, review.diff)),),
        "awesome-review[bot]",
    )  # fmt: skip
    # Our idea of the diff is wrong (it claims line 1); GitHub's is not.
    wrong_patch = "@@ -1,1 +1,1 @@\n-# Old\n+# Awesome LLM Systems\n@@ -14,2 +14,3 @@\n x\n x\n+x"

    result = post_review(gateway, report, pr.number, {"README.md": wrong_patch}, None)

    assert (result.posted, result.refused) == (1, 1)
    [inline] = pr.review_comments()
    assert inline["line"] == 15


def test_unknown_routes_and_missing_objects_are_json_404s(github_world: GitHubWorld) -> None:
    gateway = GatewayFactory(github_world.settings, FAST_OPTIONS).for_installation(77)

    with pytest.raises(NotFound):
        gateway.pull_request("octo/awesome", 999)
    answer = requests.get(f"{github_world.fake.url}/no/such/route", timeout=5)
    assert answer.status_code == 404 and answer.json()["message"] == "Not Found"


def test_a_submitted_review_keeps_its_place_but_loses_its_comments_and_body(
    github_world: GitHubWorld, rsa_key: RsaKey
) -> None:
    head = with_entry(SMALL_LIST, "- [TGI]", DUPLICATE_ENTRY)
    pr = open_pull(github_world, {"README.md": SMALL_LIST}, {"README.md": head})
    gateway = GatewayFactory(github_world.settings, FAST_OPTIONS).for_installation(77)
    created = gateway.create_review(
        "octo/awesome", pr.number, pr.head_sha, "a note", [InlineComment("README.md", 15, "x")]
    )
    pull = _client(github_world, rsa_key).get_repo("octo/awesome").get_pull(pr.number)
    [comment] = pull.get_review_comments()
    assert comment.pull_request_review_id == created

    [review] = pull.get_reviews()
    review.edit("superseded")  # PyGithub's PUT /pulls/N/reviews/ID
    comment.delete()  # DELETE /pulls/comments/ID, 204

    [review] = pull.get_reviews()
    assert (review.id, review.body, review.state) == (created, "superseded", "COMMENTED")
    assert list(pull.get_review_comments()) == []
    with pytest.raises(GithubException) as gone:
        comment.delete()
    assert gone.value.status == 404
    with pytest.raises(GithubException) as empty:
        review.edit("")
    assert empty.value.status == 422


def test_a_lone_review_comment_gets_a_review_of_its_own(github_world: GitHubWorld) -> None:
    head = with_entry(SMALL_LIST, "- [TGI]", DUPLICATE_ENTRY)
    pr = open_pull(github_world, {"README.md": SMALL_LIST}, {"README.md": head})
    gateway = GatewayFactory(github_world.settings, FAST_OPTIONS).for_installation(77)

    comment_id = gateway.create_review_comment(
        "octo/awesome", pr.number, pr.head_sha, InlineComment("README.md", 15, "x")
    )

    [review] = gateway.reviews("octo/awesome", pr.number)
    [comment] = gateway.review_comments("octo/awesome", pr.number)
    assert (comment.id, comment.review_id) == (comment_id, review.id)
    assert (review.body, review.commit_id, review.author) == ("", pr.head_sha, "awesome-review[bot]")
