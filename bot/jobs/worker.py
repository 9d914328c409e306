"""Workers: the huey consumer that runs review jobs, and `awesome-review worker`.

`build_worker(settings)` wires the collaborators (store, queue, GitHub gateways, part A's
pipeline, the link checker) once per process; tests pass their own instead.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from huey import Huey
from huey.consumer import Consumer, Scheduler
from huey.consumer import Worker as HueyWorker
from huey.signals import SIGNAL_ENQUEUED

from bot import logs, metrics
from bot.config import Config
from bot.github.protocol import Gateway, Gateways
from bot.jobs.audit import Auditor
from bot.jobs.commanding import CommandRunner
from bot.jobs.job import AuditJob, CommandJob, Job, PushJob, ReviewJob
from bot.jobs.pushes import PushRunner
from bot.jobs.queue import HueyQueue, make_huey
from bot.jobs.runner import Pipeline, RetryPolicy, Runner
from bot.jobs.store import SqliteStore, Store
from bot.settings import Settings, SettingsError, require_webhook_secret, settings_from_env

if TYPE_CHECKING:
    from bot.model import LinkResult
    from bot.pipeline import LinkChecker, Outcome

LOG = logging.getLogger(__name__)

EXIT_BAD_SETTINGS = 2
SHUTDOWN_SECONDS = 8.0  # below docker's 10 s between SIGTERM and SIGKILL
POLL_MAX_SECONDS = 0.5  # SQLite cannot block on an empty queue: workers poll at most this far apart


@dataclass
class WorkerParts:
    """Everything a worker process runs with."""

    settings: Settings
    store: Store
    queue: HueyQueue
    runner: Runner
    commands: CommandRunner
    auditor: Auditor | None = None

    def run_audit(self, job: AuditJob) -> str:
        """The audit task body: one repository's scheduled audit; a failure is logged (the
        next period tries again), never raised into the consumer."""
        if self.auditor is None:
            return "no auditor"
        with logs.context(repo=job.repo), metrics.timed_job("audit") as outcome:
            try:
                ran = self.auditor.run(job)
            except Exception:
                LOG.exception("the audit of %s failed", job.repo)
                ran = "failed"
            outcome(ran)
            return ran

    def scan_audits(self) -> int:
        """The periodic audit scan; a failure is logged, never raised."""
        if self.auditor is None:
            return 0
        try:
            return self.auditor.scan()
        except Exception:
            LOG.exception("the audit scan failed")
            return 0

    def run_job(self, job: Job) -> str:
        """The task body: a comment's commands, or a review — timed, counted, and with the
        job's delivery id, repo and PR on every log line it writes."""
        with logs.context(delivery=job.delivery_id, repo=job.repo, pr=job.pr_number), \
                metrics.timed_job(job.kind) as outcome:
            if isinstance(job, CommandJob):
                ran = self.commands.run(job)
            elif isinstance(job, PushJob):
                ran = PushRunner(self.runner).run(job)
            else:
                ran = self.runner.run(job).value
            outcome(ran)
            return ran


def make_store(settings: Settings) -> Store:
    """The store beside the queue: the same SQLite file, or Redis to scale out."""
    if settings.uses_redis:
        from bot.jobs.redis_store import RedisStore

        return RedisStore.from_url(settings.queue)
    return SqliteStore(store_path(settings.queue))


def store_path(queue: str) -> str:
    """The store's file beside the queue's: `awesome-review.db` → `awesome-review.store.db`.

    Not the queue's own file: huey's connection and ours would then wait on each other
    through SQLite's busy handler, which sleeps in steps of up to 100 ms.
    """
    path = Path(queue)
    return str(path.with_name(f"{path.stem}.store{path.suffix or '.db'}"))


def build_worker(
    settings: Settings,
    *,
    huey: Huey | None = None,
    store: Store | None = None,
    gateways: Gateways | None = None,
    pipeline: Pipeline | None = None,
    link_checker: LinkChecker | None = None,
    retry: RetryPolicy | None = None,
) -> WorkerParts:
    """Wire a worker; anything not given is built from `settings`."""
    queue = HueyQueue(huey or make_huey(settings))
    store = store or make_store(settings)
    runner = Runner(
        settings=settings,
        store=store,
        queue=queue,
        gateways=gateways or _gateways(settings),
        pipeline=pipeline or _pipeline(),
        link_checker=link_checker if link_checker is not None else _link_checker(settings),
        retry=retry or RetryPolicy(),
    )
    auditor = Auditor(settings, store, runner.gateways, runner.link_checker,
                      queue.enqueue_audit)
    parts = WorkerParts(settings, store, queue, runner, CommandRunner(runner), auditor)
    queue.attach(parts.run_job, runner.sweep, parts.run_audit, parts.scan_audits)
    return parts


def _gateways(settings: Settings) -> Gateways:
    from bot.github.auth import GatewayFactory
    from bot.github.metered import MeteredGateways

    return MeteredGateways(GatewayFactory(settings))  # counts calls for /metrics


