"""The store: state the web process and the workers share beside the queue.

- delivery ids seen, so a redelivery is acknowledged but not run twice;
- the *wanted* review of each PR (and each pending command comment), with a lease, so a
  killed worker, a lost enqueue or a restart never loses a review (huey itself has no
  acknowledgements: a task popped by a worker that dies is gone);
- per-PR locks and rate limits.

`Store` is the interface; `SqliteStore` backs it in the embedded default and a Redis
implementation backs it to scale out. Every method takes `now` from the caller, so tests
drive the clock.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from bot.jobs.job import Job, ReviewJob, job_from_dict, job_to_dict

LOG = logging.getLogger(__name__)

PENDING, DONE, FAILED = "pending", "done", "failed"

# Either kind of job, kept as the kind it is: want(review) gives back a ReviewJob.
J = TypeVar("J", bound=Job)


@dataclass(frozen=True, slots=True)
class Wanted:
    """A review (or command) someone asked for, and whether it has been delivered."""

    key: str
    job: Job  # the latest job for the key; its `seq` is the key's sequence number
    state: str  # PENDING, DONE or FAILED
    enqueued_at: float
    lease_until: float  # past this while PENDING, the sweep enqueues the job again
    sweeps: int = 0  # times the sweep re-enqueued it

    @property
    def seq(self) -> int:
        return self.job.seq

    def covers(self, job: Job) -> bool:
        """A push delivery for the head this full review is wanted for, or was done for,
        adds nothing: `/fix` asks for the review of the head it pushed, and GitHub sends
        `synchronize` for that push too, before, during or after that review."""
        wanted = self.job
        return (
            isinstance(job, ReviewJob)
            and job.trigger == "synchronize"
            and isinstance(wanted, ReviewJob)
            and wanted.delivery_id != job.delivery_id  # the same one again is a duplicate
            and self.state != FAILED
            and not wanted.links_only
            and (wanted.key, wanted.head_sha, wanted.base_sha)
            == (job.key, job.head_sha, job.base_sha)
        )


class StoreError(RuntimeError):
    """The store cannot be reached or written."""


class Store(Protocol):
    """What the web process and the workers need to share."""

    def accept(self, job: J, now: float, lease_until: float) -> J | None:
        """Record a delivery's job; None if its delivery id was seen before, else the job
        with its sequence number."""
        ...

    def want(self, job: J, now: float, lease_until: float) -> J:
        """Record `job` as the wanted one for its key (no delivery de-duplication)."""
        ...

    def wanted(self, key: str) -> Wanted | None: ...

    def extend(self, key: str, seq: int, lease_until: float) -> None:
        """Push a pending record's lease forward while its job runs (the heartbeat)."""
        ...

    def finish(self, key: str, seq: int, state: str, now: float) -> bool:
        """Mark done/failed, only if `seq` is still the wanted one. True when marked."""
        ...

    def due(self, now: float, limit: int = 100) -> list[Wanted]:
        """Pending records whose lease has run out."""
        ...

    def claim_due(self, key: str, seq: int, now: float, lease_until: float) -> bool:
        """Take a due record for re-enqueueing (one sweeper wins); counts the sweep."""
        ...

    def lock(self, name: str, owner: str, now: float, ttl: float) -> bool: ...

    def unlock(self, name: str, owner: str) -> None: ...

    def allow(self, name: str, now: float, per: float) -> bool:
        """A rate limit of one per `per` seconds; True (and counted) when allowed."""
        ...

    def pending_count(self) -> int: ...

    def prune(self, before: float) -> int:
        """Forget delivery ids and finished records older than `before`."""
        ...

    def ping(self) -> None: ...


_SCHEMA = """
create table if not exists ar_delivery (id text primary key, seen_at real not null);
create index if not exists ar_delivery_seen on ar_delivery (seen_at);
create table if not exists ar_wanted (
    key text primary key, job text not null, seq integer not null, state text not null,
    enqueued_at real not null, lease_until real not null, sweeps integer not null default 0,
    updated_at real not null);
create index if not exists ar_wanted_due on ar_wanted (state, lease_until);
create table if not exists ar_lock (name text primary key, owner text not null,
    expires_at real not null);
create table if not exists ar_rate (name text primary key, last_at real not null);
"""


