"""GitHub repository links through the REST API (PyGithub), against `responses` fakes.

Bodies come from GitHub's documented example for GET /repos/{owner}/{repo}
(tests/fakes/bodies/repos.get.json), edited per test where a field must differ.
"""

from __future__ import annotations

import copy
import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import responses

from bot.links import NO_TOKEN_NOTE, LinkOptions, check_links
from bot.links.github import repo_link
from bot.model import Verdict
from tests.links.conftest import LinkServer, MapResolver, Reply

ROOT = Path(__file__).resolve().parents[2]
API = "https://api.github.com"
TOKEN = LinkOptions(github_token="ghp_test", use_cache=False, timeout=2.0, backoff=0.01)


@pytest.fixture(scope="module")
def repo_body() -> dict[str, Any]:
    # GitHub's documented example (tests/fakes/bodies/SOURCE.md)
    path = ROOT / "tests" / "fakes" / "bodies" / "repos.get.json"
    body: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return body


@pytest.fixture
def api() -> Iterator[responses.RequestsMock]:
    # assert_all_requests_are_fired=False: some tests check that a call was NOT made.
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def at(url: str) -> re.Pattern[str]:
    """Match `url` with or without the default port (PyGithub writes `:443` out)."""
    scheme, _, rest = url.partition("://")
    host, _, path = rest.partition("/")
    return re.compile(rf"{scheme}://{re.escape(host)}(:443)?/{re.escape(path)}$")


