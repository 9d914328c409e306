"""Slow clients on loopback: connections that say nothing, or start a request and never finish
its headers — what a slowloris attack or a stalled proxy holds open."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

from webhooks.server import open_file_room

PARTIAL = b"POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nX-GitHub-Event: pull_request\r\n"


@contextmanager
def slow_connections(port: int, count: int) -> Iterator[list[socket.socket]]:
    """`count` connections to 127.0.0.1:port, half idle and half stopped mid-headers."""
    open_file_room()  # each socket is a descriptor here too
    held: list[socket.socket] = []
    try:
        for i in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            if i % 2:
                sock.sendall(PARTIAL)
            held.append(sock)
        yield held
    finally:
        for sock in held:
            sock.close()


def still_open(held: list[socket.socket]) -> int:
    """How many of `held` the server neither answered nor closed."""
    count = 0
    for sock in held:
        try:
            sock.setblocking(False)
            data = sock.recv(1)
        except BlockingIOError:
            count += 1  # nothing to read: held, silent
            continue
        except OSError:
            continue  # reset
        finally:
            sock.setblocking(True)
        if not data:
            continue  # closed by the server
    return count


def healthz_latencies(port: int, count: int, timeout: float = 5.0) -> list[float]:
    """Seconds for each of `count` GET /healthz, one connection each; a failure counts as
    `timeout` (so it lands past any bound asserted on the result)."""
    request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    latencies = []
    for _ in range(count):
        started = time.perf_counter()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
                sock.sendall(request)
                answer = _read_all(sock)
            ok = answer.startswith(b"HTTP/1.1 200") and b'"ok"' in answer
        except OSError:
            ok = False
        latencies.append(time.perf_counter() - started if ok else timeout)
        time.sleep(0.02)
    return latencies


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)
