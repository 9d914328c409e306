"""Scale-out on Redis: 2 gunicorn web processes, 3 worker processes, 500 signed deliveries for
50 PRs with redeliveries mixed in (tests/scale/scaleout.py). Needs the Redis server at
127.0.0.1:6379: fails when CI=true and it is missing, skips elsewhere saying how to run it.
`python bench/scale_out.py` runs the same scenario and prints the figures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from jobs.test_jobs_store import redis_or_skip

from scale.scaleout import Cluster, Plan, run, start_cluster

PLAN = Plan()


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    redis_or_skip()
    started = start_cluster(PLAN, tmp_path)
    try:
        yield started
    finally:
        started.stop()
        print(started.tails())  # shown when the test failed


@pytest.mark.redis
@pytest.mark.slow
def test_500_deliveries_for_50_prs_give_one_comment_each_at_the_last_head(cluster: Cluster) -> None:
    figures = run(PLAN, cluster)
    print("\n" + "\n".join(figures.lines()))
    assert figures.problems == []
    assert figures.deliveries == 500
    unique = PLAN.prs * PLAN.pushes
    assert figures.answers == {"202 queued": unique, "200 duplicate": 500 - unique}
    assert figures.comments == figures.prs_with_one_comment == PLAN.prs
    assert figures.duplicate_comments == figures.stale_comments == 0
    assert figures.lost_jobs == 0
    assert figures.overlaps == 0
    assert figures.reviews_run >= PLAN.prs
    # /metrics on one web process counts what both web processes and all workers did.
    metrics = figures.metrics
    assert metrics["awesome_review_deliveries_total{event=pull_request,outcome=queued}"] == unique
    assert metrics["awesome_review_deliveries_total{event=pull_request,outcome=duplicate}"] == 500 - unique
    assert metrics["awesome_review_jobs_total{kind=review,outcome=done}"] == figures.reviews_run
    assert metrics["awesome_review_job_duration_seconds_count{kind=review}"] >= unique
    assert metrics["awesome_review_github_calls_total{call=pull_request,outcome=ok}"] >= 2 * PLAN.prs
    assert 0 < metrics["awesome_review_github_rate_limit_remaining{}"] <= 5000
    assert metrics["awesome_review_link_checks_total{cached=no,verdict=ok}"] >= PLAN.prs
    assert metrics["awesome_review_queue_depth{}"] == 0
