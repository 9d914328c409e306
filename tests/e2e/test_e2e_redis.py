"""Scale-out wiring: a web-only `serve --workers 0` and a separate `awesome-review worker`
sharing a Redis queue and store (the Redis server at 127.0.0.1:6379)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from jobs.test_jobs_store import redis_or_skip

from e2e.conftest import (
    GOOD_ROW,
    AppServer,
    LinkFarm,
    list_text,
    start_server,
    stop_server,
    wait_for,
)
from tests.fakes.fixtures import install_app, make_rsa_key
from tests.fakes.github_api import FakeGitHub

REDIS_QUEUE = os.environ.get("AWESOME_REVIEW_TEST_REDIS_QUEUE", "redis://127.0.0.1:6379/14")


def _clear(client: redis.Redis) -> None:
    for pattern in ("awesome-review:*", "huey.*awesome-review*"):
        keys = list(client.scan_iter(pattern))
        if keys:
            client.delete(*keys)


@pytest.fixture
def scaled_out(farm: LinkFarm, tmp_path: Path) -> Iterator[AppServer]:
    redis_or_skip()
    client = redis.Redis.from_url(REDIS_QUEUE)
    _clear(client)
    fake = FakeGitHub().start()
    world = install_app(fake, make_rsa_key())
    web = start_server(world, farm, tmp_path, args=("--workers", "0"),
                       AWESOME_REVIEW_QUEUE=REDIS_QUEUE)
    worker_env = {**os.environ, "GITHUB_API_URL": fake.url, "GITHUB_APP_ID": str(world.settings.app_id),
                  "GITHUB_APP_PRIVATE_KEY": str(world.settings.app_private_key),
                  "AWESOME_REVIEW_QUEUE": REDIS_QUEUE, "AWESOME_REVIEW_ALLOW_HOSTS": "127.0.0.1"}
    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen([sys.executable, "-m", "bot.cli", "worker", "--workers", "2"],
                              env=worker_env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield web
    finally:
        worker.terminate()
        worker.wait(15)
        stop_server(web)
        fake.stop()
        _clear(client)
        print((tmp_path / "worker.log").read_text(errors="replace")[-3000:])


@pytest.mark.redis
def test_web_and_worker_processes_cooperate_through_redis(scaled_out: AppServer) -> None:
    app = scaled_out
    number, base, head = app.open_pull({"README.md": list_text(app.farm, GOOD_ROW.format(url=app.farm.url(3)))})
    delivery = "redis-d-1"
    assert app.post("pull_request", app.pr_event("opened", number, base, head), delivery).status_code == 202
    assert app.post("pull_request", app.pr_event("opened", number, base, head), delivery).json()["status"] == "duplicate"
    run = wait_for(lambda: app.check_runs(head) and app.check_runs(head)[-1], 30, "the check run")
    assert run["conclusion"] == "success"
    assert len(wait_for(lambda: app.sticky(number), 10, "the sticky comment")) == 1
    assert "serving on" in app.log_text() and "0 worker thread(s)" in app.log_text()
