"""GitHub faults through the real job runner: huey consumer threads on a real SQLite queue and
store, the real pipeline, real PyGithub, the fake GitHub on loopback.

tests/github/test_github_faults.py covers each fault against the pipeline alone (PyGithub's
own retries absorbing it, or a typed error raised). Here each fault outlasts PyGithub's
retries, so the *runner* must retry the job (or give up with a neutral check run and a log
line) — and the worker threads must still be alive afterwards.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from huey import SqliteHuey

from bot.github import FAST_OPTIONS, GatewayFactory
from bot.jobs.job import ReviewJob
from bot.jobs.runner import RetryPolicy
from bot.jobs.store import DONE, FAILED, PENDING, SqliteStore
from bot.jobs.worker import WorkerParts, build_worker, make_consumer
from tests.fakes.fixtures import APP_LOGIN, GitHubWorld
from tests.fakes.scenario import DUPLICATE_ENTRY, SMALL_LIST, PullUnderTest, open_pull, with_entry

PULL = "GET /repos/{owner}/{repo}/pulls/{number}"
FILES = "GET /repos/{owner}/{repo}/pulls/{number}/files"
CONTENTS = "GET /repos/{owner}/{repo}/contents/{path}"
COMMENT = "POST /repos/{owner}/{repo}/issues/{number}/comments"
CHECK = "POST /repos/{owner}/{repo}/check-runs"
REVIEW = "POST /repos/{owner}/{repo}/pulls/{number}/reviews"

# The gateway tries 1 + 3 times and waits at most 1 s for an answer; the runner 4 times.
OPTIONS = replace(FAST_OPTIONS, timeout=1)
RETRY = RetryPolicy(attempts=4, base=0.2, cap=1.0, jitter=0.0)
OUTLASTS_PYGITHUB = FAST_OPTIONS.retries + 2  # one failed job run, then one more failure


@dataclass
class Worker:
    parts: WorkerParts
    store: SqliteStore
    world: GitHubWorld
    threads: list[threading.Thread]

    def review(self, pr: PullUnderTest) -> ReviewJob:
        # Two PRs with the same files have the same head SHA: a delivery id of their own.
        job = replace(pr.job("synchronize"), delivery_id=uuid.uuid4().hex)
        numbered = self.store.accept(job, time.time(), time.time() + 60)
        assert numbered is not None
        self.parts.queue.enqueue(numbered)
        return numbered

    def settled(self, job: ReviewJob, seconds: float = 60.0) -> str:
        """The wanted review's final state, waiting (bounded) for the runner to settle it."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            wanted = self.store.wanted(job.key)
            if wanted is not None and wanted.state != PENDING:
                return wanted.state
            time.sleep(0.05)
        pytest.fail(f"the review of {job.key} was still pending after {seconds:.0f}s")

    def alive(self) -> bool:
        return all(thread.is_alive() for thread in self.threads)


@contextmanager
def worker(world: GitHubWorld, tmp_path: Path) -> Iterator[Worker]:
    """The embedded worker: 2 consumer threads (without signal handlers: pytest owns them)."""
    db = str(tmp_path / "queue.db")
    settings = replace(world.settings, queue=db, lease_seconds=60.0)
    store = SqliteStore(str(tmp_path / "store.db"))
    parts = build_worker(settings, huey=SqliteHuey("awesome-review", filename=db, results=False),
                         store=store, gateways=GatewayFactory(settings, OPTIONS),
                         link_checker=lambda urls, config, fresh, github_token=None, asker=None: {}, retry=RETRY)
    consumer = make_consumer(parts, 2)
    consumer.scheduler.start()
    threads = [thread for _, thread in consumer.worker_threads]
    for thread in threads:
        thread.start()
    try:
        yield Worker(parts, store, world, threads)
    finally:
        consumer.stop(graceful=True)


