"""The checker against real HTTP servers on loopback: every verdict, retries, redirects, limits."""

from __future__ import annotations

import itertools
import socket
from collections.abc import Callable
from dataclasses import replace

import pytest

from bot.links import IGNORED, USER_AGENT, LinkOptions, check_links
from bot.links.http import HttpChecker
from bot.model import LinkResult, Verdict
from tests.links.conftest import LinkServer, MapResolver, Reply

Serve = Callable[..., LinkServer]

# Short timeouts and backoff keep the whole suite fast; loopback answers in microseconds.
FAST = LinkOptions(
    timeout=2.0,
    connect_timeout=1.0,
    backoff=0.05,
    host_interval=0.0,
    allow_hosts=("127.0.0.1", "127.0.0.2"),
    use_cache=False,
)


def check(url: str, options: LinkOptions = FAST) -> LinkResult:
    return check_links([url], options)[url]


def fixed(reply: Reply) -> Callable[[str, str, int], Reply]:
    return lambda method, path, n: reply


# ------------------------------------------------------------------ plain verdicts


def test_ok_is_one_head_request_with_our_user_agent(serve: Serve) -> None:
    server = serve(fixed(Reply(200)))
    result = check(server.url("/page"))
    assert (result.verdict, result.requests, result.status) == (Verdict.OK, 1, 200)
    assert server.methods("/page") == ["HEAD"]
    assert server.seen[0].headers["user-agent"] == USER_AGENT


@pytest.mark.parametrize(("status", "words"), [(404, "404 Not Found"), (410, "410 Gone")])
def test_missing_page_is_broken_after_get_confirms(serve: Serve, status: int, words: str) -> None:
    server = serve(fixed(Reply(status)))
    result = check(server.url("/gone"))
    assert (result.verdict, result.reason, result.status) == (Verdict.BROKEN, words, status)
    assert server.methods("/gone") == ["HEAD", "GET"]


@pytest.mark.parametrize("head_status", [405, 403, 501, 404, 400])
def test_refused_or_unreliable_head_falls_back_to_get(serve: Serve, head_status: int) -> None:
    server = serve(lambda method, path, n: Reply(head_status if method == "HEAD" else 200))
    result = check(server.url("/x"))
    assert (result.verdict, result.requests) == (Verdict.OK, 2)
    assert server.methods("/x") == ["HEAD", "GET"]


def test_login_wall_is_unverifiable(serve: Serve) -> None:
    server = serve(fixed(Reply(401)))
    result = check(server.url("/private"))
    assert result.verdict is Verdict.UNVERIFIABLE
    assert "needs a login" in result.reason


def test_forbidden_is_unverifiable_not_broken(serve: Serve) -> None:
    server = serve(fixed(Reply(403)))
    result = check(server.url("/f"))
    assert result.verdict is Verdict.UNVERIFIABLE
    assert "refuses automated checks" in result.reason


def test_cloudflare_challenge_is_unverifiable_and_named(serve: Serve) -> None:
    wall = Reply(403, {"cf-mitigated": "challenge", "Server": "cloudflare"})
    server = serve(fixed(wall))
    result = check(server.url("/cf"))
    assert result.verdict is Verdict.UNVERIFIABLE
    assert "Cloudflare challenge" in result.reason


def test_cloudflare_503_wall_is_unverifiable_after_retries(serve: Serve) -> None:
    server = serve(fixed(Reply(503, {"Server": "cloudflare"})))
    result = check(server.url("/cf"))
    assert result.verdict is Verdict.UNVERIFIABLE
    assert "Cloudflare" in result.reason
    assert server.methods("/cf") == ["HEAD", "GET", "GET", "GET"]


def test_unusual_client_error_is_unverifiable_with_status(serve: Serve) -> None:
    server = serve(fixed(Reply(418)))
    result = check(server.url("/teapot"))
    assert result.verdict is Verdict.UNVERIFIABLE
    assert "418" in result.reason


# ------------------------------------------------------------------ retries


def test_flaky_503_then_200_ends_ok(serve: Serve) -> None:
    server = serve(lambda method, path, n: Reply(503 if n == 0 else 200))
    result = check(server.url("/flaky"))
    assert result.verdict is Verdict.OK
    assert server.hits("/flaky") == 2


