"""Slow clients must not stop the web process: 1000 connections that say nothing, or stop in
the middle of their headers, are held while /healthz answers within 1 s and deliveries are
accepted — in the embedded shape (`awesome-review serve`) and the deploy shape (gunicorn with
deploy/gunicorn.conf.py)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests
from deploy.serving import gunicorn_server
from e2e.conftest import SECRET as SERVE_SECRET
from e2e.conftest import LinkFarm, start_server, stop_server
from flask import Flask
from web import payloads

from reliability.slowclients import healthz_latencies, slow_connections, still_open
from tests.fakes.fixtures import install_app, make_rsa_key
from tests.fakes.github_api import FakeGitHub
from webhooks.server import Limits, WebServer

HELD = 1000
CHECKS = 30
BOUND = 1.0  # seconds for /healthz while the connections are held
SECRET = "slow-clients-secret"


def _serves_while_held(url: str, secret: str) -> None:
    port = urlsplit(url).port
    assert port is not None
    with slow_connections(port, HELD) as held:
        time.sleep(0.5)  # the server has accepted them
        latencies = healthz_latencies(port, CHECKS, timeout=BOUND + 0.5)
        accepted = _deliver(url, secret)
        open_now = still_open(held)
    slow = [round(t, 3) for t in latencies if t >= BOUND]
    assert slow == [], f"{len(slow)} of {CHECKS} /healthz took ≥ {BOUND}s with {HELD} slow clients"
    assert accepted == "202"
    assert open_now == HELD  # held, not dropped to make room


def _deliver(url: str, secret: str) -> str:
    """The status of one signed delivery, or why there was none."""
    body, headers = payloads.signed(secret, "pull_request", payloads.pull_request())
    try:
        return str(requests.post(f"{url}/webhook", data=body, headers=headers, timeout=5).status_code)
    except requests.RequestException as exc:
        return type(exc).__name__


def test_embedded_serve_answers_while_slow_clients_are_held(farm: LinkFarm, tmp_path: Path) -> None:
    fake = FakeGitHub().start()
    try:
        server = start_server(install_app(fake, make_rsa_key()), farm, tmp_path)
        try:
            _serves_while_held(server.url, SERVE_SECRET)
        finally:
            stop_server(server)
    finally:
        fake.stop()


def test_gunicorn_deploy_answers_while_slow_clients_are_held(tmp_path: Path) -> None:
    with gunicorn_server(tmp_path, SECRET) as url:
        _serves_while_held(url, SECRET)


def test_a_connection_silent_past_the_timeout_is_closed(tmp_path: Path) -> None:
    server = WebServer(Flask(__name__), "127.0.0.1", 0, limits=Limits(channel_timeout=1))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with slow_connections(server.port, 4) as held:
            time.sleep(0.3)
            assert still_open(held) == 4
            deadline = time.monotonic() + 5
            while still_open(held) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert still_open(held) == 0  # idle and mid-header alike
    finally:
        server.shutdown()
        thread.join(5)
