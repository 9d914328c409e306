"""The result cache: a second run sends nothing for fresh results; TTLs differ by verdict."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.links import LinkOptions, SqliteLinkCache, check_links, default_cache_path
from bot.model import LinkResult, Verdict
from tests.links.conftest import LinkServer, Reply

Serve = Callable[..., LinkServer]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def route(method: str, path: str, n: int) -> Reply:
    if path.startswith("/dead"):
        return Reply(404)
    if path == "/moved":
        return Reply(301, {"Location": "/ok/new"})
    return Reply(200)


def options(cache: SqliteLinkCache, **changes: Any) -> LinkOptions:
    base = LinkOptions(
        timeout=2.0, backoff=0.05, host_interval=0.0, allow_hosts=("127.0.0.1",), cache=cache
    )
    return replace(base, **changes)


def test_second_run_sends_no_request_and_marks_results_cached(serve: Serve, tmp_path: Path) -> None:
    server = serve(route)
    cache = SqliteLinkCache(tmp_path / "links.db")
    urls = [server.url("/ok/1"), server.url("/dead/1"), server.url("/moved")]
    first = check_links(urls, options(cache))
    sent = server.hits()
    second = check_links(urls, options(cache))
    assert server.hits() == sent
    assert all(r.cached and r.requests == 0 for r in second.values())
    assert [r.verdict for r in second.values()] == [r.verdict for r in first.values()]
    moved = second[server.url("/moved")]
    assert (moved.verdict, moved.final_url, moved.chain) == (
        Verdict.REDIRECTED,
        server.url("/ok/new"),
        (server.url("/ok/new"),),
    )


def test_cache_survives_reopening_the_file(serve: Serve, tmp_path: Path) -> None:
    server = serve(route)
    url = server.url("/ok/1")
    check_links([url], options(SqliteLinkCache(tmp_path / "links.db")))
    again = check_links([url], options(SqliteLinkCache(tmp_path / "links.db")))
    assert again[url].cached
    assert server.hits() == 1


def test_failures_expire_after_an_hour_and_good_links_after_a_day(
    serve: Serve, tmp_path: Path
) -> None:
    server = serve(route)
    clock = Clock()
    cache = SqliteLinkCache(tmp_path / "links.db", clock=clock)
    ok, dead = server.url("/ok/1"), server.url("/dead/1")
    check_links([ok, dead], options(cache))
    clock.now += 3601
    check_links([ok, dead], options(cache))
    assert (server.hits("/ok/1"), len(server.methods("/dead/1"))) == (1, 4)  # dead re-checked
    clock.now += 24 * 3600
    check_links([ok], options(cache))
    assert server.hits("/ok/1") == 2


def test_no_cache_option_checks_again(serve: Serve, tmp_path: Path) -> None:
    server = serve(route)
    cache = SqliteLinkCache(tmp_path / "links.db")
    url = server.url("/ok/1")
    check_links([url], options(cache))
    result = check_links([url], options(cache, use_cache=False))[url]
    assert not result.cached
    assert server.hits() == 2


def test_skipped_results_are_not_cached(tmp_path: Path) -> None:
    cache = SqliteLinkCache(tmp_path / "links.db")
    url = "http://10.0.0.1/"
    check_links([url], options(cache, allow_hosts=()))
    assert cache.get(url) is None


def test_results_round_trip_through_json(tmp_path: Path) -> None:
    cache = SqliteLinkCache(tmp_path / "links.db")
    stored = LinkResult(
        url="https://github.com/a/b",
        verdict=Verdict.REDIRECTED,
        status=200,
        reason="moved",
        final_url="https://github.com/c/b",
        chain=("https://github.com/c/b",),
        permanent=True,
        archived=True,
        fork_of="x/y",
        requests=2,
        extra={"checked_via": "github-api"},
    )
    cache.put(stored)
    got = cache.get(stored.url)
    assert got is not None
    assert got == replace(stored, requests=0, cached=True)
    assert got.extra == stored.extra


def test_default_cache_path_is_under_the_given_dir(tmp_path: Path) -> None:
    assert default_cache_path(tmp_path) == tmp_path / "links.db"
    assert default_cache_path().parts[-3:] == (".cache", "awesome-review", "links.db")
