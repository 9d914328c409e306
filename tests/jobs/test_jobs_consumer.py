"""The huey consumer threads of the embedded mode, on a real SQLite queue: a delivery
posted to the real web app is reviewed; a review whose enqueue was lost is swept up."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import requests
from web import payloads
from web.conftest import SECRET, serve

from bot.jobs.store import DONE
from bot.jobs.worker import make_consumer
from jobs.conftest import Rig, make_rig, review_job
from webhooks.app import create_app


@contextmanager
def consuming(rig: Rig, workers: int = 2) -> Iterator[None]:
    """The consumer's threads, without its signal handlers (pytest owns the main thread)."""
    consumer = make_consumer(rig.parts, workers)
    consumer.scheduler.start()
    for _, thread in consumer.worker_threads:
        thread.start()
    try:
        yield
    finally:
        consumer.stop(graceful=True)


def wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def real_time_rig(tmp_path: Path, **settings: float) -> Rig:
    rig = make_rig(tmp_path, **settings)
    rig.parts.runner.clock = time.time
    rig.parts.runner.settings = replace(rig.parts.runner.settings, webhook_secret=SECRET)
    return rig


def test_delivery_to_the_web_app_is_reviewed_by_the_consumer(tmp_path: Path) -> None:
    rig = real_time_rig(tmp_path)
    app = create_app(rig.parts.runner.settings, queue=rig.queue, store=rig.store)
    with consuming(rig):
        for url in serve(app):
            body, headers = payloads.signed(SECRET, "pull_request", payloads.pull_request())
            sent = time.monotonic()
            assert requests.post(f"{url}/webhook", data=body, headers=headers).status_code == 202
            assert wait_for(lambda: len(rig.pipeline.runs) == 1)
            # Woken by the enqueue, not by its polling interval.
            assert time.monotonic() - sent < 1.0
    wanted = rig.store.wanted("review:octo/awesome#7")
    assert wanted is not None and wanted.state == DONE


def test_review_whose_enqueue_was_lost_is_run_by_the_periodic_sweep(tmp_path: Path) -> None:
    rig = real_time_rig(tmp_path, lease_seconds=0.5, sweep_seconds=1)
    rig.parts.runner.in_flight = 0.5
    rig.store.accept(review_job(), time.time(), time.time() + 0.5)  # recorded, never enqueued
    with consuming(rig):
        assert wait_for(lambda: len(rig.pipeline.runs) == 1, seconds=10)
    wanted = rig.store.wanted("review:octo/awesome#7")
    assert wanted is not None and wanted.state == DONE and wanted.sweeps == 1


def test_many_deliveries_for_one_pr_run_one_at_a_time_and_end_on_the_last_head(tmp_path: Path) -> None:
    rig = real_time_rig(tmp_path)
    running: list[int] = []
    overlaps: list[int] = []

    def during(job: object) -> None:
        running.append(1)
        overlaps.append(len(running))
        time.sleep(0.05)
        running.pop()

    rig.pipeline.during = during
    for n in range(8):
        job = rig.want(review_job(delivery_id=f"d-{n}", head_sha=f"{n}" * 40))
        rig.queue.enqueue(job)
    with consuming(rig, workers=4):
        assert wait_for(lambda: rig.store.wanted("review:octo/awesome#7").state == DONE)  # type: ignore[union-attr]
    assert max(overlaps) == 1
    assert rig.pipeline.runs[-1].head_sha == "7" * 40
