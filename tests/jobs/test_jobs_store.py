"""Both stores, SQLite and Redis, against one contract: delivery de-duplication, wanted
reviews, leases, locks, rate limits."""

from __future__ import annotations

import json
import multiprocessing
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from bot.jobs.job import AuditJob, JobDataError, PushJob, job_from_dict, job_to_dict
from bot.jobs.redis_store import RedisStore
from bot.jobs.store import DONE, PENDING, SqliteStore, Store, StoreError
from jobs.conftest import command_job, review_job

REDIS_URL = os.environ.get("AWESOME_REVIEW_TEST_REDIS", "redis://127.0.0.1:6379/15")


def redis_or_skip() -> None:
    """Redis tests fail in CI when the server is missing; elsewhere they skip, saying how."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError as exc:
        message = f"Redis at {REDIS_URL} is unreachable ({exc}); start redis-server to run these"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(params=["sqlite", pytest.param("redis", marks=pytest.mark.redis)])
def make(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Store]]:
    """A factory of store handles on one shared backing store (a file, or a key prefix)."""
    if request.param == "sqlite":
        path = str(tmp_path / "store.db")
        yield lambda: SqliteStore(path)
        return
    redis_or_skip()
    prefix = f"test-{uuid.uuid4().hex}:"
    yield lambda: RedisStore.from_url(REDIS_URL, prefix)
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def store(make: Callable[[], Store]) -> Store:
    return make()


def test_a_delivery_id_is_accepted_once(store: Store) -> None:
    first = store.accept(review_job(delivery_id="d-1"), 10.0, 70.0)
    assert first is not None and first.seq == 1
    assert store.accept(review_job(delivery_id="d-1"), 11.0, 71.0) is None


def test_each_new_want_numbers_the_review_and_resets_it_to_pending(store: Store) -> None:
    one = store.accept(review_job(delivery_id="d-1"), 10.0, 70.0)
    assert one is not None
    assert store.finish(one.key, one.seq, DONE, 20.0)
    two = store.accept(review_job(delivery_id="d-2", head_sha="2" * 40), 30.0, 90.0)
    assert two is not None and two.seq == 2
    wanted = store.wanted(two.key)
    assert wanted is not None
    assert (wanted.state, wanted.job, wanted.lease_until) == (PENDING, two, 90.0)


def test_finish_only_marks_the_current_sequence(store: Store) -> None:
    one = store.accept(review_job(delivery_id="d-1"), 10.0, 70.0)
    two = store.accept(review_job(delivery_id="d-2"), 11.0, 71.0)
    assert one is not None and two is not None
    assert not store.finish(one.key, one.seq, DONE, 12.0)
    assert store.finish(two.key, two.seq, DONE, 12.0)


def test_prs_and_commands_have_their_own_records(store: Store) -> None:
    review = store.accept(review_job(delivery_id="d-1"), 10.0, 70.0)
    command = store.accept(command_job("help", delivery_id="d-2"), 10.0, 70.0)
    assert review is not None and command is not None
    assert (review.key, command.key) == ("review:octo/awesome#7", "command:d-2")
    assert review.seq == command.seq == 1
    stored = store.wanted(command.key)
    assert stored is not None and stored.job == command  # read back as the kind it was


def test_jobs_survive_the_round_trip_through_json_as_their_own_kind() -> None:
    review = review_job(base_sha=None, links_only=True, comment_id=5, seq=3, attempt=2)
    command = command_job("recheck", "help", pr_author=None)
    push = PushJob(None, "octo/awesome", "p-1", "a" * 40, "b" * 40, seq=4, attempt=1)
    for job in (review, command, push):
        assert job_from_dict(json.loads(json.dumps(job_to_dict(job)))) == job
    audit = AuditJob(9, "octo/awesome")
    assert AuditJob.from_dict(json.loads(json.dumps(audit.to_dict()))) == audit


def test_jobs_queued_by_the_previous_version_still_run() -> None:
    """Before there were two kinds, one dataclass held both, with "" for unknown SHAs."""
    old = dict(installation_id=1, repo="octo/awesome", pr_number=7, base_sha="", head_sha="",
               trigger="help", delivery_id="c-1", links_only=False, comment_id=77,
               commands=["help"], commenter="maint", pr_author="alice", seq=2, attempt=0)
    assert job_from_dict(old) == command_job("help", seq=2)
    old.update(commands=[], commenter=None, pr_author=None, head_sha="f" * 40, trigger="opened")
    assert job_from_dict(old) == review_job(base_sha=None, delivery_id="c-1", comment_id=77, seq=2)


@pytest.mark.parametrize(("data", "named"), [
    ({"kind": "review", "repo": "o/r"}, "'pr_number'"),
    ({"kind": "command", "repo": "o/r", "pr_number": 1, "delivery_id": "d", "comment_id": 2,
      "commands": "recheck", "commenter": "x"}, "'commands'"),
    ({"kind": "merge"}, "'merge'"),
    ({"kind": "push", "installation_id": 1, "repo": "o/r", "pr_number": 0, "delivery_id": "d",
      "base_sha": "a" * 40}, "'head_sha'"),
])
def test_a_job_this_version_cannot_run_is_refused_naming_the_field(
    data: dict[str, object], named: str
) -> None:
    with pytest.raises(JobDataError, match=named):
        job_from_dict(data)


def test_due_and_claim(store: Store) -> None:
    job = store.accept(review_job(), 10.0, 70.0)
    assert job is not None
    assert store.due(69.0) == []
    [due] = store.due(71.0)
    assert due.job == job
    assert store.claim_due(job.key, job.seq, 71.0, 131.0)
    assert not store.claim_due(job.key, job.seq, 71.0, 131.0)  # another sweeper lost the race
    assert store.due(100.0) == []
    [again] = store.due(132.0)
    assert again.sweeps == 1


def test_lock_is_exclusive_until_released_or_expired(store: Store) -> None:
    assert store.lock("pr", "a", 0.0, 10.0)
    assert not store.lock("pr", "b", 5.0, 10.0)
    assert store.lock("pr", "a", 5.0, 10.0)  # the holder renews it
    assert store.lock("pr", "b", 16.0, 10.0)  # expired: a killed worker's lock is not forever
    store.unlock("pr", "a")  # not the holder any more: no effect
    assert not store.lock("pr", "c", 17.0, 10.0)
    store.unlock("pr", "b")
    assert store.lock("pr", "c", 17.0, 10.0)


def test_rate_limit(store: Store) -> None:
    assert store.allow("recheck:pr", 0.0, 30.0)
    assert not store.allow("recheck:pr", 29.9, 30.0)
    assert store.allow("recheck:other", 29.9, 30.0)
    assert store.allow("recheck:pr", 30.0, 30.0)


def test_prune_forgets_finished_records(store: Store) -> None:
    job = store.accept(review_job(delivery_id="d-old"), 10.0, 70.0)
    pending = store.accept(review_job(delivery_id="d-2", pr_number=2), 10.0, 70.0)
    assert job is not None and pending is not None
    store.finish(job.key, job.seq, DONE, 20.0)
    assert store.prune(before=100.0) >= 1
    assert store.wanted(job.key) is None
    assert store.wanted(pending.key) is not None  # a pending review is never pruned


def test_sqlite_prune_forgets_old_delivery_ids(tmp_path: Path) -> None:
    # (Redis gives each delivery id an expiry of its own instead.)
    store = SqliteStore(str(tmp_path / "s.db"))
    store.accept(review_job(delivery_id="d-old"), 10.0, 70.0)
    store.prune(before=100.0)
    assert store.accept(review_job(delivery_id="d-old"), 200.0, 260.0) is not None


def test_pending_count(store: Store) -> None:
    store.accept(review_job(delivery_id="d-1", pr_number=1), 0.0, 1.0)
    store.accept(review_job(delivery_id="d-2", pr_number=2), 0.0, 1.0)
    assert store.pending_count() == 2


def test_unusable_file_is_a_clear_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="store"):
        SqliteStore(str(tmp_path / "missing-dir" / "store.db"))


def _accept_many(make: Callable[[], Store], results: multiprocessing.Queue[int]) -> None:
    store = make()
    won = sum(
        store.accept(review_job(delivery_id=f"d-{i}", pr_number=i % 5), 0.0, 60.0) is not None
        for i in range(100)
    )
    results.put(won)


def test_processes_sharing_the_store_accept_each_delivery_exactly_once(
    make: Callable[[], Store],
) -> None:
    make()
    results: multiprocessing.Queue[int] = multiprocessing.Queue()
    # fork: the children inherit the factory (a closure) without pickling it.
    fork = multiprocessing.get_context("fork")
    procs = [fork.Process(target=_accept_many, args=(make, results)) for _ in range(3)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(30)
    assert sum(results.get(timeout=5) for _ in procs) == 100
    store = make()
    assert sorted(store.wanted(f"review:octo/awesome#{n}").seq for n in range(5)) == [20] * 5  # type: ignore[union-attr]
