"""Time budgets: one link (its redirects and retries included) and one review's links.

A tarpit answers each of its redirects just inside the per-request timeout; without a budget
one link held the review for the sum of them. Out of budget is "could not verify", never a wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from bot.links import LinkOptions, SqliteLinkCache, check_links
from bot.model import Verdict
from tests.links.conftest import LinkServer, Reply

Serve = Callable[..., LinkServer]
FAST = LinkOptions(timeout=2.0, connect_timeout=1.0, backoff=0.05, host_interval=0.0,
                   allow_hosts=("127.0.0.1",), use_cache=False)


def tarpit(method: str, path: str, n: int) -> Reply:
    """/pit/K redirects to /pit/K+1 after 0.5 s (well inside the 2 s request timeout), 10 times."""
    hop = int(path.rsplit("/", 1)[-1])
    if hop >= 10:
        return Reply(200)
    return Reply(302, {"Location": f"/pit/{hop + 1}"}, delay=0.5)


def test_a_tarpit_link_is_could_not_verify_within_its_budget(serve: Serve) -> None:
    server = serve(tarpit)
    url = server.url("/pit/0")

    started = time.monotonic()
    result = check_links([url], replace(FAST, link_budget=1.5))[url]
    elapsed = time.monotonic() - started

    assert result.verdict is Verdict.UNVERIFIABLE
    assert "no final answer within 1.5 s" in result.reason
    assert "redirects and retries included" in result.reason
    assert elapsed < 3.0  # not the 5 s of its ten hops
    assert server.hits() < 10


def test_retries_count_against_the_links_budget(serve: Serve) -> None:
    server = serve(lambda method, path, n: Reply(503, {"Retry-After": "1"}))
    url = server.url("/busy")

    started = time.monotonic()
    result = check_links([url], replace(FAST, retries=10, link_budget=1.5))[url]

    assert result.verdict is Verdict.UNVERIFIABLE and "within 1.5 s" in result.reason
    assert time.monotonic() - started < 3.0


def test_the_reviews_links_share_one_budget_and_its_cut_is_not_cached(
    serve: Serve, tmp_path: Path
) -> None:
    server = serve(tarpit)
    fast = serve(lambda method, path, n: Reply(200))
    urls = [server.url(f"/pit/{i}") for i in range(4)] + [fast.url("/ok")]
    cache = SqliteLinkCache(tmp_path / "links.db")
    options = replace(FAST, link_budget=30.0, run_budget=1.5, cache=cache, use_cache=True)

    started = time.monotonic()
    results = check_links(urls, options)

    assert time.monotonic() - started < 3.0
    assert results[fast.url("/ok")].verdict is Verdict.OK
    for url in urls[:4]:
        assert results[url].verdict is Verdict.UNVERIFIABLE
        assert "the 1.5 s one review may spend on links ran out" in results[url].reason
        assert cache.get(url) is None  # the next review checks it again
    assert cache.get(fast.url("/ok")) is not None
