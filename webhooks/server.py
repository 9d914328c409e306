"""The HTTP server under the web app, in both shapes: `awesome-review serve` and gunicorn.

waitress, because a connection costs it a socket and a buffer, not a thread. Its one I/O
thread reads every connection with poll(); the app runs on a small pool of threads only once
a request has fully arrived. So a client that connects and says nothing, or stops in the
middle of its headers, holds no thread: with werkzeug's server (a thread per request, from a
pool of 32) 32 such clients stopped the process, and gunicorn's gthread workers likewise read
a request on a pool thread. waitress also closes a connection silent for `channel_timeout`
(idle, or stalled mid-request), answers a body over the limit with 413 from its headers
alone and closes the connection, and keeps a large body in a temporary file rather than in
memory while it arrives. gevent would also hold idle connections cheaply, but it has no
header timeout and would monkey-patch the SQLite store and the queue under us.
"""

from __future__ import annotations

import logging
import resource
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from socket import socket
from typing import TYPE_CHECKING, Any

from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, create_server

from webhooks.app import MAX_BODY_BYTES

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

LOG = logging.getLogger(__name__)

ACCEPT_BURST = 64  # connections taken per turn of the loop when many arrive at once
POLL_SECONDS = 0.5  # the I/O loop's longest sleep: how soon a stop or a heartbeat is seen
SETTLE_SECONDS = 0.5  # on stopping, how long accepted connections get to send their request
RESERVED_FILES = 128  # descriptors kept for the store, the queue, logs and the app's own use


@dataclass(frozen=True)
class Limits:
    """What one web process holds and how long it waits for a client."""

    threads: int = 8  # run the app: a delivery takes milliseconds once it has arrived
    connections: int = 4096  # open at once; past it the listen backlog holds new ones
    channel_timeout: int = 15  # s a connection may stay silent (idle or mid-request)
    header_bytes: int = 32 * 1024  # GitHub's headers are about 1 KB
    backlog: int = 1024  # capped by the kernel's net.core.somaxconn (4096 on current Linux)


def waitress_options(limits: Limits) -> dict[str, Any]:
    """The waitress adjustments for `limits`."""
    return {
        "threads": limits.threads,
        "connection_limit": min(limits.connections, open_file_room() - RESERVED_FILES),
        "channel_timeout": limits.channel_timeout,
        "cleanup_interval": max(1, limits.channel_timeout // 3),  # how often silence is checked
        "max_request_header_size": limits.header_bytes,
        # waitress refuses a Content-Length equal to its limit; GitHub may send exactly 25 MB.
        "max_request_body_size": MAX_BODY_BYTES + 1,
        # A body past this waits in a temporary file while it arrives (waitress: 512 KB).
        "inbuf_overflow": 128 * 1024,
        "backlog": limits.backlog,
        "asyncore_use_poll": True,  # select() cannot watch descriptors past 1024
        "ident": "awesome-review",
    }


def open_file_room(wanted: int = 65536) -> int:
    """Raise this process's soft limit on open files towards the hard one; return the limit.

    Every held connection is a descriptor, and the common soft limit of 1024 would cap them
    below what the server is meant to hold.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass  # not allowed here: serve with what we have
    return wanted if soft == resource.RLIM_INFINITY else soft


class WebServer:
    """waitress on its own I/O loop, which the caller runs and stops."""

    def __init__(
        self,
        app: WSGIApplication,
        host: str | None = None,
        port: int | None = None,
        sockets: Sequence[socket] = (),
        limits: Limits = Limits(),
    ) -> None:
        where: dict[str, Any] = (
            {"sockets": list(sockets)} if sockets else {"host": host, "port": port}
        )
        self.server = create_server(app, **where, **waitress_options(limits))
        # waitress logs a WARNING for every request that waits for a thread: under a flood,
        # one line per delivery. The queue bound and /metrics say it better.
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        # One listening socket gives a TcpWSGIServer, several a MultiSocketServer.
        self.map: dict[int, Any] = getattr(self.server, "map", None) or self.server._map
        self.listeners = [d for d in self.map.values() if isinstance(d, BaseWSGIServer)]
        for listener in self.listeners:
            _accept_in_bursts(listener)
        self.stopping = threading.Event()
        self.stopped = threading.Event()

    @property
    def host(self) -> str:
        return str(self.listeners[0].effective_host)

    @property
    def port(self) -> int:
        return int(self.listeners[0].effective_port)

    def serve_forever(self, tick: Callable[[], bool] = lambda: True, grace: float = 8.0) -> None:
        """Serve until `shutdown()` or until `tick()` (called at least every POLL_SECONDS)
        says False; then answer what has arrived, for at most `grace` seconds."""
        try:
            while not self.stopping.is_set() and tick():
                wasyncore.loop(timeout=POLL_SECONDS, map=self.map, use_poll=True, count=1)
            self._drain(grace)
        finally:
            self.stopped.set()

    def shutdown(self, wait: float = 10.0) -> None:
        """Stop serving from another thread; returns once the loop has ended."""
        self.stopping.set()
        self.stopped.wait(wait)

    def _drain(self, grace: float) -> None:
        for listener in self.listeners:
            wasyncore.dispatcher.close(listener)  # no new connections; the loop goes on
        now = time.monotonic()
        deadline, settled = now + grace, now + min(SETTLE_SECONDS, grace)
        # Read what accepted connections have sent, then answer every request begun.
        while (now < settled or self._busy()) and now < deadline:
            wasyncore.loop(timeout=0.05, map=self.map, use_poll=True, count=1)
            now = time.monotonic()
        self.server.task_dispatcher.shutdown(timeout=max(0.0, deadline - time.monotonic()))
        wasyncore.close_all(self.map)

    def _busy(self) -> bool:
        """A request has begun to arrive, is being answered, or its answer is being sent."""
        return any(channel.request is not None or channel.requests or channel.total_outbufs_len
                   for channel in list(self.map.values()) if isinstance(channel, HTTPChannel))


def _accept_in_bursts(listener: Any) -> None:
    """Take up to ACCEPT_BURST waiting connections per turn of the loop instead of one.

    Each turn polls every open connection, so accepting one per turn made a burst of n
    connections cost n turns of growing length: 1000 at once held the next /healthz ~1 s.
    """
    accept_one = listener.handle_accept

    def accept_burst() -> None:
        for _ in range(ACCEPT_BURST):
            before = len(listener._map)
            accept_one()
            if len(listener._map) == before:
                return  # nothing more waiting (or it failed): back to the loop

    listener.handle_accept = accept_burst