def test_get_only_flaky_server_is_retried_with_backoff(serve: Serve) -> None:
    def route(method: str, path: str, n: int) -> Reply:
        if method == "HEAD":
            return Reply(405)
        return Reply(503 if n < 3 else 200)  # HEAD, GET 503, GET 503, GET 200

    server = serve(route)
    result = check(server.url("/g"))
    assert (result.verdict, result.requests) == (Verdict.OK, 4)
    gets = [s.at for s in server.seen if s.method == "GET"]
    assert gets[2] - gets[1] >= gets[1] - gets[0] >= FAST.backoff * 0.9  # exponential


def test_429_honours_retry_after_then_ends_ok(serve: Serve) -> None:
    server = serve(lambda m, p, n: Reply(429, {"Retry-After": "1"}) if n == 0 else Reply(200))
    result = check(server.url("/rl"))
    assert (result.verdict, result.requests) == (Verdict.OK, 2)
    first, second = (s.at for s in server.seen)
    assert second - first >= 0.95  # waited the second the server asked for


def test_429_forever_is_unverifiable_after_retries(serve: Serve) -> None:
    server = serve(fixed(Reply(429, {"Retry-After": "0"})))
    result = check(server.url("/rl"))
    assert result.verdict is Verdict.UNVERIFIABLE
    assert "rate limited" in result.reason
    assert server.hits("/rl") == 1 + FAST.retries


def test_retry_after_beyond_the_bound_is_not_waited_for(serve: Serve) -> None:
    server = serve(fixed(Reply(429, {"Retry-After": "3600"})))
    result = check(server.url("/rl"))
    assert result.verdict is Verdict.UNVERIFIABLE
    assert "asks to wait 3600 s" in result.reason
    assert server.hits("/rl") == 1


def test_persistent_server_error_is_unverifiable(serve: Serve) -> None:
    server = serve(fixed(Reply(500)))
    result = check(server.url("/err"))
    assert result.verdict is Verdict.UNVERIFIABLE
    assert "500 Internal Server Error" in result.reason


# ------------------------------------------------------------------ redirects


def redirects(table: dict[str, tuple[int, str]]) -> Callable[[str, str, int], Reply]:
    def route(method: str, path: str, n: int) -> Reply:
        if path in table:
            status, location = table[path]
            return Reply(status, {"Location": location})
        return Reply(200)

    return route


def test_permanent_chain_is_redirected_with_final_url(serve: Serve) -> None:
    server = serve(redirects({"/a": (301, "/b"), "/b": (308, "/c")}))
    result = check(server.url("/a"))
    assert result.verdict is Verdict.REDIRECTED
    assert result.permanent
    assert result.final_url == server.url("/c")
    assert result.chain == (server.url("/b"), server.url("/c"))
    assert result.requests == 3


def test_temporary_redirect_to_a_live_page_is_ok_with_chain(serve: Serve) -> None:
    server = serve(redirects({"/a": (301, "/b"), "/b": (302, "/c")}))
    result = check(server.url("/a"))
    assert (result.verdict, result.permanent) == (Verdict.OK, False)
    assert result.chain == (server.url("/b"), server.url("/c"))


def test_relative_locations_are_resolved(serve: Serve) -> None:
    server = serve(redirects({"/docs/old/page": (301, "../new/page?x=1#top")}))
    result = check(server.url("/docs/old/page"))
    assert result.final_url == server.url("/docs/new/page?x=1")
    assert server.hits("/docs/new/page?x=1") == 1


def test_redirect_to_a_missing_page_is_broken(serve: Serve) -> None:
    def route(method: str, path: str, n: int) -> Reply:
        return Reply(301, {"Location": "/nowhere"}) if path == "/a" else Reply(404)

    server = serve(route)
    result = check(server.url("/a"))
    assert result.verdict is Verdict.BROKEN
    assert result.final_url == server.url("/nowhere")


def test_redirect_loop_is_broken_and_stops_at_once(serve: Serve) -> None:
    server = serve(redirects({"/loop": (302, "/loop/again"), "/loop/again": (302, "/loop")}))
    result = check(server.url("/loop"))
    assert result.verdict is Verdict.BROKEN
    assert result.reason.startswith("redirect loop")
    assert server.hits() == 2


def test_too_many_redirects_is_broken(serve: Serve) -> None:
    def route(method: str, path: str, n: int) -> Reply:
        step = int(path.rsplit("/", 1)[1])
        return Reply(302, {"Location": f"/r/{step + 1}"})

    server = serve(route)
    result = check(server.url("/r/0"), replace(FAST, max_redirects=3))
    assert result.verdict is Verdict.BROKEN
    assert result.reason == "more than 3 redirects"
    assert server.hits() == 4


