"""Signed webhook deliveries built from tests/data/webhooks (octokit/webhooks examples, see
its SOURCE.md), with repo, PR number and SHAs filled in."""

from __future__ import annotations

import copy
import json
import uuid
from functools import cache
from pathlib import Path
from typing import Any

from conftest import DATA

from webhooks.signature import sign

FIXTURES = DATA / "webhooks"


@cache
def _fixture(name: str) -> dict[str, Any]:
    path = FIXTURES / f"{name}.json"
    if not path.is_file():
        raise FileNotFoundError(f"webhook fixture {path} is missing (tests/data/webhooks/SOURCE.md)")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def fixture(name: str) -> dict[str, Any]:
    """A fresh copy of one fixture payload, e.g. `pull_request.opened.1`."""
    return copy.deepcopy(_fixture(name))


def _repo(data: dict[str, Any], repo: str) -> None:
    owner, name = repo.split("/")
    data["repository"].update(full_name=repo, name=name)
    data["repository"]["owner"]["login"] = owner


def pull_request(
    action: str = "opened",
    *,
    repo: str = "octo/awesome",
    number: int = 7,
    head_sha: str = "a" * 40,
    base_sha: str = "b" * 40,
    installation_id: int | None = 1,
    head_repo: str | None = None,
    author: str = "contributor",
    state: str = "open",
) -> dict[str, Any]:
    """A pull_request payload (the `opened` example, re-labelled for `action`)."""
    data = fixture("pull_request.opened.1")
    data["action"] = action
    _repo(data, repo)
    pull = data["pull_request"]
    pull.update(number=number, state=state)
    pull["user"]["login"] = author
    pull["head"]["sha"], pull["base"]["sha"] = head_sha, base_sha
    pull["base"]["repo"]["full_name"] = repo
    pull["head"]["repo"]["full_name"] = head_repo or repo
    data["number"] = number
    if installation_id is None:
        data.pop("installation", None)
    else:
        data["installation"] = {"id": installation_id, "node_id": "x"}
    if action == "edited":
        data["changes"] = {"base": {"ref": {"from": "develop"}, "sha": {"from": "c" * 40}}}
    return data


def issue_comment(
    body: str,
    *,
    action: str = "created",
    repo: str = "octo/awesome",
    number: int = 7,
    comment_id: int = 4242,
    login: str = "maintainer",
    user_type: str = "User",
    pr_author: str = "contributor",
    old_body: str | None = None,
    on_pull_request: bool = True,
    installation_id: int | None = 1,
) -> dict[str, Any]:
    """An issue_comment payload on a PR (the examples are on plain issues: we add the
    `issue.pull_request` key GitHub sends for PR conversation comments)."""
    data = fixture("issue_comment.created.1")
    data["action"] = action
    _repo(data, repo)
    issue = data["issue"]
    issue.update(number=number, state="open")
    issue["user"]["login"] = pr_author
    if on_pull_request:
        issue["pull_request"] = {"url": f"https://api.github.com/repos/{repo}/pulls/{number}"}
    data["comment"].update(id=comment_id, body=body)
    data["comment"]["user"].update(login=login, type=user_type)
    if old_body is not None:
        data["changes"] = {"body": {"from": old_body}}
    if installation_id is not None:
        data["installation"] = {"id": installation_id, "node_id": "x"}
    return data


def check_run_rerequested(
    *, repo: str = "octo/awesome", number: int | None = 7, head_sha: str = "a" * 40
) -> dict[str, Any]:
    data = fixture("check_run.rerequested.1")
    _repo(data, repo)
    data["check_run"]["head_sha"] = head_sha
    pulls = []
    if number is not None:
        pulls.append({"number": number, "head": {"sha": head_sha}, "base": {"sha": "b" * 40}})
    data["check_run"]["pull_requests"] = pulls
    return data


def signed(
    secret: str, event: str, data: dict[str, Any] | bytes, delivery: str | None = None
) -> tuple[bytes, dict[str, str]]:
    """(body, headers) exactly as GitHub sends a delivery."""
    body = data if isinstance(data, bytes) else json.dumps(data).encode("utf-8")
    headers = {
        "Content-Type": "application/json",
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery or str(uuid.uuid4()),
        "X-Hub-Signature-256": sign(secret, body),
        "User-Agent": "GitHub-Hookshot/test",
    }
    return body, headers


def fixture_path(name: str) -> Path:
    return FIXTURES / f"{name}.json"


def push(
    *,
    repo: str = "octo/awesome",
    before: str = "b" * 40,
    after: str = "a" * 40,
    branch: str = "main",
    default_branch: str = "main",
    modified: tuple[str, ...] = ("README.md",),
    installation_id: int | None = 1,
) -> dict[str, Any]:
    """A push payload (GitHub's documented fields; the repository object of the
    pull_request example, which has the same shape)."""
    repository = fixture("pull_request.opened.1")["repository"]
    repository.update(full_name=repo, name=repo.split("/")[1], default_branch=default_branch)
    commit = {"id": after, "message": "Merge pull request", "timestamp": "2026-01-01T00:00:00Z",
              "added": [], "removed": [], "modified": list(modified), "distinct": True}
    data: dict[str, Any] = {
        "ref": f"refs/heads/{branch}", "before": before, "after": after,
        "created": False, "deleted": False, "forced": False, "base_ref": None,
        "compare": f"https://github.com/{repo}/compare/{before[:12]}...{after[:12]}",
        "commits": [commit], "head_commit": commit, "repository": repository,
        "pusher": {"name": "maintainer", "email": "m@example.org"},
        "sender": fixture("pull_request.opened.1")["sender"],
    }
    if installation_id is not None:
        data["installation"] = {"id": installation_id, "node_id": "x"}
    return data
