"""Running review jobs: stale drops, the per-PR lock, retries with backoff, and the sweep.

The review itself is part A's pipeline (`bot.pipeline.review_pull_request`); this module
decides *whether* and *when* it runs, so every run is one the PR still wants, no two run
for one PR at once, a GitHub outage ends in a neutral check run rather than silence, and
a review whose worker died is enqueued again.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from types import TracebackType
from typing import Protocol

from bot.github.checkrun import post_failure
from bot.github.errors import GitHubError, RateLimited
from bot.github.protocol import Gateway, Gateways
from bot.jobs.fence import IN_FLIGHT_SECONDS, FencedGateway, Superseded
from bot.jobs.job import Job, PushJob, ReviewJob
from bot.jobs.queue import JobQueue, QueueError
from bot.jobs.store import DONE, FAILED, PENDING, Store, StoreError, Wanted
from bot.pipeline import LinkChecker, Outcome
from bot.settings import Settings

LOG = logging.getLogger(__name__)

LOCK_WAIT_SECONDS = 2.0  # a job finding its PR locked tries again this much later
MAX_SWEEPS = 3  # a review lost this many times (its worker killed each time) is given up
PRUNE_AFTER_SECONDS = 7 * 24 * 3600  # GitHub lets you redeliver for 3 days; keep a week


class Ran(StrEnum):
    """What one run of a job came to (logged, returned for tests)."""

    DONE = "done"
    STALE = "stale"  # a newer review is wanted for the PR
    ALREADY_DONE = "already-done"  # this very review was posted already
    LOCKED = "locked"  # another job holds the PR; enqueued again shortly
    RETRY = "retry"  # GitHub failed; enqueued again with backoff
    GAVE_UP = "gave-up"  # out of retries (or a permanent failure): neutral check run


class Pipeline(Protocol):
    """One review, end to end: `bot.pipeline.review_pull_request` (tests script their own)."""

    def __call__(
        self, job: ReviewJob, gateway: Gateway, link_checker: LinkChecker | None,
        settings: Settings,
    ) -> Outcome: ...  # fmt: skip


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Backoff for GitHub errors: base·2^attempt (± jitter) up to `cap`, `attempts` times."""

    attempts: int = 5
    base: float = 5.0
    cap: float = 300.0
    jitter: float = 0.2

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        wait = min(self.cap, self.base * 2**attempt)
        wait *= 1 + random.uniform(-self.jitter, self.jitter)  # spread a thundering herd
        return float(max(wait, retry_after or 0.0))