def _pipeline() -> Pipeline:
    from bot.pipeline import review_pull_request

    def logged(
        job: ReviewJob, gateway: Gateway, link_checker: LinkChecker | None, settings: Settings
    ) -> Outcome:
        # A line when a review starts and one when it ends (inside the PR's lock), so the
        # logs show what ran when — and that no two ran for one PR at once.
        extra = {"sha": job.head_sha[:7]}
        LOG.info("review of %s#%d started", job.repo, job.pr_number,
                 extra={**extra, "event": "review-started"})
        try:
            return review_pull_request(job, gateway, link_checker, settings)
        finally:
            LOG.info("review of %s#%d ended", job.repo, job.pr_number,
                     extra={**extra, "event": "review-ended"})

    return logged


def _link_checker(settings: Settings) -> LinkChecker:
    """The link checker, its results counted; its cache beside the SQLite queue, or in
    Redis when the queue is (every worker on every host then shares it)."""
    from bot.links.cache import RedisLinkCache
    from bot.pipeline import make_link_checker

    if settings.uses_redis:
        check = make_link_checker(settings, cache=RedisLinkCache.from_url(settings.queue))
    else:
        check = make_link_checker(settings, str(Path(settings.queue).with_suffix(".links.db")))

    def counted(
        urls: Sequence[str],
        config: Config,
        fresh: bool,
        github_token: str | None = None,
        asker: str | None = None,
    ) -> Mapping[str, LinkResult]:
        results = check(urls, config, fresh, github_token, asker)
        metrics.count_link_results(results.values())
        return results

    return counted


# ---------------------------------------------------------------------- the consumer


class _WakeableWorker(HueyWorker):  # type: ignore[misc]
    """A huey worker that an enqueue in this process wakes at once, instead of waiting out
    its polling delay (SQLite storage cannot block on an empty queue)."""

    wake: threading.Event
    delay: float
    default_delay: float
    max_delay: float
    backoff: float

    def sleep(self) -> None:
        self.delay = min(self.delay, self.max_delay)
        if self.wake.wait(self.delay):
            self.wake.clear()
            self.delay = self.default_delay
        else:
            self.delay *= self.backoff


def make_consumer(parts: WorkerParts, workers: int) -> Consumer:
    """A huey consumer of `workers` threads; the sweep runs every `settings.sweep_seconds`."""
    wake = threading.Event()
    worker_class = type("ReviewWorker", (_WakeableWorker,), {"wake": wake})
    scheduler_class = type(
        "SweepScheduler", (Scheduler,), {"periodic_task_seconds": parts.settings.sweep_seconds}
    )
    consumer_class = type(
        "ReviewConsumer", (Consumer,),
        {"worker_class": worker_class, "scheduler_class": scheduler_class},
    )
    huey = parts.queue.huey
    huey.signal(SIGNAL_ENQUEUED)(lambda *_: wake.set())
    # SIGTERM (docker stop, systemd) lets running reviews finish for a few seconds; one cut
    # short is not lost: its lease runs out and the sweep enqueues it again.
    return consumer_class(
        huey, workers=workers, worker_type="thread", initial_delay=0.05,
        max_delay=POLL_MAX_SECONDS, backoff=1.5, periodic=True,
        graceful_signal="TERM", shutdown_timeout=SHUTDOWN_SECONDS,
    )


def start_sweep(parts: WorkerParts) -> None:
    """One sweep at start-up: reviews a previous run left pending are enqueued again."""
    try:
        count = parts.runner.sweep()
    except Exception:  # a broken store is reported by /readyz; the consumer still starts
        LOG.exception("start-up sweep failed")
        return
    if count:
        LOG.warning("start-up sweep: %d pending review(s) enqueued again", count)


# ---------------------------------------------------------------------- the command


def run_worker(args: argparse.Namespace) -> int:
    settings = load_settings()
    if settings is None:
        return EXIT_BAD_SETTINGS
    configure_logging(settings)
    parts = build_worker(settings)
    if args.metrics_port is not None:
        metrics.serve_metrics(args.metrics_port, metrics.make_registry(parts.queue, parts.store))
    start_sweep(parts)
    LOG.info("worker: %d thread(s) on %s", args.workers, settings.queue)
    make_consumer(parts, args.workers).run()  # huey handles SIGINT/SIGTERM itself
    return 0


def load_settings(require_secret: bool = False) -> Settings | None:
    """Settings from the environment, or None after a one-line error on stderr."""
    try:
        settings = settings_from_env()
        if require_secret:
            require_webhook_secret(settings)
    except SettingsError as exc:
        print(f"awesome-review: {exc}", file=sys.stderr)
        return None
    return settings


def configure_logging(settings: Settings) -> None:
    """Text lines, or JSON ones with AWESOME_REVIEW_LOG_FORMAT=json."""
    logs.configure(settings.log_format)
