"""Large bodies cannot hold the web process's memory: the signature is checked while the body
streams through it (an unsigned body is never kept whole), and signed large bodies are taken
in a few at a time."""

from __future__ import annotations

import json
import socket
import threading
import tracemalloc
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from web import payloads
from web.conftest import SECRET, LiveApp
from webhooks.signature import sign

MB = 1024 * 1024


@pytest.fixture
def traced() -> Iterator[None]:
    tracemalloc.start()
    try:
        yield
    finally:
        tracemalloc.stop()


def _send_all(live: LiveApp, bodies: list[tuple[bytes, str]]) -> list[bytes]:
    """POST every (body, signature) at once, each on its own connection; the status lines."""
    port = urlsplit(live.url).port
    assert port is not None
    answers: list[bytes] = [b""] * len(bodies)

    def send(i: int, body: bytes, signature: str) -> None:
        head = (f"POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                f"X-GitHub-Event: pull_request\r\nX-GitHub-Delivery: d-{i}\r\n"
                f"X-Hub-Signature-256: {signature}\r\nContent-Length: {len(body)}\r\n"
                f"Connection: close\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
            sock.sendall(head)
            sock.sendall(body)  # the one shared bytes object: the client copies nothing
            answers[i] = sock.recv(4096).split(b"\r\n", 1)[0]

    threads = [threading.Thread(target=send, args=(i, *pair)) for i, pair in enumerate(bodies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return answers


def test_32_concurrent_unsigned_24_mb_bodies_hold_little_memory(live: LiveApp, traced: None) -> None:
    body = b"{" + b" " * (24 * MB) + b"}"
    forged = sign("not-our-secret", body)
    tracemalloc.reset_peak()
    answers = _send_all(live, [(body, forged)] * 32)
    peak = tracemalloc.get_traced_memory()[1]
    assert answers == [b"HTTP/1.1 403 FORBIDDEN"] * 32
    print(f"32 refused 24 MB bodies: peak {peak / MB:.1f} MB")
    assert peak < 64 * MB, f"peak {peak / MB:.0f} MB for 32 refused bodies"


def test_concurrent_signed_large_bodies_are_taken_a_few_at_a_time(live: LiveApp, traced: None) -> None:
    data = payloads.pull_request()
    data["pull_request"]["body"] = "x" * (20 * MB)  # a PR description GitHub would send whole
    body = json.dumps(data).encode()
    tracemalloc.reset_peak()
    answers = _send_all(live, [(body, sign(SECRET, body))] * 8)
    peak = tracemalloc.get_traced_memory()[1]
    assert answers == [b"HTTP/1.1 202 ACCEPTED"] * 8  # each a new delivery id
    print(f"8 signed 20 MB bodies: peak {peak / MB:.1f} MB")
    assert peak < 200 * MB, f"peak {peak / MB:.0f} MB for 8 signed 20 MB bodies"