# ------------------------------------------------------------------ network failures


def test_slow_server_times_out_once_without_retry(serve: Serve) -> None:
    server = serve(fixed(Reply(200, delay=5.0)))
    options = replace(FAST, timeout=0.3)
    result = check(server.url("/slow"), options)
    assert result.verdict is Verdict.TIMEOUT
    assert result.reason == "no answer within 0.3 s"
    assert server.hits("/slow") == 1


def test_reset_connection_is_broken_after_retries(serve: Serve) -> None:
    server = serve(fixed(Reply(reset=True)))
    result = check(server.url("/reset"))
    assert result.verdict is Verdict.BROKEN
    assert "attempts" in result.reason
    assert result.requests == server.hits("/reset") >= 1 + FAST.retries


def test_connection_refused_is_broken_with_no_request() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = check(f"http://127.0.0.1:{port}/")
    assert (result.verdict, result.reason, result.requests) == (
        Verdict.BROKEN,
        "connection refused",
        0,
    )


def test_unknown_host_is_broken() -> None:
    options = replace(FAST, resolver_factory=lambda: MapResolver({}))
    result = check("http://no-such-host.example/", options)
    assert (result.verdict, result.reason) == (Verdict.BROKEN, "no such host: no-such-host.example")


def test_body_read_stops_at_the_cap(serve: Serve) -> None:
    size = 64 << 20
    server = serve(lambda m, p, n: Reply(405) if m == "HEAD" else Reply(200, body_size=size))
    result = check(server.url("/big"))
    assert result.verdict is Verdict.OK
    assert server.bytes_sent < size // 4  # the client hung up long before the end


# ------------------------------------------------------------------ limits and bookkeeping


def test_per_host_and_global_limits_are_never_exceeded(serve: Serve) -> None:
    server = serve(fixed(Reply(200, delay=0.05)), hosts=("127.0.0.1", "127.0.0.2"))
    urls = [server.url(f"/p/{i}", host) for i in range(24) for host in server.hosts]
    options = replace(FAST, concurrency=5, host_concurrency=3)
    results = check_links(urls, options)
    assert all(r.verdict is Verdict.OK for r in results.values())
    assert server.max_inflight["127.0.0.1"] == 3
    assert server.max_inflight["127.0.0.2"] == 3
    assert server.max_inflight_all == 5


def test_host_interval_spaces_request_starts(serve: Serve) -> None:
    server = serve(fixed(Reply(200)))
    urls = [server.url(f"/p/{i}") for i in range(4)]
    check_links(urls, replace(FAST, host_interval=0.15))
    starts = sorted(s.at for s in server.seen)
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.14


def test_each_distinct_url_is_checked_once(serve: Serve) -> None:
    server = serve(fixed(Reply(200)))
    url = server.url("/same")
    results = check_links([url, url, url], FAST)
    assert list(results) == [url]
    assert server.hits("/same") == 1


def test_ignored_urls_are_skipped_without_a_request(serve: Serve) -> None:
    server = serve(fixed(Reply(200)))
    urls = [server.url("/keep"), server.url("/ignore-me")]
    results = check_links(urls, FAST, ignore=lambda url: "ignore" in url)
    assert results[urls[1]].verdict is Verdict.SKIPPED
    assert results[urls[1]].reason == IGNORED
    assert server.hits("/ignore-me") == 0
    assert results[urls[0]].verdict is Verdict.OK


def test_progress_counts_up_to_the_total(serve: Serve) -> None:
    server = serve(fixed(Reply(200)))
    calls: list[tuple[int, int]] = []
    check_links(
        [server.url(f"/p/{i}") for i in range(3)], FAST, progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_invalid_url_is_broken() -> None:
    result = check("http://exa mple.com:99999/")
    assert result.verdict is Verdict.BROKEN
    assert result.reason.startswith("not a valid URL")


def test_a_crash_on_one_url_does_not_lose_the_others(
    serve: Serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = serve(fixed(Reply(200)))
    real = HttpChecker.check

    async def flaky_check(self: HttpChecker, url: str) -> LinkResult:
        if url.endswith("/bug"):
            raise RuntimeError("boom")
        return await real(self, url)

    monkeypatch.setattr(HttpChecker, "check", flaky_check)
    urls = [server.url("/fine"), server.url("/bug")]
    results = check_links(urls, FAST)
    assert results[urls[0]].verdict is Verdict.OK
    assert results[urls[1]].verdict is Verdict.UNVERIFIABLE
    assert "internal error" in results[urls[1]].reason
