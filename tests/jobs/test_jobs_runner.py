"""The review runner: stale drops, the per-PR lock, retries with backoff, giving up, the sweep."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from bot.github.errors import GitHubUnavailable, NotFound, RateLimited
from bot.github.protocol import Gateway
from bot.jobs.fence import IN_FLIGHT_SECONDS
from bot.jobs.job import ReviewJob
from bot.jobs.runner import MAX_SWEEPS, Ran
from bot.jobs.store import DONE, FAILED, PENDING
from bot.pipeline import LinkChecker, Outcome, OutcomeKind
from bot.settings import Settings
from jobs.conftest import Rig, review_job


def test_wanted_review_runs_and_is_marked_done(rig: Rig) -> None:
    job = rig.want(review_job())
    assert rig.parts.run_job(job) == "done"
    assert rig.pipeline.runs == [job]
    wanted = rig.store.wanted(job.key)
    assert wanted is not None and wanted.state == DONE


def test_same_review_again_is_not_run_twice(rig: Rig) -> None:
    job = rig.want(review_job())
    rig.parts.run_job(job)
    assert rig.parts.run_job(job) == Ran.ALREADY_DONE
    assert len(rig.pipeline.runs) == 1


def test_job_for_an_older_head_is_dropped_as_stale(rig: Rig) -> None:
    old = rig.want(review_job(head_sha="1" * 40, delivery_id="d-1"))
    new = rig.want(review_job(head_sha="2" * 40, delivery_id="d-2", trigger="synchronize"))
    assert rig.parts.run_job(old) == Ran.STALE
    assert rig.parts.run_job(new) == Ran.DONE
    assert [j.head_sha for j in rig.pipeline.runs] == ["2" * 40]


def test_finishing_an_old_run_does_not_mark_the_new_head_done(rig: Rig) -> None:
    old = rig.want(review_job(head_sha="1" * 40, delivery_id="d-1"))
    # A push lands while the old review runs: the old run must not close the new one.
    rig.pipeline.during = lambda job: rig.want(review_job(head_sha="2" * 40, delivery_id="d-2"))
    assert rig.parts.run_job(old) == Ran.DONE
    wanted = rig.store.wanted(old.key)
    assert wanted is not None and wanted.state == PENDING and wanted.job.head_sha == "2" * 40


def test_two_jobs_for_one_pr_never_run_at_once(rig: Rig) -> None:
    first = rig.want(review_job(delivery_id="d-1"))
    outcomes = []
    rig.pipeline.during = lambda job: outcomes.append(rig.parts.run_job(job))
    assert rig.parts.run_job(first) == Ran.DONE
    assert outcomes == [Ran.LOCKED]  # the same PR, tried while the first held the lock
    [(again, _)] = rig.scheduled()
    assert again == first  # enqueued again, shortly, unchanged


def test_github_outage_is_retried_with_backoff(rig: Rig) -> None:
    job = rig.want(review_job())
    rig.pipeline.errors = [GitHubUnavailable("502 Bad Gateway", status=502)]
    assert rig.parts.run_job(job) == Ran.RETRY
    [(retry, _)] = rig.scheduled()
    assert retry == replace(job, attempt=1)
    wanted = rig.store.wanted(job.key)
    # The lease covers the backoff, so the sweep does not enqueue a second copy meanwhile.
    assert wanted is not None and wanted.state == PENDING
    assert wanted.lease_until >= rig.clock() + 10 + 60
    assert rig.parts.run_job(retry) == Ran.DONE


def test_rate_limit_waits_at_least_retry_after(rig: Rig) -> None:
    job = rig.want(review_job())
    rig.pipeline.errors = [RateLimited("secondary rate limit", retry_after=45.0, status=403)]
    rig.parts.run_job(job)
    wanted = rig.store.wanted(job.key)
    assert wanted is not None and wanted.lease_until >= rig.clock() + 45 + 60


def test_retries_running_out_end_in_a_neutral_check_run_and_a_log_line(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    job = rig.want(review_job())
    rig.pipeline.errors = [GitHubUnavailable("503", status=503) for _ in range(3)]
    with caplog.at_level(logging.ERROR):
        results = [rig.parts.run_job(replace(job, attempt=n)) for n in range(3)]
    assert results == [Ran.RETRY, Ran.RETRY, Ran.GAVE_UP]
    [(_, sha, name, conclusion, output)] = rig.gateway.named("check_run")
    assert (sha, name, conclusion) == (job.head_sha, "awesome-review", "neutral")
    assert "after 3 attempts" in output["summary"] and "/recheck" in output["summary"]
    assert any("giving up" in r.getMessage() for r in caplog.records)
    wanted = rig.store.wanted(job.key)
    assert wanted is not None and wanted.state == FAILED


def test_permanent_github_error_gives_up_at_once(rig: Rig) -> None:
    job = rig.want(review_job())
    rig.pipeline.errors = [NotFound("Not Found", status=404)]
    assert rig.parts.run_job(job) == Ran.GAVE_UP
    assert rig.scheduled() == []
    assert len(rig.gateway.named("check_run")) == 1


def test_a_crash_in_the_review_is_reported_not_lost(rig: Rig) -> None:
    job = rig.want(review_job())
    rig.pipeline.errors = [ZeroDivisionError("oops")]
    assert rig.parts.run_job(job) == Ran.GAVE_UP
    [(_, _, _, conclusion, output)] = rig.gateway.named("check_run")
    assert conclusion == "neutral" and "ZeroDivisionError" in output["summary"]


def test_check_run_failing_too_is_logged_not_raised(rig: Rig, caplog: pytest.LogCaptureFixture) -> None:
    job = rig.want(review_job())
    rig.pipeline.errors = [NotFound("gone", status=404)]
    rig.gateway.fail["check_run"] = GitHubUnavailable("502", status=502)
    with caplog.at_level(logging.ERROR):
        assert rig.parts.run_job(job) == Ran.GAVE_UP
    assert any("neutral check run failed too" in r.getMessage() for r in caplog.records)


def test_sweep_enqueues_reviews_whose_lease_ran_out(rig: Rig) -> None:
    # Recorded by the web process, but the enqueue was lost (or its worker was SIGKILLed).
    job = rig.want(review_job())
    assert rig.parts.runner.sweep() == 0  # the lease (60 s) has not run out yet
    rig.clock.now += 61
    assert rig.parts.runner.sweep() == 0  # a write sent under the lease may still be landing
    rig.clock.now += IN_FLIGHT_SECONDS
    assert rig.parts.runner.sweep() == 1
    assert rig.queued() == [job]
    assert rig.parts.runner.sweep() == 0  # claimed: a second sweep does not enqueue it again
    assert rig.parts.run_job(job) == Ran.DONE
    rig.clock.now += 1000
    assert rig.parts.runner.sweep() == 0


def test_sweep_gives_up_on_a_review_that_keeps_losing_its_worker(rig: Rig) -> None:
    job = rig.want(review_job())
    for _ in range(MAX_SWEEPS):
        rig.clock.now += 61 + IN_FLIGHT_SECONDS
        assert rig.parts.runner.sweep() == 1
    rig.clock.now += 61 + IN_FLIGHT_SECONDS
    assert rig.parts.runner.sweep() == 0
    wanted = rig.store.wanted(job.key)
    assert wanted is not None and wanted.state == FAILED
    [(_, _, _, conclusion, output)] = rig.gateway.named("check_run")
    assert conclusion == "neutral" and "worker was lost" in output["summary"]


def test_running_job_keeps_its_lease(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from jobs.conftest import make_rig

    rig = make_rig(tmp_path)
    rig.parts.runner.settings = replace(rig.parts.runner.settings, lease_seconds=0.06)
    job = rig.want(review_job())
    seen: list[float] = []

    def slow(job: object) -> None:
        import time

        start = rig.store.wanted(review_job().key).lease_until  # type: ignore[union-attr]
        rig.clock.now += 5  # time passes while the review runs
        time.sleep(0.1)  # > lease/3: the heartbeat renews at least once
        seen.append(rig.store.wanted(review_job().key).lease_until - start)  # type: ignore[union-attr]

    rig.pipeline.during = slow
    rig.parts.run_job(job)
    assert seen and seen[0] >= 5


def test_a_worker_that_lost_its_lock_writes_nothing_more(rig: Rig) -> None:
    # The worker stalls past its lease; another takes the PR's lock; then it tries to post.
    def stalled(job: ReviewJob, gateway: Gateway, link_checker: LinkChecker | None,
                settings: Settings) -> Outcome:
        gateway.create_comment(job.repo, job.pr_number, "written while the lock was ours")
        rig.clock.now += settings.lease_seconds + 1
        assert rig.store.lock(f"lock:{job.repo}#{job.pr_number}", "another-worker", rig.clock(), 60)
        gateway.create_comment(job.repo, job.pr_number, "written after it was lost")
        return Outcome(OutcomeKind.POSTED)

    rig.parts.runner.pipeline = stalled
    job = rig.want(review_job())
    assert rig.parts.run_job(job) == Ran.STALE
    assert [c[2] for c in rig.gateway.named("comment")] == ["written while the lock was ours"]
    wanted = rig.store.wanted(job.key)
    assert wanted is not None and wanted.state == PENDING  # the other worker finishes it
