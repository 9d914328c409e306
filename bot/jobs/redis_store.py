"""The store on Redis, for scale-out: any number of web and worker processes on any hosts.

Same semantics as SqliteStore. Read-modify-write steps run as WATCH/MULTI transactions, so
two processes racing on one PR or one delivery id cannot both win; locks and rate limits
are single atomic SETs with an expiry (a killed worker's lock runs out by itself).

Keys, under a prefix (default `awesome-review:`):
    delivery:<id>        a delivery id seen (expires after PRUNE_SECONDS)
    wanted:<key>         hash: job (JSON), seq, state, enqueued_at, lease_until, sweeps, updated_at
    pending              sorted set of wanted keys still pending, scored by lease_until
    lock:<name>          the owner of a lock
    rate:<name>          present while a rate limit holds
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

import redis
from redis.client import Pipeline

from bot.jobs.job import job_from_dict, job_to_dict
from bot.jobs.store import PENDING, J, StoreError, Wanted

LOG = logging.getLogger(__name__)

PRUNE_SECONDS = 7 * 24 * 3600  # GitHub lets you redeliver for 3 days; keep a week
T = TypeVar("T")

# Take a lock that is free or expired, or renew our own (atomic in Redis). The value is
# "<expires_at> <owner>" in the caller's clock, like SqliteStore; the key's own expiry only
# cleans up. ARGV: owner, now, expires_at, cleanup ms.
_LOCK = """
local held = redis.call('GET', KEYS[1])
if held then
  local space = string.find(held, ' ')
  local expires, owner = tonumber(string.sub(held, 1, space - 1)), string.sub(held, space + 1)
  if owner ~= ARGV[1] and expires > tonumber(ARGV[2]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[3] .. ' ' .. ARGV[1], 'PX', ARGV[4])
return 1
"""
_UNLOCK = """
local held = redis.call('GET', KEYS[1])
if held and string.sub(held, string.find(held, ' ') + 1) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""
# One per `per` seconds, in the caller's clock. ARGV: now, per, cleanup ms.
_ALLOW = """
local last = redis.call('GET', KEYS[1])
if last and tonumber(ARGV[1]) - tonumber(last) < tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1
"""
_CLEANUP_MS = 3_600_000  # an hour past its time, a lock or rate-limit key is deleted