@dataclass
class Runner:
    """Runs review jobs; one per worker process, shared by its threads."""

    settings: Settings
    store: Store
    queue: JobQueue
    gateways: Gateways
    pipeline: Pipeline
    link_checker: LinkChecker | None
    clock: Callable[[], float] = time.time
    retry: RetryPolicy = RetryPolicy()
    in_flight: float = IN_FLIGHT_SECONDS  # how long a dead worker's last write may take to land

    # ------------------------------------------------------------------ one review

    def run(self, job: ReviewJob, gateway: Gateway | None = None) -> Ran:
        """Run one review job, unless it is stale, done or locked."""
        extra = {"delivery": job.delivery_id, "repo": job.repo, "pr": job.pr_number}
        skip = self._skip_reason(job)
        if skip is not None:
            LOG.info("%s#%d: %s, not run", job.repo, job.pr_number, skip.value, extra=extra)
            return skip
        owner = uuid.uuid4().hex
        lock = f"lock:{job.repo}#{job.pr_number}"
        if not self.store.lock(lock, owner, self.clock(), self.settings.lease_seconds):
            self.enqueue_again(job, LOCK_WAIT_SECONDS)
            LOG.info("%s#%d is being reviewed; retry shortly", job.repo, job.pr_number, extra=extra)
            return Ran.LOCKED
        try:
            with Heartbeat(self, job, lock, owner):
                return self._review(job, gateway, extra, lambda: self._holds(lock, owner))
        finally:
            self.store.unlock(lock, owner)

    def _holds(self, lock: str, owner: str) -> bool:
        """The fencing check before a write: still our lock (renewed), or free again."""
        return self.store.lock(lock, owner, self.clock(), self.settings.lease_seconds)

    def _skip_reason(self, job: ReviewJob) -> Ran | None:
        wanted = self.store.wanted(job.key)
        if wanted is None:
            return None  # recorded before the store existed, or pruned: run it anyway
        if wanted.seq > job.seq:
            return Ran.STALE
        if wanted.state != PENDING and wanted.seq == job.seq:
            return Ran.ALREADY_DONE
        return None

    def _review(self, job: ReviewJob, gateway: Gateway | None, extra: dict[str, object],
                still_ours: Callable[[], bool]) -> Ran:
        started = self.clock()
        try:
            gateway = gateway or self.gateways.for_installation(job.installation_id)
            fenced = FencedGateway(gateway, still_ours)
            outcome = self.pipeline(job, fenced, self.link_checker, self.settings)
        except Superseded as exc:  # the worker that took over publishes; this one stops
            LOG.warning("%s#%d: %s; stopped", job.repo, job.pr_number, exc, extra=extra)
            return Ran.STALE
        except GitHubError as exc:
            return self._failed(job, exc, gateway, extra)
        except Exception as exc:  # a bug must end in a neutral check run, not a silent loss
            LOG.exception("%s#%d: review crashed", job.repo, job.pr_number, extra=extra)
            self.give_up(job, f"the review crashed ({type(exc).__name__}: {exc})", gateway)
            return Ran.GAVE_UP
        # Stale (the head moved on: a newer job reviews it), not touching the list, or the PR
        # gone: all final for this job.
        self.store.finish(job.key, job.seq, DONE, self.clock())
        LOG.info("%s#%d reviewed at %s in %.2fs (%s): %s", job.repo, job.pr_number,
                 job.head_sha[:7], self.clock() - started, job.trigger, outcome, extra=extra)
        if job.comment_id is not None:  # the recheck a command asked for is done
            self._react(job, gateway, job.comment_id, "rocket")
        return Ran.DONE

    def _react(self, job: ReviewJob, gateway: Gateway, comment_id: int, content: str) -> None:
        try:
            gateway.add_reaction(job.repo, comment_id, content)
        except GitHubError as exc:  # the review is posted; a missing 🚀 is not worth a retry
            LOG.warning("%s#%d: reaction %s failed: %s", job.repo, job.pr_number, content, exc,
                        extra={"delivery": job.delivery_id})

    def _failed(
        self, job: ReviewJob, exc: GitHubError, gateway: Gateway | None, extra: dict[str, object]
    ) -> Ran:
        """A GitHub error: retry later if it may pass, else give up with a neutral check."""
        if exc.retryable and job.attempt + 1 < self.retry.attempts:
            retry_after = exc.retry_after if isinstance(exc, RateLimited) else None
            delay = self.retry.delay(job.attempt, retry_after)
            LOG.warning("%s#%d: GitHub failed (%s); retry %d/%d in %.1fs", job.repo,
                        job.pr_number, exc, job.attempt + 1, self.retry.attempts - 1, delay,
                        extra=extra)
            self.enqueue_again(job.retried(), delay)
            return Ran.RETRY
        tries = f" after {job.attempt + 1} attempts" if exc.retryable else ""
        self.give_up(job, f"GitHub failed{tries}: {exc}", gateway)
        return Ran.GAVE_UP

    def enqueue_again(self, job: Job, delay: float) -> None:
        """Enqueue `job` again after `delay`; its lease covers the wait, so no sweep races it."""
        self.store.extend(job.key, job.seq, self.clock() + delay + self.settings.lease_seconds)
        try:
            self.queue.enqueue(job, delay)
        except QueueError as exc:
            LOG.error("%s; the sweep will enqueue it", exc, extra={"delivery": job.delivery_id})

    # ------------------------------------------------------------------ giving up

    def give_up(self, job: Job, reason: str, gateway: Gateway | None = None) -> None:
        """Mark the job failed; for a review, say so with a neutral check run (and a log line)."""
        what = (f"the review of {job.head_sha[:7]}" if isinstance(job, ReviewJob)
                else f"the re-reviews after push {job.head_sha[:7]}" if isinstance(job, PushJob)
                else f"the command {','.join(job.commands)}")
        LOG.error("%s#%d: giving up on %s: %s", job.repo, job.pr_number, what, reason,
                  extra={"delivery": job.delivery_id, "repo": job.repo, "pr": job.pr_number})
        self.store.finish(job.key, job.seq, FAILED, self.clock())
        if not isinstance(job, ReviewJob):
            # A command's PR SHAs were never read; a push's commit is no pull request's.
            return
        try:
            gateway = gateway or self.gateways.for_installation(job.installation_id)
            post_failure(gateway, job.repo, job.head_sha, reason)  # neutral check (or status)
        except GitHubError as exc:
            LOG.error("%s#%d: the neutral check run failed too: %s", job.repo, job.pr_number,
                      exc, extra={"delivery": job.delivery_id})

    # ------------------------------------------------------------------ the sweep

    def sweep(self) -> int:
        """Enqueue again every wanted review whose lease ran out; returns how many."""
        now = self.clock()
        # A lease is over only once a write sent under it has landed or timed out: a rerun
        # started sooner could list the PR's comments before a dead worker's POST lands.
        over = now - self.in_flight
        enqueued = 0
        for wanted in self.store.due(over):
            if wanted.sweeps >= MAX_SWEEPS:
                self.give_up(wanted.job, f"its worker was lost {wanted.sweeps + 1} times")
            elif self.store.claim_due(wanted.key, wanted.seq, over,
                                      now + self.settings.lease_seconds):
                enqueued += self._requeue(wanted)
        self.store.prune(now - PRUNE_AFTER_SECONDS)
        return enqueued

    def _requeue(self, wanted: Wanted) -> int:
        job = wanted.job
        LOG.warning("%s#%d: %s still pending %.0fs after it was wanted; enqueued again",
                    job.repo, job.pr_number, wanted.key, self.clock() - wanted.enqueued_at,
                    extra={"delivery": job.delivery_id})
        try:
            self.queue.enqueue(job)
        except QueueError as exc:
            LOG.error("sweep: %s", exc)
            return 0
        return 1


class Heartbeat:
    """While a job runs, keep renewing its lease and its PR lock, so a long review is not
    taken for a dead one — and a dead one is noticed within one lease."""

    def __init__(self, runner: Runner, job: ReviewJob, lock: str, owner: str) -> None:
        self.runner, self.job, self.lock, self.owner = runner, job, lock, owner
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="lease-heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._renew()
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _beat(self) -> None:
        while not self._stop.wait(self.runner.settings.lease_seconds / 3):
            self._renew()

    def _renew(self) -> None:
        runner, now = self.runner, self.runner.clock()
        lease = runner.settings.lease_seconds
        try:
            runner.store.extend(self.job.key, self.job.seq, now + lease)
            runner.store.lock(self.lock, self.owner, now, lease)
        except StoreError as exc:  # the review goes on; at worst it runs twice (idempotent)
            LOG.warning("could not renew the lease of %s: %s", self.job.key, exc)
