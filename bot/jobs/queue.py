"""The job queue: huey, on SQLite by default (one file, no server) or Redis to scale out.

Tasks are registered on the huey instance by `HueyQueue`, not at import time, so settings
come from the caller. The web process and the workers register the same task names; only
a worker attaches the functions that run them.
"""

from __future__ import annotations

import datetime
import logging
import sqlite3
from collections.abc import Callable, Mapping
from typing import Protocol

from huey import Huey, RedisHuey, SqliteHuey
from huey.storage import SqliteStorage

from bot.jobs.job import AuditJob, Job, job_from_dict, job_to_dict
from bot.settings import Settings

LOG = logging.getLogger(__name__)

QUEUE_NAME = "awesome-review"
REVIEW_TASK = "awesome_review.review"
SWEEP_TASK = "awesome_review.sweep"
AUDIT_TASK = "awesome_review.audit"
AUDIT_SCAN_TASK = "awesome_review.audit_scan"

RunJob = Callable[[Job], object]
Sweep = Callable[[], object]
RunAudit = Callable[[AuditJob], object]


class QueueError(RuntimeError):
    """The queue cannot be reached."""


class JobQueue(Protocol):
    """What the web process and the sweep need from a queue."""

    def enqueue(self, job: Job, delay: float = 0.0, priority: int = 0) -> None: ...

    def ping(self) -> None: ...

    def pending(self) -> int: ...


def make_huey(settings: Settings) -> Huey:
    """SqliteHuey at `settings.queue`, or RedisHuey when it is a redis:// URL."""
    if settings.uses_redis:
        return RedisHuey(QUEUE_NAME, url=settings.queue, results=False)
    # results=False: a review's outcome is on GitHub, nothing reads huey's result store.
    return SqliteHuey(QUEUE_NAME, filename=settings.queue, results=False,
                      storage_class=_SqliteStorage)


class _SqliteStorage(SqliteStorage):  # type: ignore[misc]
    """huey's SQLite storage with `synchronous=normal`: in WAL mode that survives a crash
    of the process (only a power cut can lose the last commits), and an enqueue no longer
    waits for an fsync, which is most of a webhook's answer time."""

    def _create_connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection = super()._create_connection()
        conn.execute("pragma synchronous=normal")
        return conn


class HueyQueue:
    """The review task and the periodic sweep, on one huey instance."""

    def __init__(self, huey: Huey) -> None:
        self.huey = huey
        self._run: RunJob | None = None
        self._sweep: Sweep | None = None
        self._audit: RunAudit | None = None
        self._audit_scan: Sweep | None = None
        self._review_task = huey.task(name=REVIEW_TASK)(self._review)
        # Audits queue behind reviews: a person waits for a review, nobody for an audit.
        self._audit_task = huey.task(name=AUDIT_TASK, priority=-10)(self._run_audit)
        # The sweep runs at every periodic tick of the scheduler (see worker.SWEEP_SECONDS).
        huey.periodic_task(_every_tick, name=SWEEP_TASK)(self._periodic_sweep)
        # So does the audit scan; the store lets one run per AWESOME_REVIEW_AUDIT_SCAN_SECONDS.
        huey.periodic_task(_every_tick, name=AUDIT_SCAN_TASK)(self._periodic_audit_scan)

    def attach(
        self,
        run: RunJob,
        sweep: Sweep,
        audit: RunAudit | None = None,
        audit_scan: Sweep | None = None,
    ) -> None:
        """Give this process the functions that run jobs (workers only)."""
        self._run, self._sweep = run, sweep
        self._audit, self._audit_scan = audit, audit_scan

    def enqueue_audit(self, job: AuditJob) -> None:
        """Queue one repository's audit."""
        try:
            self._audit_task(job.to_dict())
        except Exception as exc:
            raise QueueError(f"cannot enqueue the audit of {job.repo}: {exc}") from exc

    def enqueue(self, job: Job, delay: float = 0.0, priority: int = 0) -> None:
        """Queue `job` (after `delay` seconds); a lower `priority` runs after other work."""
        try:
            if delay > 0 or priority:
                self._review_task.schedule(
                    args=(job_to_dict(job),), delay=max(0.0, delay), priority=priority or None
                )
            else:
                self._review_task(job_to_dict(job))
        except Exception as exc:  # sqlite3/redis errors differ; the caller needs one type
            raise QueueError(f"cannot enqueue job for {job.repo}#{job.pr_number}: {exc}") from exc

    def ping(self) -> None:
        try:
            self.huey.pending_count()
        except Exception as exc:
            raise QueueError(f"queue unreachable: {exc}") from exc

    def pending(self) -> int:
        return int(self.huey.pending_count())

    def _review(self, data: Mapping[str, object]) -> None:
        if self._run is None:
            raise RuntimeError("this process only enqueues; start `awesome-review worker`")
        self._run(job_from_dict(data))

    def _periodic_sweep(self) -> None:
        if self._sweep is not None:
            self._sweep()

    def _run_audit(self, data: Mapping[str, object]) -> None:
        if self._audit is None:
            raise RuntimeError("this process only enqueues; start `awesome-review worker`")
        self._audit(AuditJob.from_dict(data))

    def _periodic_audit_scan(self) -> None:
        if self._audit_scan is not None:
            self._audit_scan()


def _every_tick(timestamp: datetime.datetime) -> bool:
    return True