def body(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    edited = copy.deepcopy(base)
    edited.update(changes)
    return edited


def test_live_repository_is_ok_in_one_api_call(
    api: responses.RequestsMock, repo_body: dict[str, Any]
) -> None:
    api.get(at(f"{API}/repos/octocat/Hello-World"), json=repo_body)
    url = "https://github.com/octocat/Hello-World"
    result = check_links([url], TOKEN)[url]
    assert (result.verdict, result.archived, result.fork_of) == (Verdict.OK, False, None)
    assert result.extra["checked_via"] == "github-api"
    assert len(api.calls) == 1
    assert api.calls[0].request.headers["Authorization"] == "token ghp_test"


def test_missing_repository_is_broken(api: responses.RequestsMock) -> None:
    api.get(at(f"{API}/repos/nobody/nothing"), status=404, json={"message": "Not Found"})
    url = "https://github.com/nobody/nothing"
    result = check_links([url], TOKEN)[url]
    assert result.verdict is Verdict.BROKEN
    assert "nobody/nothing does not exist" in result.reason


def test_archived_repository_is_flagged(
    api: responses.RequestsMock, repo_body: dict[str, Any]
) -> None:
    api.get(at(f"{API}/repos/octocat/Hello-World"), json=body(repo_body, archived=True))
    url = "https://github.com/octocat/Hello-World"
    result = check_links([url], TOKEN)[url]
    assert (result.verdict, result.archived) == (Verdict.OK, True)
    assert "archived" in result.reason


def test_renamed_repository_is_redirected_to_its_new_url(
    api: responses.RequestsMock, repo_body: dict[str, Any]
) -> None:
    # GitHub answers an old name with 301 to /repositories/ID; PyGithub follows it.
    api.get(
        at(f"{API}/repos/old-owner/old-name"),
        status=301,
        headers={"Location": f"{API}/repositories/1296269"},
    )
    api.get(at(f"{API}/repositories/1296269"), json=repo_body)
    url = "https://github.com/old-owner/old-name/blob/main/README.md#usage"
    result = check_links([url], TOKEN)[url]
    assert result.verdict is Verdict.REDIRECTED
    assert result.permanent
    assert result.final_url == "https://github.com/octocat/Hello-World/blob/main/README.md#usage"
    assert "moved to octocat/Hello-World" in result.reason


def test_name_differing_only_in_case_is_not_a_move(
    api: responses.RequestsMock, repo_body: dict[str, Any]
) -> None:
    api.get(at(f"{API}/repos/OctoCat/hello-world"), json=repo_body)
    url = "https://github.com/OctoCat/hello-world"
    assert check_links([url], TOKEN)[url].verdict is Verdict.OK


def test_fork_records_its_parent(api: responses.RequestsMock, repo_body: dict[str, Any]) -> None:
    parent = body(repo_body["parent"], full_name="upstream/Hello-World")
    source = body(repo_body["source"], full_name="origin/Hello-World")
    fork = body(repo_body, fork=True, parent=parent, source=source)
    api.get(at(f"{API}/repos/octocat/Hello-World"), json=fork)
    url = "https://github.com/octocat/Hello-World"
    result = check_links([url], TOKEN)[url]
    assert result.fork_of == "upstream/Hello-World"
    assert result.extra["fork_source"] == "origin/Hello-World"


def test_rate_limited_api_is_unverifiable(api: responses.RequestsMock) -> None:
    api.get(
        at(f"{API}/repos/octocat/Hello-World"),
        status=403,
        json={"message": "API rate limit exceeded for user."},
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1"},
    )
    url = "https://github.com/octocat/Hello-World"
    result = check_links([url], TOKEN)[url]
    assert result.verdict is Verdict.UNVERIFIABLE
    assert "rate limit" in result.reason


def test_links_into_one_repository_cost_one_api_call(
    api: responses.RequestsMock, repo_body: dict[str, Any]
) -> None:
    api.get(at(f"{API}/repos/octocat/Hello-World"), json=repo_body)
    urls = [
        "https://github.com/octocat/Hello-World",
        "https://github.com/octocat/Hello-World/issues",
        "https://github.com/octocat/Hello-World.git",
    ]
    results = check_links(urls, replace(TOKEN, host_concurrency=1))
    assert all(r.verdict is Verdict.OK for r in results.values())
    assert len(api.calls) == 1
    assert sum(r.requests for r in results.values()) == 1


def test_enterprise_api_url_is_used(api: responses.RequestsMock, repo_body: dict[str, Any]) -> None:
    api.get(at("https://ghe.example/api/v3/repos/octocat/Hello-World"), json=repo_body)
    url = "https://github.com/octocat/Hello-World"
    options = replace(TOKEN, github_api_url="https://ghe.example/api/v3/")
    assert check_links([url], options)[url].verdict is Verdict.OK


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/owner/repo", ("owner/repo", "")),
        (
            "https://www.github.com/owner/repo/tree/main/src?x=1#l",
            ("owner/repo", "/tree/main/src?x=1#l"),
        ),
        ("http://github.com/owner/repo.git", ("owner/repo", "")),
        ("https://github.com/topics/python", None),
        ("https://github.com/sponsors/someone", None),
        ("https://github.com/owner", None),
        ("https://gist.github.com/owner/abc123", None),
        ("https://example.com/owner/repo", None),
    ],
)
def test_which_urls_go_through_the_api(url: str, expected: tuple[str, str] | None) -> None:
    link = repo_link(url)
    assert (None if link is None else (link.full_name, link.rest)) == expected


def test_without_a_token_github_links_use_plain_http_and_say_so_once(
    serve: Callable[..., LinkServer], caplog: pytest.LogCaptureFixture
) -> None:
    server = serve(lambda m, p, n: Reply(200))
    urls = [f"http://github.com:{server.port}/owner/repo", f"http://github.com:{server.port}/o/r"]
    options = LinkOptions(
        use_cache=False,
        allow_hosts=(f"github.com:{server.port}",),
        resolver_factory=lambda: MapResolver({"github.com": ["127.0.0.1"]}),
    )
    with caplog.at_level(logging.WARNING, logger="bot.links"):
        results = check_links(urls, options)
    assert all(r.verdict is Verdict.OK for r in results.values())
    assert server.hits() == 2
    assert [r.getMessage() for r in caplog.records] == [NO_TOKEN_NOTE]
