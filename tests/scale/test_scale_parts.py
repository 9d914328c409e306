"""The parts scale-out mode adds: the link cache in Redis, JSON log lines with the delivery,
repo and PR, and gateways that count their GitHub calls."""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from jobs.test_jobs_store import REDIS_URL, redis_or_skip

from bot import logs, metrics
from bot.github.errors import GitHubUnavailable
from bot.github.metered import MeteredGateways
from bot.jobs.worker import _link_checker
from bot.links.cache import RedisLinkCache
from bot.model import LinkResult, Verdict
from bot.settings import Settings
from tests.fakes.recording import FixedGateways, RecordingGateway


@pytest.fixture
def redis_cache() -> Iterator[RedisLinkCache]:
    redis_or_skip()
    prefix = f"test-links-{uuid.uuid4().hex}:"
    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    yield RedisLinkCache(client, prefix)
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)


def result(url: str, verdict: Verdict, status: int | None = 200) -> LinkResult:
    return LinkResult(url=url, verdict=verdict, status=status)


@pytest.mark.redis
def test_redis_link_cache_shares_results_between_handles(redis_cache: RedisLinkCache) -> None:
    redis_cache.put(result("https://example.org/a", Verdict.OK))
    other = RedisLinkCache(redis_cache._client, redis_cache._prefix)  # another worker, same Redis
    hit = other.get("https://example.org/a")
    assert hit is not None and hit.verdict is Verdict.OK and hit.cached and hit.requests == 0
    assert other.get("https://example.org/b") is None


@pytest.mark.redis
def test_redis_link_cache_keeps_failures_for_less_time_and_skips_nothing_worth(redis_cache: RedisLinkCache) -> None:
    redis_cache.put(result("https://example.org/ok", Verdict.OK))
    redis_cache.put(result("https://example.org/gone", Verdict.BROKEN, 404))
    redis_cache.put(result("https://example.org/skip", Verdict.SKIPPED, None))
    client, prefix = redis_cache._client, redis_cache._prefix
    assert 23 * 3600 < client.ttl(prefix + "https://example.org/ok") <= 24 * 3600
    assert 0 < client.ttl(prefix + "https://example.org/gone") <= 3600
    assert client.exists(prefix + "https://example.org/skip") == 0


def test_redis_link_cache_unreachable_is_a_miss_not_a_crash(caplog: pytest.LogCaptureFixture) -> None:
    cache = RedisLinkCache.from_url("redis://127.0.0.1:1/0")  # nothing listens on port 1
    cache.put(result("https://example.org/a", Verdict.OK))
    assert cache.get("https://example.org/a") is None
    assert "link cache unavailable" in caplog.text


def test_workers_on_redis_use_the_redis_link_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    made: dict[str, Any] = {}

    def fake_make(settings: Settings, cache_path: str | None = None, cache: Any = None) -> Any:
        made.update(cache_path=cache_path, cache=cache)
        return lambda urls, config, fresh, github_token=None, asker=None: {}

    monkeypatch.setattr("bot.pipeline.make_link_checker", fake_make)
    _link_checker(Settings(queue="redis://127.0.0.1:6379/13"))
    assert isinstance(made["cache"], RedisLinkCache) and made["cache_path"] is None
    _link_checker(Settings(queue="/tmp/q/awesome-review.db"))
    assert made["cache"] is None and made["cache_path"] == "/tmp/q/awesome-review.links.db"


def test_json_log_lines_carry_the_bound_delivery_repo_and_pr() -> None:
    stream = io.StringIO()
    log = logging.getLogger("test.scale.json")
    log.addHandler(logs.make_handler("json", stream))
    log.setLevel(logging.INFO)
    with logs.context(delivery="d-1", repo="octo/awesome", pr=7):
        log.info("queued %s", "opened")
        log.warning("explicit", extra={"pr": 8})
    log.info("outside")
    first, second, third = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == "queued opened" and first["level"] == "INFO"
    assert (first["delivery"], first["repo"], first["pr"]) == ("d-1", "octo/awesome", 7)
    assert second["pr"] == 8  # what the caller passed wins
    assert "delivery" not in third and third["ts"].endswith("+00:00")


def test_text_log_lines_show_the_fields_in_brackets() -> None:
    stream = io.StringIO()
    log = logging.getLogger("test.scale.text")
    log.addHandler(logs.make_handler("text", stream))
    log.setLevel(logging.INFO)
    with logs.context(delivery="d-2", repo="octo/awesome", pr=3):
        log.info("hello")
    assert stream.getvalue().rstrip().endswith("hello [delivery=d-2 repo=octo/awesome pr=3]")


def sample(name: str, **labels: str) -> float:
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0


def test_metered_gateways_count_calls_by_outcome_and_record_the_rate_limit() -> None:
    ok = sample("awesome_review_github_calls_total", call="pull_request", outcome="ok")
    failed = sample("awesome_review_github_calls_total", call="create_comment", outcome="GitHubUnavailable")
    recording = RecordingGateway(rate_limit=4321, fail={"comment": GitHubUnavailable("502 from GitHub")})
    gateway = MeteredGateways(FixedGateways(recording)).for_installation(77)
    assert gateway.pull_request("octo/awesome", 1).number == 1
    assert gateway.login == "awesome-review[bot]"
    with pytest.raises(GitHubUnavailable):
        gateway.create_comment("octo/awesome", 1, "hi")
    assert sample("awesome_review_github_calls_total", call="pull_request", outcome="ok") == ok + 1
    assert sample("awesome_review_github_calls_total", call="create_comment",
                  outcome="GitHubUnavailable") == failed + 1
    assert sample("awesome_review_github_rate_limit_remaining") == 4321


@pytest.mark.parametrize(("status", "body", "outcome"), [
    (202, {"status": "queued"}, "queued"), (200, {"status": "duplicate"}, "duplicate"),
    (401, {"error": "missing"}, "unsigned"), (403, None, "bad-signature"),
    (413, None, "too-large"), (503, None, "unavailable"), (418, None, "418"),
])
def test_delivery_outcomes_name_what_happened(status: int, body: dict[str, str] | None, outcome: str) -> None:
    assert metrics.delivery_outcome(status, body) == outcome


def test_forged_event_names_do_not_become_label_values() -> None:
    before = sample("awesome_review_deliveries_total", event="other", outcome="unsigned")
    metrics.count_delivery("made-up-" + uuid.uuid4().hex, 401, None)
    assert sample("awesome_review_deliveries_total", event="other", outcome="unsigned") == before + 1
