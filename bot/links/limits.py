"""Politeness: how many requests are in flight, in all and per host, and how often they start."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class Slot:
    """A held request slot; set `linger` to keep it taken a while after the request ends."""

    def __init__(self) -> None:
        self.linger = 0.0


class Gate:
    """A global limit, a per-host limit and a minimum gap between starts on one host.

    A slot is held for one request only, never across a backoff sleep or a redirect hop,
    so a task waiting for host B never blocks host A (and two hosts redirecting to each
    other cannot deadlock).
    """

    def __init__(self, concurrency: int, host_concurrency: int, host_interval: float) -> None:
        self._all = asyncio.Semaphore(max(1, concurrency))
        self._host_limit = max(1, host_concurrency)
        self._interval = max(0.0, host_interval)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._next_start: dict[str, float] = {}

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[Slot]:
        """Hold one request slot for `host` (the host's first, so the global one stays free)."""
        semaphore = self._host(host)
        await semaphore.acquire()
        try:
            await self._pace(host)
            await self._all.acquire()
        except BaseException:
            semaphore.release()
            raise
        slot = Slot()
        try:
            yield slot
        finally:
            self._release(semaphore, slot.linger)

    def _release(self, semaphore: asyncio.Semaphore, linger: float) -> None:
        """Free the slots now, or after `linger` seconds without making anyone wait for it."""
        if linger <= 0:
            self._all.release()
            semaphore.release()
            return
        loop = asyncio.get_running_loop()
        loop.call_later(linger, self._all.release)
        loop.call_later(linger, semaphore.release)

    def _host(self, host: str) -> asyncio.Semaphore:
        """The semaphore of `host`, created on first use."""
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self._host_limit)
        return self._hosts[host]

    async def _pace(self, host: str) -> None:
        """Wait until `host`'s next start time and book the one after it."""
        now = time.monotonic()
        start = max(now, self._next_start.get(host, 0.0))
        # Booked before sleeping: the loop is single-threaded, so no two tasks get one time.
        self._next_start[host] = start + self._interval
        if start > now:
            await asyncio.sleep(start - now)
