"""Fixtures for the link checker: real HTTP servers on loopback, and a guard on the socket layer.

`LinkServer` is a small raw-asyncio HTTP/1.1 server (like ../shared/bench/linkfarm.py) so
tests control everything a checker can meet: any status and header, delays, resets and
loops. It records every request and the most requests it served at once.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult


@dataclass
class Reply:
    """What the server answers: status, headers, body; optionally late or by a TCP reset."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b"ok\n"
    delay: float = 0.0
    reset: bool = False
    body_size: int = 0  # stream this many bytes (in 64 KiB chunks) instead of `body`


@dataclass(frozen=True)
class Seen:
    """One request as the server saw it."""

    host: str
    method: str
    path: str
    headers: dict[str, str]
    at: float


Route = Callable[[str, str, int], Reply]  # (method, path, n-th request for this path) -> Reply


class LinkServer:
    """An HTTP server on one or more loopback addresses (same port), in its own thread."""

    def __init__(self, route: Route, hosts: tuple[str, ...] = ("127.0.0.1",)) -> None:
        self.route = route
        self.hosts = hosts
        self.port = 0
        self.seen: list[Seen] = []
        self.inflight: Counter[str] = Counter()
        self.max_inflight: Counter[str] = Counter()
        self.max_inflight_all = 0
        self.bytes_sent = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> LinkServer:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("test server did not start")
        return self

    def stop(self) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

    def _run(self) -> None:
        self._loop.run_until_complete(self._serve())
        self._loop.close()

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        servers = []
        for host in self.hosts:
            server = await asyncio.start_server(self._handle, host, self.port)
            self.port = server.sockets[0].getsockname()[1]
            servers.append(server)
        self._ready.set()
        await self._stop.wait()
        for server in servers:
            server.close()
        # Connection handlers still waiting (keep-alive, slow replies) end with the server.
        handlers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in handlers:
            task.cancel()
        await asyncio.gather(*handlers, return_exceptions=True)

    # ------------------------------------------------------------------ helpers for tests
    def url(self, path: str, host: str | None = None) -> str:
        host = host or self.hosts[0]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}{path}"

    def hits(self, path: str | None = None) -> int:
        return sum(1 for s in self.seen if path is None or s.path == path)

    def methods(self, path: str) -> list[str]:
        return [s.method for s in self.seen if s.path == path]

    # ------------------------------------------------------------------ HTTP
    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        local = writer.get_extra_info("sockname")[0]
        try:
            while await self._one(reader, writer, local):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, OSError, asyncio.CancelledError):
            pass
        finally:
            writer.transport.abort()

    async def _one(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, local: str
    ) -> bool:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, path, _ = lines[0].split(" ", 2)
        headers = {
            k.strip().lower(): v.strip()
            for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)
        }
        n = sum(1 for s in self.seen if s.path == path)
        self.seen.append(Seen(local, method, path, headers, time.monotonic()))
        reply = self.route(method, path, n)
        self.inflight[local] += 1
        self.max_inflight[local] = max(self.max_inflight[local], self.inflight[local])
        self.max_inflight_all = max(self.max_inflight_all, sum(self.inflight.values()))
        try:
            return await self._answer(reply, method, reader, writer)
        finally:
            self.inflight[local] -= 1

    async def _answer(
        self,
        reply: Reply,
        method: str,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> bool:
        if reply.delay and not await _wait(reply.delay, reader):
            return False  # the client hung up
        if reply.reset:
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            return False
        size = reply.body_size or len(reply.body)
        head = [f"HTTP/1.1 {reply.status} X", f"Content-Length: {size}"]
        head += [f"{k}: {v}" for k, v in reply.headers.items()]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        if method != "HEAD":
            await self._body(reply, writer)
        await writer.drain()
        return True

    async def _body(self, reply: Reply, writer: asyncio.StreamWriter) -> None:
        if not reply.body_size:
            writer.write(reply.body)
            self.bytes_sent += len(reply.body)
            return
        chunk = b"x" * 65536
        for _ in range(reply.body_size // len(chunk)):
            writer.write(chunk)
            await writer.drain()
            self.bytes_sent += len(chunk)


async def _wait(seconds: float, reader: asyncio.StreamReader) -> bool:
    """Sleep `seconds`; False as soon as the client closes the connection."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        await asyncio.sleep(min(0.02, max(0.0, end - time.monotonic())))
        if reader.at_eof() or reader.exception() is not None:
            return False
    return True


@pytest.fixture
def serve() -> Iterator[Callable[..., LinkServer]]:
    """Start LinkServers for a test (`serve(route, hosts=(...))`); all stop after it."""
    started: list[LinkServer] = []

    def start(route: Route, hosts: tuple[str, ...] = ("127.0.0.1",)) -> LinkServer:
        server = LinkServer(route, hosts).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


class MapResolver(AbstractResolver):
    """Resolves names from a table (no DNS query leaves the machine); unknown names: NXDOMAIN."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            ResolveResult(
                hostname=host,
                host=address,
                port=port,
                family=socket.AF_INET6 if ":" in address else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for address in self.table[host]
        ]

    async def close(self) -> None:
        pass


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Belt and braces: a guard bug must never send test traffic off the machine.

    Any connect() to an address outside 127.0.0.0/8 and ::1 fails and is recorded; every
    test asserts at teardown that none was attempted.
    """
    attempts: list[object] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def allowed(address: object) -> bool:
        if not isinstance(address, tuple) or not address:
            return True  # AF_UNIX and the like
        try:
            ip = ipaddress.ip_address(str(address[0]).split("%", 1)[0])
        except ValueError:
            return False
        return ip.is_loopback

    def connect(self: socket.socket, address: object) -> None:
        if not allowed(address):
            attempts.append(address)
            raise OSError(101, f"test guard: connect to {address} blocked")
        real_connect(self, address)  # type: ignore[arg-type]

    def connect_ex(self: socket.socket, address: object) -> int:
        if not allowed(address):
            attempts.append(address)
            return 101
        return real_connect_ex(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield attempts
    assert attempts == [], f"tried to connect outside loopback: {attempts}"
