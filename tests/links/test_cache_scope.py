"""The link cache never hands one asker's GitHub API answer to another.

An installation whose token sees a private repository learns "moved to acme/secret-new,
archived"; another installation, sharing the cache (one SQLite file per worker host, one
Redis for all), must not read that. Anonymous results (plain HTTP) stay shared.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import responses
from requests import PreparedRequest

from bot.links import LinkOptions, SqliteLinkCache, check_links
from bot.model import Verdict
from tests.links.conftest import LinkServer, Reply
from tests.links.test_github import API, api, at, body, repo_body  # noqa: F401 - fixtures

Serve = Callable[..., LinkServer]
SECRET = "https://github.com/acme/secret"


def private_to_a(repo: dict[str, Any]) -> Callable[[PreparedRequest], tuple[int, dict[str, str], str]]:
    """GET /repos/acme/secret as GitHub answers it: renamed and archived for token A only."""

    def answer(request: PreparedRequest) -> tuple[int, dict[str, str], str]:
        if request.headers.get("Authorization") == "token ghs_installation_a":
            moved = body(repo, full_name="acme/secret-new", name="secret-new", archived=True,
                         private=True, html_url="https://github.com/acme/secret-new")
            return 200, {"Content-Type": "application/json"}, json.dumps(moved)
        return 404, {"Content-Type": "application/json"}, json.dumps({"message": "Not Found"})

    return answer


def options(token: str | None, cache: SqliteLinkCache) -> LinkOptions:
    return LinkOptions(github_token=token, cache=cache, use_cache=True, timeout=2.0,
                       backoff=0.01, host_interval=0.0, allow_hosts=("127.0.0.1",))


def test_an_installations_private_answer_is_not_read_by_another(
    api: responses.RequestsMock, repo_body: dict[str, Any], tmp_path: Path  # noqa: F811
) -> None:
    api.add_callback(responses.GET, at(f"{API}/repos/acme/secret"), private_to_a(repo_body))
    cache = SqliteLinkCache(tmp_path / "links.db")

    seen_by_a = check_links([SECRET], options("ghs_installation_a", cache))[SECRET]
    seen_by_b = check_links([SECRET], options("ghs_installation_b", cache))[SECRET]
    again_by_a = check_links([SECRET], options("ghs_installation_a", cache))[SECRET]

    assert seen_by_a.archived and "secret-new" in (seen_by_a.final_url or seen_by_a.reason)
    assert seen_by_b.verdict is Verdict.BROKEN and not seen_by_b.archived and not seen_by_b.cached
    assert "secret-new" not in f"{seen_by_b.reason} {seen_by_b.final_url}"
    assert again_by_a.cached and again_by_a.archived  # each asker still has its own cache
    assert [c.request.headers["Authorization"] for c in api.calls] == [
        "token ghs_installation_a", "token ghs_installation_b"]


def test_anonymous_results_are_shared_between_askers(serve: Serve, tmp_path: Path) -> None:
    server = serve(lambda method, path, n: Reply(200))
    url = server.url("/page")
    cache = SqliteLinkCache(tmp_path / "links.db")

    first = check_links([url], options("ghs_installation_a", cache))[url]
    second = check_links([url], options("ghs_installation_b", cache))[url]

    assert first.verdict is Verdict.OK and not first.cached
    assert second.cached and server.hits() == 1
