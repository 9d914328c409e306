"""End to end: the real `awesome-review serve` in a subprocess, the fake GitHub API (tests/fakes) and
the shared link farm on 127.0.0.1, and signed deliveries built from the shared examples."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from web import payloads

from tests.fakes.fixtures import (
    APP_LOGIN,
    INSTALLATION_ID,
    REPO,
    GitHubWorld,
    install_app,
    make_rsa_key,
)
from tests.fakes.github_api import FakeGitHub, FakeRepo

ROOT = Path(__file__).resolve().parents[2]
LINKFARM = ROOT / "tests" / "fakes" / "linkfarm.py"  # a copy of ../shared/bench/linkfarm.py
SECRET = "e2e-webhook-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], Any], seconds: float = 20.0, what: str = "") -> Any:
    """Poll until `condition()` is truthy; fail the test naming `what` otherwise."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out after {seconds:.0f}s waiting for {what or condition}")


@dataclass
class LinkFarm:
    process: subprocess.Popen[str]
    base: str

    def url(self, n: int) -> str:
        return f"{self.base}/ok/{n}"


def start_linkfarm(latency_ms: int = 0) -> LinkFarm:
    process = subprocess.Popen(
        [sys.executable, str(LINKFARM), "--port", "0", "--hosts", "1",
         "--latency-ms", str(latency_ms), "--max-seconds", "900"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    assert process.stdout is not None
    ready = json.loads(process.stdout.readline())
    return LinkFarm(process, ready["base_urls"][0].rstrip("/"))


@dataclass
class AppServer:
    """The real server, started as a user would start it."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path
    world: GitHubWorld
    farm: LinkFarm
    deliveries: list[str] = field(default_factory=list)

    @property
    def fake(self) -> FakeGitHub:
        return self.world.fake

    @property
    def repo(self) -> FakeRepo:
        return self.world.repo

    def post(self, event: str, data: dict[str, Any], delivery: str | None = None) -> requests.Response:
        body, headers = payloads.signed(SECRET, event, data, delivery)
        return requests.post(f"{self.url}/webhook", data=body, headers=headers, timeout=10)

    def open_pull(self, head_files: dict[str, str | bytes], base_files: dict[str, str | bytes] | None = None,
                  author: str = "alice", fork: str | None = None) -> tuple[int, str, str]:
        """A PR in the fake (base → head commits); returns (number, base SHA, head SHA)."""
        base = self.repo.commit(base_files if base_files is not None else {"README.md": LIST})
        head = self.repo.commit(head_files, parent=base, branch=None)
        number = self.fake.open_pull(self.repo, base, head, author=author, fork=fork)
        return number, base, head

    def pr_event(self, action: str, number: int, base: str, head: str, **fields: Any) -> dict[str, Any]:
        return payloads.pull_request(action, repo=REPO, number=number, head_sha=head,
                                     base_sha=base, installation_id=INSTALLATION_ID, **fields)

    def sticky(self, number: int) -> list[dict[str, Any]]:
        return [c for c in self.fake.comments(self.repo, number)
                if c["login"] == APP_LOGIN and "awesome-review:sticky" in c["body"]]

    def check_runs(self, sha: str) -> list[dict[str, Any]]:
        return [r for r in self.repo.check_runs if r.get("head_sha") == sha]

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def list_text(farm: LinkFarm, extra: str = "") -> str:
    return (
        "# Awesome Things\n\nA curated list of things.\n\n## Contents\n\n- [Tools](#tools)\n\n"
        f"## Tools\n\n- [Alpha]({farm.url(1)}) - First tool.\n- [Beta]({farm.url(2)}) - Second tool.\n"
        + extra
    )


GOOD_ROW = "- [Gamma]({url}) - Third tool.\n"  # an entry no check objects to
LIST = ""  # filled in by the `app` fixture once the link farm's port is known


def start_server(world: GitHubWorld, farm: LinkFarm, tmp: Path, args: tuple[str, ...] = (),
                 **env: str) -> AppServer:
    port = free_port()
    settings = world.settings
    full_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "AWESOME_REVIEW_"))},
        "GITHUB_WEBHOOK_SECRET": SECRET,
        "GITHUB_API_URL": settings.api_url,
        "GITHUB_APP_ID": str(settings.app_id),
        "GITHUB_APP_PRIVATE_KEY": str(settings.app_private_key),
        "AWESOME_REVIEW_QUEUE": str(tmp / "awesome-review.db"),
        "AWESOME_REVIEW_ALLOW_HOSTS": "127.0.0.1",  # the link farm is on loopback
        "AWESOME_REVIEW_APP_LOGIN": APP_LOGIN,
        "PORT": str(port),
        **env,
    }
    log = tmp / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", *args],
            env=full_env, cwd=tmp, stdout=out, stderr=subprocess.STDOUT,
        )
    server = AppServer(process, f"http://127.0.0.1:{port}", log, world, farm)
    wait_for(lambda: _healthy(server), 20, "the server's /healthz")
    return server


def _healthy(server: AppServer) -> bool:
    if server.process.poll() is not None:
        pytest.fail(f"serve exited with {server.process.returncode}:\n{server.log_text()}")
    try:
        return requests.get(f"{server.url}/healthz", timeout=1).status_code == 200
    except requests.ConnectionError:
        return False


def stop_server(server: AppServer) -> int:
    server.process.send_signal(signal.SIGTERM)
    try:
        return server.process.wait(15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        return server.process.wait(5)


@pytest.fixture(scope="module")
def farm() -> Iterator[LinkFarm]:
    started = start_linkfarm()
    try:
        yield started
    finally:
        started.process.terminate()
        started.process.wait(5)


@pytest.fixture(scope="module")
def app(farm: LinkFarm, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """One fake GitHub and one real server for the module; each test opens its own PR."""
    global LIST
    LIST = list_text(farm)
    fake = FakeGitHub().start()
    world = install_app(fake, make_rsa_key())
    server = start_server(world, farm, tmp_path_factory.mktemp("serve"))
    try:
        yield server
    finally:
        stop_server(server)
        fake.stop()
        print(server.log_text()[-5000:])  # shown by pytest when a test failed
