"""Workers SIGKILLed in the middle of a review, in embedded SQLite mode and in Redis mode:
after a restart the job runs again and the PR ends with exactly one sticky comment.

tests/e2e/test_e2e_serve.py::test_review_survives_a_sigkill_mid_job kills the embedded
server while it reads the PR (nothing posted yet). Here the kill also lands *after* the
comment is posted and before the check run — the rerun must edit that comment, not post a
second one — and the same two kills hit a separate worker process on Redis.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from e2e.conftest import (
    GOOD_ROW,
    AppServer,
    LinkFarm,
    list_text,
    start_server,
    stop_server,
    wait_for,
)
from jobs.test_jobs_store import redis_or_skip

from tests.fakes.fixtures import install_app, make_rsa_key
from tests.fakes.github_api import FakeGitHub

# DB 12: 14 and 15 belong to the scale-out and store tests; each test here flushes it first.
REDIS_URL = os.environ.get("AWESOME_REVIEW_TEST_REDIS_KILL", "redis://127.0.0.1:6379/12")
QUICK = {"AWESOME_REVIEW_LEASE_SECONDS": "2", "AWESOME_REVIEW_SWEEP_SECONDS": "1"}
PULL = "GET /repos/{owner}/{repo}/pulls/{number}"
CHECK = "POST /repos/{owner}/{repo}/check-runs"
# Where the kill lands: the call GitHub is slow to answer while the worker waits on it.
MOMENTS = {"while reading the PR": PULL, "after the comment, before the check run": CHECK}


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    started = FakeGitHub().start()
    try:
        yield started
    finally:
        started.stop()


def _open(server: AppServer, farm: LinkFarm) -> tuple[int, str]:
    number, base, head = server.open_pull({"README.md": list_text(farm, GOOD_ROW.format(url=farm.url(3)))})
    reply = server.post("pull_request", server.pr_event("opened", number, base, head))
    assert reply.status_code == 202
    return number, head


def _finished(server: AppServer, number: int, head: str) -> None:
    run = wait_for(lambda: [r for r in server.check_runs(head) if r.get("conclusion")], 40,
                   "the check run after the restart")
    assert [r["conclusion"] for r in run] == ["success"]
    assert len(server.sticky(number)) == 1


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_embedded_server_killed_mid_review(farm: LinkFarm, fake: FakeGitHub, tmp_path: Path,
                                           moment: str) -> None:
    world = install_app(fake, make_rsa_key())
    server = start_server(world, farm, tmp_path, **QUICK)
    route = MOMENTS[moment]
    fake.fail(route, delay=30.0, times=1)  # GitHub hangs on this call: the review is mid-flight
    number, head = _open(server, farm)
    wait_for(lambda: fake.calls[route] >= 1, 15, f"the review to reach {route}")
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(5)
    posted_before = len(server.sticky(number))
    again = start_server(world, farm, tmp_path, **QUICK)  # same queue and store files
    try:
        _finished(again, number, head)
        assert posted_before == (1 if route == CHECK else 0)  # the kill landed where meant
        assert "enqueued again" in again.log_text()
    finally:
        stop_server(again)


@pytest.fixture
def redis_db() -> Iterator[str]:
    redis_or_skip()
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    try:
        yield REDIS_URL
    finally:
        client.flushdb()


def _worker(server: AppServer, tmp_path: Path, name: str) -> subprocess.Popen[bytes]:
    settings = server.world.settings
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "AWESOME_REVIEW_"))},
           "GITHUB_API_URL": settings.api_url, "GITHUB_APP_ID": str(settings.app_id),
           "GITHUB_APP_PRIVATE_KEY": str(settings.app_private_key),
           "AWESOME_REVIEW_QUEUE": REDIS_URL, "AWESOME_REVIEW_ALLOW_HOSTS": "127.0.0.1", **QUICK}
    log = (tmp_path / f"{name}.log").open("wb")
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "worker", "--workers", "2"],
                            env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)


@pytest.mark.redis
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_redis_worker_process_killed_mid_review(farm: LinkFarm, fake: FakeGitHub, tmp_path: Path,
                                                redis_db: str, moment: str) -> None:
    world = install_app(fake, make_rsa_key())
    web = start_server(world, farm, tmp_path, args=("--workers", "0"),
                       AWESOME_REVIEW_QUEUE=redis_db, **QUICK)
    first = _worker(web, tmp_path, "worker-1")
    second = None
    try:
        route = MOMENTS[moment]
        fake.fail(route, delay=30.0, times=1)
        number, head = _open(web, farm)
        wait_for(lambda: fake.calls[route] >= 1, 20, f"the worker to reach {route}")
        first.send_signal(signal.SIGKILL)
        first.wait(5)
        assert len(web.sticky(number)) == (1 if route == CHECK else 0)
        second = _worker(web, tmp_path, "worker-2")
        _finished(web, number, head)
        assert "enqueued again" in (tmp_path / "worker-2.log").read_text(errors="replace")
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(15)
        stop_server(web)