def wait_for_log(caplog: pytest.LogCaptureFixture, words: str, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(words in r.getMessage() for r in caplog.records):
            return
        time.sleep(0.05)
    pytest.fail(f"no log line saying {words!r} within {seconds:.0f}s")


def _pr(world: GitHubWorld) -> PullUnderTest:
    head = with_entry(SMALL_LIST, "- [TGI]", DUPLICATE_ENTRY)
    return open_pull(world, {"README.md": SMALL_LIST}, {"README.md": head})


def _sticky(pr: PullUnderTest) -> list[dict[str, Any]]:
    return [c for c in pr.comments()
            if c["login"] == APP_LOGIN and "awesome-review:sticky" in str(c["body"])]


RECOVERED = {  # each outlasts PyGithub's retries once; the runner's retry then posts
    "500 on the PR": (PULL, {"status": 500}),
    "502 on the contents": (CONTENTS, {"status": 502}),
    "503 on the comment": (COMMENT, {"status": 503}),
    "403 secondary rate limit with Retry-After": (FILES, {"rate_limit": "secondary", "retry_after": 1}),
    "429 on the check run": (CHECK, {"status": 429, "retry_after": 0}),
    "timeout": (PULL, {"delay": 1.5}),
    # A 200 with half a body is not retried by PyGithub: each job run meets it once.
    "truncated JSON": (FILES, {"truncate": True, "times": 2}),
}


@pytest.mark.parametrize("name", list(RECOVERED))
def test_fault_outlasting_pygithub_is_retried_by_the_runner_and_posted(
    github_world: GitHubWorld, tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    route, fault = RECOVERED[name]
    github_world.fake.fail(route, **{"times": OUTLASTS_PYGITHUB, **fault})
    pr = _pr(github_world)
    with caplog.at_level(logging.INFO), worker(github_world, tmp_path) as w:
        job = w.review(pr)
        assert w.settled(job) == DONE
        assert w.alive()
    assert len(_sticky(pr)) == 1  # a retried comment POST did not post twice
    assert [r["conclusion"] for r in pr.check_runs()] == ["failure"]  # the duplicate entry
    assert any("GitHub failed" in r.getMessage() and "retry 1/3" in r.getMessage()
               for r in caplog.records)


def test_primary_rate_limit_exhausted_waits_for_the_reset(
    github_world: GitHubWorld, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # X-RateLimit-Remaining: 0, resetting after the gateway's longest sleep (3 s): the job is
    # enqueued again for after the reset instead of holding a worker.
    github_world.fake.fail(PULL, rate_limit="primary", reset_in=4, times=1)
    pr = _pr(github_world)
    with caplog.at_level(logging.INFO), worker(github_world, tmp_path) as w:
        started = time.monotonic()
        job = w.review(pr)
        assert w.settled(job) == DONE
        waited = time.monotonic() - started
    assert len(_sticky(pr)) == 1
    assert waited >= 2.5  # the retry came after the reset, not straight away
    assert any("rate limit" in r.getMessage().lower() and "retry 1/3" in r.getMessage()
               for r in caplog.records)


def test_422_on_the_review_still_posts_the_comment_and_check(
    github_world: GitHubWorld, tmp_path: Path
) -> None:
    github_world.fake.fail(REVIEW, status=422, message="Line could not be resolved", times=-1)
    pr = _pr(github_world)
    with worker(github_world, tmp_path) as w:
        assert w.settled(w.review(pr)) == DONE
        assert w.alive()
    assert len(_sticky(pr)) == 1
    assert [r["conclusion"] for r in pr.check_runs()] == ["failure"]


def test_a_fault_that_never_ends_gives_up_with_a_neutral_check_run(
    github_world: GitHubWorld, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    github_world.fake.fail(COMMENT, status=502, times=-1)
    pr = _pr(github_world)
    with caplog.at_level(logging.INFO), worker(github_world, tmp_path) as w:
        assert w.settled(pr_job := w.review(pr)) == FAILED
        assert w.alive()
    [run] = pr.check_runs()
    assert run["conclusion"] == "neutral"
    assert "502" in str(run["output"]) and "/recheck" in str(run["output"])
    gave_up = [r for r in caplog.records if "giving up on the review" in r.getMessage()]
    assert len(gave_up) == 1 and "after 4 attempts" in gave_up[0].getMessage()
    assert gave_up[0].levelno == logging.ERROR and pr_job.head_sha[:7] in gave_up[0].getMessage()


def test_github_down_everywhere_is_logged_not_lost_and_the_worker_survives(
    github_world: GitHubWorld, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    github_world.fake.fail("*", status=503, times=-1)
    pr = _pr(github_world)
    with caplog.at_level(logging.INFO), worker(github_world, tmp_path) as w:
        assert w.settled(w.review(pr)) == FAILED
        wait_for_log(caplog, "the neutral check run failed too")  # said, not silent
        assert w.alive()
        github_world.fake.faults.clear()  # GitHub is back: the same worker reviews the next PR
        other = _pr(github_world)
        assert w.settled(w.review(other)) == DONE
    assert any("giving up on the review" in r.getMessage() for r in caplog.records)
    assert len(_sticky(other)) == 1