class RedisStore:
    """The Store interface on a Redis server."""

    def __init__(self, client: redis.Redis, prefix: str = "awesome-review:") -> None:
        self.client = client
        self.prefix = prefix
        self._lock_script = client.register_script(_LOCK)
        self._unlock_script = client.register_script(_UNLOCK)
        self._allow_script = client.register_script(_ALLOW)

    @classmethod
    def from_url(cls, url: str, prefix: str = "awesome-review:") -> RedisStore:
        return cls(redis.Redis.from_url(url, decode_responses=True, socket_timeout=10), prefix)

    # ------------------------------------------------------------------ plumbing

    def _k(self, *parts: str) -> str:
        return self.prefix + ":".join(parts)

    def _transact(self, watch: list[str], body: Callable[[Pipeline], T]) -> T:
        """Run `body` under WATCH until no other client changed the watched keys."""
        try:
            with self.client.pipeline() as pipe:
                while True:
                    try:
                        pipe.watch(*watch)  # type: ignore[no-untyped-call]
                        return body(pipe)
                    except redis.WatchError:
                        continue  # another process won the race; read again
        except redis.RedisError as exc:
            raise StoreError(f"store {self.prefix}: {exc}") from exc

    def _call(self, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except redis.RedisError as exc:
            raise StoreError(f"store {self.prefix}: {exc}") from exc

    # ------------------------------------------------------------------ wanted reviews

    def accept(self, job: J, now: float, lease_until: float) -> J | None:
        delivery = self._k("delivery", job.delivery_id)

        def body(pipe: Pipeline) -> J | None:
            if pipe.exists(delivery):
                pipe.reset()
                return None
            return self._want(pipe, job, now, lease_until, delivery)

        return self._transact([delivery, self._k("wanted", job.key)], body)

    def want(self, job: J, now: float, lease_until: float) -> J:
        def body(pipe: Pipeline) -> J:
            return self._want(pipe, job, now, lease_until, None)

        return self._transact([self._k("wanted", job.key)], body)

    def _want(
        self, pipe: Pipeline, job: J, now: float, lease_until: float, delivery: str | None
    ) -> J:
        wanted = self._k("wanted", job.key)
        numbered = replace(job, seq=int(pipe.hget(wanted, "seq") or 0) + 1, attempt=0)
        pipe.multi()
        if delivery is not None:
            pipe.set(delivery, "1", ex=PRUNE_SECONDS)
        pipe.hset(wanted, mapping={
            "job": json.dumps(job_to_dict(numbered)), "seq": numbered.seq, "state": PENDING,
            "enqueued_at": now, "lease_until": lease_until, "sweeps": 0, "updated_at": now,
        })
        pipe.expire(wanted, PRUNE_SECONDS)
        pipe.zadd(self._k("pending"), {job.key: lease_until})
        pipe.execute()
        return numbered

    def wanted(self, key: str) -> Wanted | None:
        raw = self._call(lambda: self.client.hgetall(self._k("wanted", key)))
        data = {str(k): str(v) for k, v in raw.items()}  # decode_responses=True: already str
        return _wanted(key, data) if data else None

    def extend(self, key: str, seq: int, lease_until: float) -> None:
        wanted = self._k("wanted", key)

        def body(pipe: Pipeline) -> None:
            if _current(pipe, wanted, seq) != PENDING:
                pipe.reset()
                return
            pipe.multi()
            pipe.hset(wanted, "lease_until", lease_until)
            pipe.zadd(self._k("pending"), {key: lease_until})
            pipe.execute()

        self._transact([wanted], body)

    def finish(self, key: str, seq: int, state: str, now: float) -> bool:
        wanted = self._k("wanted", key)

        def body(pipe: Pipeline) -> bool:
            if _current(pipe, wanted, seq) is None:
                pipe.reset()
                return False
            pipe.multi()
            pipe.hset(wanted, mapping={"state": state, "updated_at": now})
            pipe.zrem(self._k("pending"), key)
            pipe.execute()
            return True

        return self._transact([wanted], body)

    def due(self, now: float, limit: int = 100) -> list[Wanted]:
        keys = self._call(
            lambda: self.client.zrangebyscore(self._k("pending"), "-inf", f"({now}", 0, limit)
        )
        found = [self.wanted(str(key)) for key in keys]
        return [w for w in found if w is not None and w.state == PENDING and w.lease_until < now]

    def claim_due(self, key: str, seq: int, now: float, lease_until: float) -> bool:
        wanted = self._k("wanted", key)

        def body(pipe: Pipeline) -> bool:
            data = pipe.hgetall(wanted)
            if not data or int(data["seq"]) != seq or data["state"] != PENDING \
                    or float(data["lease_until"]) >= now:
                pipe.reset()
                return False
            pipe.multi()
            pipe.hset(wanted, mapping={"lease_until": lease_until, "updated_at": now,
                                       "sweeps": int(data["sweeps"]) + 1})
            pipe.zadd(self._k("pending"), {key: lease_until})
            pipe.execute()
            return True

        return self._transact([wanted], body)

    def pending_count(self) -> int:
        return int(self._call(lambda: self.client.zcard(self._k("pending"))))

    # ------------------------------------------------------------------ locks, limits

    def lock(self, name: str, owner: str, now: float, ttl: float) -> bool:
        args: list[str | int] = [owner, repr(now), repr(now + ttl), int(ttl * 1000) + _CLEANUP_MS]
        return bool(self._call(lambda: self._lock_script([self._k("lock", name)], args)))

    def unlock(self, name: str, owner: str) -> None:
        self._call(lambda: self._unlock_script([self._k("lock", name)], [owner]))

    def allow(self, name: str, now: float, per: float) -> bool:
        args: list[str | int] = [repr(now), repr(per), int(per * 1000) + _CLEANUP_MS]
        return bool(self._call(lambda: self._allow_script([self._k("rate", name)], args)))

    # ------------------------------------------------------------------ upkeep

    def prune(self, before: float) -> int:
        """Delivery ids and records expire by themselves; this drops finished records older
        than `before` (as SqliteStore does) and index entries whose record is gone."""
        return self._call(lambda: self._prune(before))

    def _prune(self, before: float) -> int:
        gone = 0
        for key in self.client.scan_iter(self._k("wanted", "*"), count=500):
            state, updated = self.client.hmget(key, ["state", "updated_at"])
            if state not in (None, PENDING) and updated is not None and float(updated) < before:
                gone += int(self.client.delete(key))
        pending = self._k("pending")
        orphans = [str(k) for k in self.client.zrange(pending, 0, -1)
                   if not self.client.exists(self._k("wanted", str(k)))]
        if orphans:
            gone += int(self.client.zrem(pending, *orphans))
        return gone

    def ping(self) -> None:
        self._call(self.client.ping)

    def close(self) -> None:
        self.client.close()


def _current(pipe: Pipeline, wanted: str, seq: int) -> str | None:
    """The record's state if `seq` is still its sequence number, else None."""
    seq_now, state = pipe.hmget(wanted, ["seq", "state"])
    if seq_now is None or int(seq_now) != seq:
        return None
    return str(state)


def _wanted(key: str, data: dict[str, str]) -> Wanted:
    job = replace(job_from_dict(json.loads(data["job"])), seq=int(data["seq"]))
    return Wanted(key, job, str(data["state"]), float(data["enqueued_at"]),
                  float(data["lease_until"]), int(data["sweeps"]))
