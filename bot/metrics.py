"""Prometheus metrics: deliveries, jobs, GitHub API calls, link checks and the queue.

Processes. `awesome-review serve` is one process: the web threads and the worker threads
update the same in-memory metrics and `/metrics` shows them all. Under gunicorn each web
worker is its own process, and a scrape reaches only one of them — so deploy/ sets
PROMETHEUS_MULTIPROC_DIR: every process (gunicorn's and `awesome-review worker`s on the same
host) writes its values to files there, and `/metrics` on any web process sums them
(prometheus-client's multiprocess mode). The variable must be set before this module is
imported and the directory emptied when the host's processes start (deploy/gunicorn.conf.py
does both). Workers on other hosts serve their own with `awesome-review worker --metrics-port`.

Queue depth is not a stored value: it is read from the queue and the store at each scrape.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIServer

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from bot.model import LinkResult

if TYPE_CHECKING:  # the jobs modules import this one
    from bot.jobs.queue import JobQueue
    from bot.jobs.store import Store

LOG = logging.getLogger(__name__)

CONTENT_TYPE = CONTENT_TYPE_LATEST
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"  # read by prometheus-client itself
# GitHub sends more events than we route; any other name (or a forged one) is "other", so
# a stranger cannot mint label values.
KNOWN_EVENTS = frozenset({
    "pull_request", "issue_comment", "check_run", "check_suite", "ping",
    "installation", "installation_repositories", "github_app_authorization",
})
STATUS_OUTCOMES = {
    400: "bad-request", 401: "unsigned", 403: "bad-signature", 404: "not-found",
    405: "bad-method", 413: "too-large", 500: "error", 503: "unavailable",
}

def multiprocess_dir() -> str | None:
    """The multiprocess directory, when this process shares its metrics through one."""
    return os.environ.get(MULTIPROC_ENV) or None


def _prepare_multiprocess_dir() -> None:
    """prometheus-client writes there as soon as a metric exists: the directory must too."""
    directory = multiprocess_dir()
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)


_prepare_multiprocess_dir()

DELIVERIES = Counter(
    "awesome_review_deliveries", "Webhook deliveries answered, by event and outcome",
    ["event", "outcome"],
)
JOBS = Counter("awesome_review_jobs", "Jobs a worker ran, by kind and outcome", ["kind", "outcome"])
JOB_SECONDS = Histogram(
    "awesome_review_job_duration_seconds", "Time a worker spent on one job, by kind",
    ["kind"], buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300),
)
GITHUB_CALLS = Counter(
    "awesome_review_github_calls", "GitHub API calls through the gateway, by call and outcome",
    ["call", "outcome"],
)
_REMAINING_LOCK = threading.Lock()
_remaining: list[Gauge] = []  # the rate-limit gauge, made at the first value GitHub reports
LINK_CHECKS = Counter(
    "awesome_review_link_checks", "Link results by verdict (cached: from the link cache)",
    ["verdict", "cached"],
)


# ---------------------------------------------------------------------- updates


def count_delivery(event: str, status: int, body: Mapping[str, Any] | None) -> None:
    """One webhook answer: 2xx by the status it reports (queued, duplicate…), else by code."""
    label = event if event in KNOWN_EVENTS else "other"
    DELIVERIES.labels(label, delivery_outcome(status, body)).inc()


def delivery_outcome(status: int, body: Mapping[str, Any] | None) -> str:
    """queued, duplicate, ignored, pong — or what an error status means."""
    if 200 <= status < 300 and body and isinstance(body.get("status"), str):
        return str(body["status"])
    return STATUS_OUTCOMES.get(status, str(status))


@contextmanager
def timed_job(kind: str) -> Iterator[Callable[[str], None]]:
    """Time a job; the block reports its outcome through the callable it is given."""
    outcome = ["error"]  # an exception out of the job leaves this
    started = time.perf_counter()
    try:
        yield lambda value: outcome.__setitem__(0, value)
    finally:
        JOB_SECONDS.labels(kind).observe(time.perf_counter() - started)
        JOBS.labels(kind, outcome[0]).inc()


def count_github_call(call: str, outcome: str, remaining: int | None) -> None:
    """One gateway call; `remaining` is the rate limit GitHub reported, when it did."""
    GITHUB_CALLS.labels(call, outcome).inc()
    if remaining is not None and remaining >= 0:
        _remaining_gauge().set(remaining)


def _remaining_gauge() -> Gauge:
    """The gauge of GitHub's X-RateLimit-Remaining. It exists only once GitHub has said: a
    gauge made at start-up reads 0 until the first call, and an alert on it would fire at
    every start."""
    with _REMAINING_LOCK:
        if not _remaining:
            _remaining.append(Gauge(
                "awesome_review_github_rate_limit_remaining",
                "X-RateLimit-Remaining of the latest GitHub API answer",
                multiprocess_mode="mostrecent",
            ))
        return _remaining[0]


def count_link_results(results: Iterable[LinkResult]) -> None:
    """Link results of one check run, by verdict."""
    for result in results:
        LINK_CHECKS.labels(result.verdict.value, "yes" if result.cached else "no").inc()


# ---------------------------------------------------------------------- exposition


class QueueCollector(Collector):
    """Queue depth and pending reviews, read at each scrape (a stale copy would mislead)."""

    def __init__(self, queue: JobQueue | None, store: Store | None) -> None:
        self.queue, self.store = queue, store

    def collect(self) -> Iterator[GaugeMetricFamily]:
        yield from _gauge("awesome_review_queue_depth", "Jobs waiting in the queue (huey)",
                          self.queue.pending if self.queue else None)
        yield from _gauge("awesome_review_reviews_pending",
                          "Wanted reviews not yet done (the store)",
                          self.store.pending_count if self.store else None)


def _gauge(
    name: str, doc: str, read: Callable[[], int] | None
) -> Iterator[GaugeMetricFamily]:
    if read is None:
        return
    try:
        value = float(read())
    except Exception as exc:  # an unreachable queue must not break the whole scrape
        LOG.warning("metrics: %s unavailable: %s", name, exc)
        return
    yield GaugeMetricFamily(name, doc, value=value)


class _ThisProcess(Collector):
    """The default registry's metrics (this process only), inside another registry."""

    def collect(self) -> Iterable[Any]:
        return REGISTRY.collect()


def make_registry(
    queue: JobQueue | None = None, store: Store | None = None
) -> CollectorRegistry:
    """A registry for /metrics: every process's metrics in multiprocess mode, else this
    process's; plus the queue depth when a queue or store is given."""
    registry = CollectorRegistry(auto_describe=False)
    if multiprocess_dir():
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(_ThisProcess())
    if queue is not None or store is not None:
        registry.register(QueueCollector(queue, store))
    return registry


def exposition(registry: CollectorRegistry) -> bytes:
    """The Prometheus text format of `registry`."""
    return generate_latest(registry)


def serve_metrics(port: int, registry: CollectorRegistry, host: str = "0.0.0.0") -> WSGIServer:
    """Serve /metrics on `port` in a daemon thread (a worker process without a web app)."""
    server, _thread = start_http_server(port, addr=host, registry=registry)
    LOG.info("metrics on http://%s:%d/metrics", host, server.server_port)
    return server


def mark_process_dead(pid: int) -> None:
    """Drop a dead gunicorn worker's live gauges (multiprocess mode; gunicorn's child_exit)."""
    if multiprocess_dir():
        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]

