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
from bot.pipeline import make_link_checker
from tests.fakes.fixtures import (
    APP_ID,
    APP_LOGIN,
    INSTALLATION_ID,
    GitHubWorld,
    RsaKey,
    install_app,
)
from tests.fakes.github_api import FakeGitHub
from tests.fakes.scenario import SMALL_LIST, open_pull, with_entry
from tests.links.conftest import LinkServer, Reply
from tests.links.test_github import API, api, at, body, repo_body  # noqa: F401 - fixtures

Serve = Callable[..., LinkServer]
SECRET = "https://github.com/acme/secret"


def private_to_a(
    repo: dict[str, Any],
) -> Callable[[PreparedRequest], tuple[int, dict[str, str], str]]:
    """GET /repos/acme/secret as GitHub answers it: renamed and archived for token A only."""

    def answer(request: PreparedRequest) -> tuple[int, dict[str, str], str]:
        if request.headers.get("Authorization") == "token ghs_installation_a":
            moved = body(
                repo,
                full_name="acme/secret-new",
                name="secret-new",
                archived=True,
                private=True,
                html_url="https://github.com/acme/secret-new",
            )
            return 200, {"Content-Type": "application/json"}, json.dumps(moved)
        return 404, {"Content-Type": "application/json"}, json.dumps({"message": "Not Found"})

    return answer


def options(token: str | None, cache: SqliteLinkCache) -> LinkOptions:
    return LinkOptions(
        github_token=token,
        cache=cache,
        use_cache=True,
        timeout=2.0,
        backoff=0.01,
        host_interval=0.0,
        allow_hosts=("127.0.0.1",),
    )


def test_an_installations_private_answer_is_not_read_by_another(
    api: responses.RequestsMock,  # noqa: F811
    repo_body: dict[str, Any],  # noqa: F811
    tmp_path: Path,
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
        "token ghs_installation_a",
        "token ghs_installation_b",
    ]


def test_anonymous_results_are_shared_between_askers(serve: Serve, tmp_path: Path) -> None:
    server = serve(lambda method, path, n: Reply(200))
    url = server.url("/page")
    cache = SqliteLinkCache(tmp_path / "links.db")

    first = check_links([url], options("ghs_installation_a", cache))[url]
    second = check_links([url], options("ghs_installation_b", cache))[url]

    assert first.verdict is Verdict.OK and not first.cached
    assert second.cached and server.hits() == 1


# ------------------------------------------------------------- two installations, end to end

SECRET_ENTRY = "- [Secret](https://github.com/acme/secret) - A private tool."


def _repo_calls(world: GitHubWorld, path: str) -> list[int]:
    return [status for key, at, status in world.fake.log if at == path and key.startswith("GET")]


def test_installation_b_never_reads_installation_a_answer_and_a_keeps_it_across_tokens(
    fake_github: FakeGitHub, rsa_key: RsaKey, tmp_path: Path
) -> None:
    """Two installations of the App share one worker's link cache. A's token sees the private
    acme/secret; B's is answered 404. Each review builds a new gateway, so A's second review
    asks with a new token (installation tokens last an hour): its own answer is still its."""
    world_a = install_app(fake_github, rsa_key, "acme/list")
    fake_github.add_repo("acme/secret")
    fake_github.add_installation(APP_ID, INSTALLATION_ID, ["acme/list", "acme/secret"])
    fake_github.add_repo("other/list")
    fake_github.add_installation(APP_ID, INSTALLATION_ID + 1, ["other/list"])
    world_b = GitHubWorld(
        fake_github, fake_github.repos["other/list"], world_a.settings, INSTALLATION_ID + 1
    )
    checker = make_link_checker(world_a.settings, str(tmp_path / "links.db"))
    head = with_entry(SMALL_LIST, "- [TGI]", SECRET_ENTRY)
    pr_a = open_pull(world_a, {"README.md": SMALL_LIST}, {"README.md": head})
    pr_b = open_pull(world_b, {"README.md": SMALL_LIST}, {"README.md": head})

    pr_a.review(link_checker=checker)
    pr_b.review(link_checker=checker)
    pr_a.review(link_checker=checker)

    assert _repo_calls(world_a, "/repos/acme/secret") == [200, 404]  # A once, B once, A cached
    [comment_b] = [c for c in pr_b.comments() if c["login"] == APP_LOGIN]
    assert "L401" in str(comment_b["body"])  # B: the repository does not exist for it
    [comment_a] = [c for c in pr_a.comments() if c["login"] == APP_LOGIN]
    assert "L401" not in str(comment_a["body"])
    assert fake_github.apps[APP_ID].tokens_issued == 3
