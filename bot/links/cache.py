"""Remembering link results between runs, so a second run sends no request for them."""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any, Protocol

from bot.model import LinkResult, Paper, Repository, Verdict

LOG = logging.getLogger(__name__)

TTL_OK = 24 * 3600
TTL_FAIL = 3600
GOOD = frozenset({Verdict.OK, Verdict.REDIRECTED})


class LinkCache(Protocol):
    """Storage-agnostic result cache: SQLite here, Redis in scale-out mode."""

    def get(self, url: str) -> LinkResult | None:
        """The stored, unexpired result for `url` (cached=True, requests=0), or None."""
        ...

    def put(self, result: LinkResult) -> None:
        """Store `result`; its verdict decides how long it is kept."""
        ...


def default_cache_path(cache_dir: str | Path | None = None) -> Path:
    """`<cache_dir>/links.db`, by default under ~/.cache/awesome-review (the CLI passes the dir)."""
    base = Path(cache_dir) if cache_dir else Path.home() / ".cache" / "awesome-review"
    return base / "links.db"


def dumps(result: LinkResult) -> str:
    """A LinkResult as JSON text (any store can keep it)."""
    data = asdict(result)
    data["verdict"] = result.verdict.value
    return json.dumps(data, sort_keys=True)


def loads(text: str) -> LinkResult:
    """The LinkResult stored by `dumps`, marked as cached and costing no request."""
    data: dict[str, Any] = json.loads(text)
    data["verdict"] = Verdict(data["verdict"])
    data["chain"] = tuple(data.get("chain", ()))
    if data.get("paper") is not None:
        data["paper"] = Paper(**data["paper"])
    if data.get("repository") is not None:
        data["repository"] = Repository(**data["repository"])
    return replace(LinkResult(**data), cached=True, requests=0)


def cacheable(result: LinkResult) -> bool:
    """Skipped links are not stored: they cost nothing and depend on the config."""
    return result.verdict is not Verdict.SKIPPED


def ttl_for(result: LinkResult, ttl_ok: float, ttl_fail: float) -> float:
    """Good links are trusted for a day; failures are looked at again sooner."""
    return ttl_ok if result.verdict in GOOD else ttl_fail


class ScopedCache(LinkCache):
    """A view of `cache` that keeps the results of `scoped` URLs apart per asker.

    A GitHub API answer depends on the token that asked: one installation's token sees a
    private repository ("moved to acme/secret-new, archived") that another's must not read
    from a shared cache. Those results are stored under a key naming the asker (a space
    cannot occur in a URL, so no plain URL collides with it); the rest, fetched anonymously,
    stay shared.
    """

    def __init__(self, cache: LinkCache, asker: str, scoped: Callable[[str], bool]) -> None:
        self._cache = cache
        self._asker = asker
        self._scoped = scoped

    def _key(self, url: str) -> str:
        return f"{url} as:{self._asker}" if self._scoped(url) else url

    def get(self, url: str) -> LinkResult | None:
        hit = self._cache.get(self._key(url))
        return replace(hit, url=url) if hit is not None else None

    def put(self, result: LinkResult) -> None:
        self._cache.put(replace(result, url=self._key(result.url)))


def asker_of(token: str) -> str:
    """Who asked, for cache keys: a digest of the token (never the token itself)."""
    return hashlib.sha256(token.encode()).hexdigest()[:24]


class SqliteLinkCache(LinkCache):
    """The embedded cache: one SQLite file, one row per URL with its expiry time."""

    def __init__(
        self,
        path: str | Path,
        ttl_ok: float = TTL_OK,
        ttl_fail: float = TTL_FAIL,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._path = Path(path)
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._ttl_ok = ttl_ok
        self._ttl_fail = ttl_fail
        self._clock = clock
        # The checker only touches the cache from the caller's thread, but a caller may
        # build the cache in one thread and run checks in another (the worker does).
        self._db = sqlite3.connect(self._path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS links "
            "(url TEXT PRIMARY KEY, result TEXT NOT NULL, expires REAL NOT NULL)"
        )
        self._db.commit()

    def get(self, url: str) -> LinkResult | None:
        """The unexpired result for `url`, or None."""
        row = self._db.execute(
            "SELECT result FROM links WHERE url = ? AND expires > ?", (url, self._clock())
        ).fetchone()
        if row is None:
            return None
        try:
            return loads(row[0])
        except (ValueError, TypeError, KeyError):
            LOG.warning("ignoring an unreadable cache entry for %s", url)
            return None

    def put(self, result: LinkResult) -> None:
        """Store `result` until its TTL runs out (skipped results are not stored)."""
        if not cacheable(result):
            return
        expires = self._clock() + ttl_for(result, self._ttl_ok, self._ttl_fail)
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO links (url, result, expires) VALUES (?, ?, ?)",
                (result.url, dumps(result), expires),
            )

    def close(self) -> None:
        """Close the database file."""
        self._db.close()


class RedisLinkCache(LinkCache):
    """The scale-out cache: one Redis key per URL, expired by Redis itself, shared by every
    worker on every host (so a link checked by one worker costs the others nothing)."""

    def __init__(
        self,
        client: Any,
        prefix: str = "awesome-review:link:",
        ttl_ok: float = TTL_OK,
        ttl_fail: float = TTL_FAIL,
    ) -> None:
        self._client = client
        self._prefix = prefix
        self._ttl_ok = ttl_ok
        self._ttl_fail = ttl_fail

    @classmethod
    def from_url(cls, url: str, prefix: str = "awesome-review:link:") -> RedisLinkCache:
        import redis  # only scale-out mode needs it

        return cls(redis.Redis.from_url(url, decode_responses=True, socket_timeout=5), prefix)

    def get(self, url: str) -> LinkResult | None:
        """The unexpired result for `url`, or None (also when Redis does not answer)."""
        try:
            text = self._client.get(self._prefix + url)
        except Exception as exc:  # a cache miss costs a request; a crash would cost the review
            LOG.warning("link cache unavailable: %s", exc)
            return None
        if text is None:
            return None
        try:
            return loads(text)
        except (ValueError, TypeError, KeyError):
            LOG.warning("ignoring an unreadable cache entry for %s", url)
            return None

    def put(self, result: LinkResult) -> None:
        """Store `result` with its TTL (skipped results are not stored)."""
        if not cacheable(result):
            return
        ttl_ms = int(ttl_for(result, self._ttl_ok, self._ttl_fail) * 1000)
        try:
            self._client.set(self._prefix + result.url, dumps(result), px=ttl_ms)
        except Exception as exc:
            LOG.warning("link cache unavailable: %s", exc)
