"""Job-runner fixtures: the real SQLite store and huey queue, with a recording stand-in for
the GitHub gateway and a scripted stand-in for part A's pipeline (the runner's own logic is
under test here; tests/e2e runs the real pipeline against the fake GitHub server)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from huey import SqliteHuey

from bot.github.errors import GitHubError
from bot.github.types import Comment, PullRequest
from bot.jobs.job import ReviewJob
from bot.jobs.queue import HueyQueue
from bot.jobs.redis_store import RedisStore
from bot.jobs.runner import RetryPolicy
from bot.jobs.store import SqliteStore, Store
from bot.jobs.worker import WorkerParts, build_worker
from bot.settings import Settings

REPO = "octo/awesome"


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@dataclass
class RecordingGateway:
    """Records the calls the runner makes; `fail` makes a method raise."""

    login: str = "awesome-review[bot]"
    roles: dict[str, str] = field(default_factory=dict)
    head_sha: str = "f" * 40
    calls: list[tuple[Any, ...]] = field(default_factory=list)
    fail: dict[str, GitHubError] = field(default_factory=dict)

    def _call(self, name: str, *args: Any) -> None:
        self.calls.append((name, *args))
        if name in self.fail:
            raise self.fail[name]

    def add_reaction(self, repo: str, comment_id: int, content: str) -> None:
        self._call("reaction", comment_id, content)

    def create_comment(self, repo: str, number: int, body: str) -> Comment:
        self._call("comment", number, body)
        return Comment(1, self.login, body, "")

    def permission(self, repo: str, user: str) -> str:
        self._call("permission", user)
        return self.roles.get(user, "read")

    def pull_request(self, repo: str, number: int) -> PullRequest:
        self._call("pull_request", number)
        return PullRequest(repo, number, "open", "alice", self.head_sha, "e" * 40, "main",
                           repo, "", "")

    def create_check_run(self, repo: str, head_sha: str, name: str, conclusion: str,
                         output: dict[str, str], *args: Any, **kwargs: Any) -> None:
        self._call("check_run", head_sha, name, conclusion, output)

    def create_status(self, *args: Any) -> None:
        self._call("status", *args)

    def named(self, name: str) -> list[tuple[Any, ...]]:
        return [c for c in self.calls if c[0] == name]


@dataclass
class Gateways:
    gateway: RecordingGateway

    def for_installation(self, installation_id: int | None) -> RecordingGateway:
        return self.gateway


@dataclass
class ScriptedPipeline:
    """Stands in for review_pull_request: raises the scripted errors, then succeeds."""

    errors: list[BaseException] = field(default_factory=list)
    runs: list[ReviewJob] = field(default_factory=list)
    during: Callable[[ReviewJob], None] | None = None

    def __call__(self, job: ReviewJob, gateway: Any, link_checker: Any, settings: Any) -> str:
        self.runs.append(job)
        if self.during is not None:
            self.during(job)
        if self.errors:
            raise self.errors.pop(0)
        return "posted"


@dataclass
class Rig:
    parts: WorkerParts
    store: Store
    queue: HueyQueue
    gateway: RecordingGateway
    pipeline: ScriptedPipeline
    clock: Clock

    def queued(self) -> list[ReviewJob]:
        """Jobs to run now."""
        return [ReviewJob.from_dict(t.args[0]) for t in self.queue.huey.pending() if not t.eta]

    def scheduled(self) -> list[tuple[ReviewJob, Any]]:
        """Jobs to run later, with when (huey keeps them in the queue until a worker
        moves them to its schedule)."""
        huey = self.queue.huey
        tasks = [t for t in huey.pending() if t.eta] + list(huey.scheduled())
        return [(ReviewJob.from_dict(t.args[0]), t.eta) for t in tasks]

    def want(self, job: ReviewJob) -> ReviewJob:
        numbered = self.store.accept(job, self.clock(), self.clock() + 60)
        assert numbered is not None
        return numbered


def review_job(**fields: Any) -> ReviewJob:
    values: dict[str, Any] = dict(installation_id=1, repo=REPO, pr_number=7, base_sha="e" * 40,
                                  head_sha="f" * 40, trigger="opened", delivery_id="d-1")
    values.update(fields)
    return ReviewJob(**values)


def make_rig(tmp_path: Path, store: Store | None = None, **settings: Any) -> Rig:
    db = str(tmp_path / "queue.db")
    config = Settings(**{"webhook_secret": "x", "queue": db, "lease_seconds": 60, **settings})
    huey = SqliteHuey("awesome-review", filename=db, results=False)
    store = store or SqliteStore(str(tmp_path / "store.db"))
    gateway = RecordingGateway()
    pipeline = ScriptedPipeline()
    clock = Clock()
    parts = build_worker(config, huey=huey, store=store, gateways=Gateways(gateway),
                         pipeline=pipeline, link_checker=object(),
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
