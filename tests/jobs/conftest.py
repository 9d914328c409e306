"""Job-runner fixtures: the real SQLite store and huey queue, with a recording stand-in for
the GitHub gateway and a scripted stand-in for the pipeline (the runner's own logic is
under test here; tests/e2e runs the real pipeline against the fake GitHub server)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from huey import SqliteHuey

from bot.jobs.job import CommandJob, Job, ReviewJob, job_from_dict
from bot.jobs.queue import HueyQueue
from bot.jobs.redis_store import RedisStore
from bot.jobs.runner import RetryPolicy
from bot.jobs.store import J, SqliteStore, Store
from bot.jobs.worker import WorkerParts, build_worker
from bot.settings import Settings
from tests.fakes.recording import FixedGateways, RecordingGateway, ScriptedPipeline, no_links

REPO = "octo/awesome"


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@dataclass
class Rig:
    parts: WorkerParts
    store: Store
    queue: HueyQueue
    gateway: RecordingGateway
    pipeline: ScriptedPipeline
    clock: Clock

    def queued(self) -> list[Job]:
        """Jobs to run now."""
        return [job_from_dict(t.args[0]) for t in self.queue.huey.pending() if not t.eta]

    def scheduled(self) -> list[tuple[Job, Any]]:
        """Jobs to run later, with when (huey keeps them in the queue until a worker
        moves them to its schedule)."""
        huey = self.queue.huey
        tasks = [t for t in huey.pending() if t.eta] + list(huey.scheduled())
        return [(job_from_dict(t.args[0]), t.eta) for t in tasks]

    def want(self, job: J) -> J:
        numbered = self.store.accept(job, self.clock(), self.clock() + 60)
        assert numbered is not None
        return numbered


def review_job(**fields: Any) -> ReviewJob:
    values: dict[str, Any] = dict(installation_id=1, repo=REPO, pr_number=7, base_sha="e" * 40,
                                  head_sha="f" * 40, trigger="opened", delivery_id="d-1")
    values.update(fields)
    return ReviewJob(**values)


def command_job(*commands: str, **fields: Any) -> CommandJob:
    values: dict[str, Any] = dict(installation_id=1, repo=REPO, pr_number=7, delivery_id="c-1",
                                  comment_id=77, commands=commands, commenter="maint",
                                  pr_author="alice")
    values.update(fields)
    return CommandJob(**values)


def make_rig(tmp_path: Path, store: Store | None = None, **settings: Any) -> Rig:
    db = str(tmp_path / "queue.db")
    config = Settings(**{"webhook_secret": "x", "queue": db, "lease_seconds": 60, **settings})
    huey = SqliteHuey("awesome-review", filename=db, results=False)
    store = store or SqliteStore(str(tmp_path / "store.db"))
    gateway = RecordingGateway()
    pipeline = ScriptedPipeline()
    clock = Clock()
    parts = build_worker(config, huey=huey, store=store, gateways=FixedGateways(gateway),
                         pipeline=pipeline, link_checker=no_links,
                         retry=RetryPolicy(attempts=3, base=10.0, cap=60.0, jitter=0.0))
    parts.runner.clock = clock
    return Rig(parts, store, parts.queue, gateway, pipeline, clock)


@pytest.fixture(params=["sqlite", pytest.param("redis", marks=pytest.mark.redis)])
def rig(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Rig]:
    """The runner on each store: SQLite (embedded) and Redis (scale-out)."""
    if request.param == "sqlite":
        yield make_rig(tmp_path)
        return
    from jobs.test_jobs_store import REDIS_URL, redis_or_skip

    redis_or_skip()
    prefix = f"test-{uuid.uuid4().hex}:"
    store = RedisStore.from_url(REDIS_URL, prefix)
    try:
        yield make_rig(tmp_path, store=store)
    finally:
        keys = list(store.client.scan_iter(f"{prefix}*"))
        if keys:
            store.client.delete(*keys)
