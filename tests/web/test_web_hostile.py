"""Hostile deliveries at the live web app: bombs that are valid JSON, oversized headers and
bodies, and a stream of forged deliveries."""

from __future__ import annotations

import logging
import socket
import time
from urllib.parse import urlsplit

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from web import payloads
from web.conftest import SECRET, LiveApp
from webhooks.signature import sign


def test_signed_json_nested_100k_deep_is_400_not_a_crash(live: LiveApp) -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    answer = live.post("pull_request", body)
    assert answer.status_code == 400
    assert "nested" in answer.json()["error"]
    assert live.post("pull_request", payloads.pull_request()).status_code == 202


def test_a_delivery_id_longer_than_githubs_is_400(live: LiveApp) -> None:
    answer = live.post("pull_request", payloads.pull_request(), delivery="d" * 10_000)
    assert answer.status_code == 400
    assert "X-GitHub-Delivery" in answer.json()["error"]
    assert live.queued() == []
    assert live.post("pull_request", payloads.pull_request(), delivery="d" * 36).status_code == 202


def test_413_closes_the_connection_instead_of_reading_the_body(live: LiveApp) -> None:
    port = urlsplit(live.url).port
    assert port is not None
    head = (f"POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"X-GitHub-Event: pull_request\r\nX-GitHub-Delivery: d-big\r\n"
            f"X-Hub-Signature-256: {sign(SECRET, b'x')}\r\n"
            f"Content-Length: {30 * 1024 * 1024}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(head + b" " * 65536)
        answer = sock.recv(65536)
        assert answer.startswith(b"HTTP/1.1 413")
        closed_at = time.monotonic() + 5
        rest = b""
        try:
            while time.monotonic() < closed_at:
                sock.sendall(b" " * 65536)  # the sender goes on; the server must not read it
                chunk = sock.recv(65536, socket.MSG_DONTWAIT) if _readable(sock) else b"-"
                if not chunk:
                    break
                rest += chunk.strip(b"-")
        except (BrokenPipeError, ConnectionResetError):
            pass  # closed under us: what we want
        else:
            assert time.monotonic() < closed_at, "the server kept the connection open after 413"


def _readable(sock: socket.socket) -> bool:
    import select

    return bool(select.select([sock], [], [], 0.05)[0])


def test_forged_deliveries_are_counted_and_logged_at_most_once_a_second(
    live: LiveApp, caplog: pytest.LogCaptureFixture
) -> None:
    before = _refused_count(live)
    body, headers = payloads.signed("not-our-secret", "pull_request", payloads.pull_request())
    with caplog.at_level(logging.WARNING, logger="webhooks.app"):
        started = time.monotonic()
        with requests.Session() as session:
            for _ in range(200):
                assert session.post(f"{live.url}/webhook", data=body, headers=headers,
                                    timeout=5).status_code == 403
        took = time.monotonic() - started
    lines = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert 1 <= len(lines) <= took + 1
    assert "signature wrong" in lines[0]
    assert _refused_count(live) - before == 200


def _refused_count(live: LiveApp) -> float:
    text = requests.get(f"{live.url}/metrics", timeout=5).text
    return sum(sample.value for family in text_string_to_metric_families(text)
               for sample in family.samples
               if sample.name == "awesome_review_deliveries_total"
               and sample.labels.get("outcome") == "bad-signature")