class SqliteStore:
    """The store in a SQLite file, safe across threads and processes.

    One connection per store, behind a lock: threads of one process take turns on a Python
    lock (microseconds) instead of SQLite's busy handler, which sleeps in steps of up to
    100 ms and would put those sleeps straight into the webhook's answer time. Processes
    sharing the file still serialise on SQLite's own write lock (`begin immediate`).
    """

    def __init__(self, path: str, timeout: float = 10.0) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(
                path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
            self._db.execute("pragma journal_mode=wal")
            self._db.execute("pragma synchronous=normal")  # WAL + normal: survives a crash
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(f"store {path}: {exc}") from exc

    # ------------------------------------------------------------------ plumbing

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; `begin immediate` takes the write lock up front, so two
        processes never both read-then-write the same row."""
        with self._lock:
            try:
                self._db.execute("begin immediate")
            except sqlite3.Error as exc:
                raise StoreError(f"store {self.path}: {exc}") from exc
            try:
                yield self._db
            except sqlite3.Error as exc:
                self._db.execute("rollback")
                raise StoreError(f"store {self.path}: {exc}") from exc
            except BaseException:
                self._db.execute("rollback")
                raise
            else:
                self._db.execute("commit")

    def _query(self, sql: str, params: tuple[object, ...]) -> list[tuple[object, ...]]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"store {self.path}: {exc}") from exc

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ------------------------------------------------------------------ wanted reviews

    def accept(self, job: J, now: float, lease_until: float) -> J | None:
        with self._tx() as db:
            cur = db.execute(
                "insert or ignore into ar_delivery (id, seen_at) values (?, ?)",
                (job.delivery_id, now),
            )
            if cur.rowcount == 0:
                return None
            return self._want(db, job, now, lease_until)

    def want(self, job: J, now: float, lease_until: float) -> J:
        with self._tx() as db:
            return self._want(db, job, now, lease_until)

    def _want(self, db: sqlite3.Connection, job: J, now: float, lease_until: float) -> J:
        row = db.execute("select seq from ar_wanted where key = ?", (job.key,)).fetchone()
        numbered = replace(job, seq=(row[0] if row else 0) + 1, attempt=0)
        db.execute(
            "insert or replace into ar_wanted (key, job, seq, state, enqueued_at, lease_until,"
            " sweeps, updated_at) values (?, ?, ?, ?, ?, ?, 0, ?)",
            (job.key, _dump(numbered), numbered.seq, PENDING, now, lease_until, now),
        )
        return numbered

    def wanted(self, key: str) -> Wanted | None:
        rows = self._query(
            "select key, job, state, enqueued_at, lease_until, sweeps from ar_wanted"
            " where key = ?",
            (key,),
        )
        return _wanted(rows[0]) if rows else None

    def extend(self, key: str, seq: int, lease_until: float) -> None:
        with self._tx() as db:
            db.execute(
                "update ar_wanted set lease_until = ? where key = ? and seq = ? and state = ?",
                (lease_until, key, seq, PENDING),
            )

    def finish(self, key: str, seq: int, state: str, now: float) -> bool:
        with self._tx() as db:
            cur = db.execute(
                "update ar_wanted set state = ?, updated_at = ? where key = ? and seq = ?",
                (state, now, key, seq),
            )
            return cur.rowcount > 0

    def due(self, now: float, limit: int = 100) -> list[Wanted]:
        rows = self._query(
            "select key, job, state, enqueued_at, lease_until, sweeps from ar_wanted"
            " where state = ? and lease_until < ? order by lease_until limit ?",
            (PENDING, now, limit),
        )
        return [_wanted(row) for row in rows]

    def claim_due(self, key: str, seq: int, now: float, lease_until: float) -> bool:
        with self._tx() as db:
            cur = db.execute(
                "update ar_wanted set lease_until = ?, sweeps = sweeps + 1, updated_at = ?"
                " where key = ? and seq = ? and state = ? and lease_until < ?",
                (lease_until, now, key, seq, PENDING, now),
            )
            return cur.rowcount > 0

    def pending_count(self) -> int:
        rows = self._query("select count(*) from ar_wanted where state = ?", (PENDING,))
        return int(_number(rows[0][0]))

    # ------------------------------------------------------------------ locks, limits

    def lock(self, name: str, owner: str, now: float, ttl: float) -> bool:
        with self._tx() as db:
            row = db.execute(
                "select owner, expires_at from ar_lock where name = ?", (name,)
            ).fetchone()
            if row and row[0] != owner and row[1] > now:
                return False
            db.execute(
                "insert or replace into ar_lock (name, owner, expires_at) values (?, ?, ?)",
                (name, owner, now + ttl),
            )
            return True

    def unlock(self, name: str, owner: str) -> None:
        with self._tx() as db:
            db.execute("delete from ar_lock where name = ? and owner = ?", (name, owner))

    def allow(self, name: str, now: float, per: float) -> bool:
        with self._tx() as db:
            row = db.execute("select last_at from ar_rate where name = ?", (name,)).fetchone()
            if row and now - row[0] < per:
                return False
            db.execute(
                "insert or replace into ar_rate (name, last_at) values (?, ?)", (name, now)
            )
            return True

    # ------------------------------------------------------------------ upkeep

    def prune(self, before: float) -> int:
        with self._tx() as db:
            gone = db.execute("delete from ar_delivery where seen_at < ?", (before,)).rowcount
            gone += db.execute(
                "delete from ar_wanted where state != ? and updated_at < ?", (PENDING, before)
            ).rowcount
            gone += db.execute("delete from ar_rate where last_at < ?", (before,)).rowcount
            return gone

    def ping(self) -> None:
        self._query("select 1 from ar_wanted limit 1", ())


def _dump(job: Job) -> str:
    return json.dumps(job_to_dict(job), separators=(",", ":"))


def _wanted(row: tuple[object, ...]) -> Wanted:
    key, job, state, enqueued_at, lease_until, sweeps = row
    job_value = job_from_dict(json.loads(str(job)))
    return Wanted(str(key), job_value, str(state), _number(enqueued_at), _number(lease_until),
                  int(_number(sweeps)))


def _number(value: object) -> float:
    """A number column; anything else means the file is not our store."""
    if not isinstance(value, int | float):
        raise StoreError(f"store: expected a number, found {value!r}")
    return float(value)
