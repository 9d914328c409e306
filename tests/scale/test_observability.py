"""Observability in the embedded mode: the real `awesome-review serve` (one process, web and
worker threads), real deliveries, then /metrics scraped over HTTP and the log read back."""

from __future__ import annotations

import requests
from e2e.conftest import GOOD_ROW, AppServer, list_text, wait_for
from prometheus_client.parser import text_string_to_metric_families


def samples(url: str) -> dict[tuple[str, ...], float]:
    answer = requests.get(f"{url}/metrics", timeout=5)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/plain")
    return {(s.name, *s.labels.values()): s.value
            for family in text_string_to_metric_families(answer.text) for s in family.samples}
    # label values in the order of their sorted names, as the exposition writes them


def test_metrics_after_a_review_count_deliveries_jobs_github_calls_and_links(app: AppServer) -> None:
    before = samples(app.url)
    number, base, head = app.open_pull({"README.md": list_text(app.farm, GOOD_ROW.format(url=app.farm.url(41)))})
    event = app.pr_event("opened", number, base, head)
    assert app.post("pull_request", event, "metrics-d-1").status_code == 202
    assert app.post("pull_request", event, "metrics-d-1").json()["status"] == "duplicate"
    assert app.post("pull_request", app.pr_event("closed", number, base, head)).json()["status"] == "ignored"
    wait_for(lambda: app.sticky(number), 30, "the sticky comment")
    wait_for(lambda: app.check_runs(head), 30, "the check run")

    def grew(key: tuple[str, ...], by: float = 1) -> bool:
        return samples(app.url).get(key, 0) - before.get(key, 0) >= by

    wait_for(lambda: grew(("awesome_review_jobs_total", "review", "done")), 10, "the job counted")
    after = samples(app.url)

    def delta(*key: str) -> float:
        return after.get(key, 0) - before.get(key, 0)

    assert delta("awesome_review_deliveries_total", "pull_request", "queued") == 1
    assert delta("awesome_review_deliveries_total", "pull_request", "duplicate") == 1
    assert delta("awesome_review_deliveries_total", "pull_request", "ignored") == 1
    assert delta("awesome_review_job_duration_seconds_count", "review") >= 1
    assert delta("awesome_review_github_calls_total", "pull_request", "ok") >= 2  # before and after
    assert delta("awesome_review_github_calls_total", "create_comment", "ok") == 1
    assert 0 < after[("awesome_review_github_rate_limit_remaining",)] <= 5000
    assert delta("awesome_review_link_checks_total", "no", "ok") >= 1  # cached=no, verdict=ok: the new link
    assert after[("awesome_review_queue_depth",)] >= 0
    assert ("awesome_review_reviews_pending",) in after


def test_log_lines_carry_the_delivery_repo_and_pr(app: AppServer) -> None:
    number, base, head = app.open_pull({"README.md": list_text(app.farm, GOOD_ROW.format(url=app.farm.url(42)))})
    assert app.post("pull_request", app.pr_event("opened", number, base, head), "logs-d-1").status_code == 202
    wait_for(lambda: app.sticky(number), 30, "the sticky comment")
    where = f"[delivery=logs-d-1 repo=octo/awesome pr={number}"
    lines = wait_for(lambda: [line for line in app.log_text().splitlines() if where in line
                              and "reviewed at" in line], 10, "the worker's log line")
    assert lines
    queued = [line for line in app.log_text().splitlines() if where in line and "queued opened" in line]
    assert len(queued) == 1  # the web thread's line, bound from the delivery's headers and payload
