"""A real web process on 127.0.0.1: the Flask app on the server both shapes use, with the
real SQLite store and huey queue in a temporary directory (no worker attached)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from huey import SqliteHuey

from bot.jobs.job import Job, job_from_dict
from bot.jobs.queue import HueyQueue, JobQueue
from bot.jobs.store import SqliteStore, Store
from bot.settings import Settings
from web.payloads import signed
from webhooks.app import create_app
from webhooks.server import WebServer

SECRET = "s3cret-for-tests"


@dataclass
class LiveApp:
    url: str
    settings: Settings
    store: SqliteStore
    queue: HueyQueue

    def post(self, event: str, data: dict[str, Any] | bytes, delivery: str | None = None,
             **headers: str) -> requests.Response:
        body, sent = signed(SECRET, event, data, delivery)
        sent.update(headers)
        return requests.post(f"{self.url}/webhook", data=body, headers=sent, timeout=10)

    def queued(self) -> list[Job]:
        """The review jobs waiting in huey's queue, oldest first."""
        return [job_from_dict(task.args[0]) for task in self.queue.huey.pending()]


def serve(app: Any) -> Iterator[str]:
    server = WebServer(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join(5)


def start(tmp_path: Path, queue: JobQueue | None = None, store: Store | None = None,
          **settings: Any) -> Iterator[LiveApp]:
    db = str(tmp_path / "queue.db")
    config = Settings(webhook_secret=SECRET, queue=db, **settings)
    real_queue = HueyQueue(SqliteHuey("awesome-review", filename=db, results=False))
    real_store = SqliteStore(db)
    app = create_app(config, queue=queue or real_queue, store=store or real_store)
    for url in serve(app):
        yield LiveApp(url, config, real_store, real_queue)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveApp]:
    yield from start(tmp_path, app_login="awesome-review[bot]")
