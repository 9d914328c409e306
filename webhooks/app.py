"""The web process: verify, de-duplicate, record, enqueue — and answer within milliseconds.

It never calls GitHub; everything that needs the API happens in the worker.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from flask import Flask, Request, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from bot import logs
from bot.jobs.job import Job
from bot.jobs.queue import JobQueue, QueueError
from bot.jobs.store import Store, StoreError
from bot.settings import Settings
from webhooks.body import LargeBodies, signed_body
from webhooks.observe import instrument
from webhooks.router import MAX_DELIVERY_ID, Delivery, PayloadError, Router
from webhooks.routes import ROUTER
from webhooks.signature import Signature

LOG = logging.getLogger(__name__)

MAX_BODY_BYTES = 25 * 1024 * 1024  # GitHub caps payloads at 25 MB; anything larger is not GitHub
BUSY_RETRY_AFTER = 30  # seconds a sender is asked to wait when the queue is past its bound
# A queue depth reading is reused this long: a COUNT per delivery costs more than the
# delivery under a flood, which is exactly when the bound matters.
DEPTH_TTL = 0.1

Clock = Callable[[], float]


class Refused(Exception):
    """A delivery we answer with an error status; the message says what was wrong."""

    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


def create_app(
    settings: Settings,
    queue: JobQueue,
    store: Store,
    clock: Clock = time.time,
    router: Router = ROUTER,
) -> Flask:
    """The Flask app; collaborators are passed in so tests hand it fakes or real ones."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    intake = Intake(settings, queue, store, clock, router)
    instrument(app, queue, store)  # /metrics, a count per delivery, its id on log lines

    @app.post("/webhook")
    def webhook() -> tuple[Response, int]:
        try:
            status, body = intake.receive(request)
        except Refused as exc:
            answer = jsonify({"error": exc.message})
            if exc.retry_after is not None:
                answer.headers["Retry-After"] = str(exc.retry_after)
            return answer, exc.status
        return jsonify(body), status

    @app.get("/healthz")
    def healthz() -> tuple[Response, int]:
        return jsonify({"status": "ok"}), 200

    @app.get("/readyz")
    def readyz() -> tuple[Response, int]:
        return _readiness(queue, store)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[Response, int]:
        # e.g. 413 from MAX_CONTENT_LENGTH, 405 for GET /webhook: JSON like every other answer.
        status = exc.code or 500
        answer = jsonify({"error": exc.description or exc.name})
        if status == 413:
            answer.headers["Connection"] = "close"  # do not go on reading the body we refused
        return answer, status

    @app.errorhandler(Exception)
    def bug(exc: Exception) -> tuple[Response, int]:
        LOG.exception("unexpected error handling %s %s", request.method, request.path)
        return jsonify({"error": f"internal error ({type(exc).__name__}); see the server log"}), 500

    return app


def _readiness(queue: JobQueue, store: Store) -> tuple[Response, int]:
    """Ready when the queue and the store answer (the web process cannot work without them)."""
    try:
        queue.ping()
        store.ping()
    except (QueueError, StoreError) as exc:
        LOG.warning("not ready: %s", exc)
        return jsonify({"status": "unavailable", "error": str(exc)}), 503
    return jsonify({"status": "ready"}), 200


class Intake:
    """The steps of one delivery: signature, headers, JSON, route, record, enqueue."""

    def __init__(
        self, settings: Settings, queue: JobQueue, store: Store, clock: Clock, router: Router
    ) -> None:
        self.settings = settings
        self.queue = queue
        self.store = store
        self.clock = clock
        self.router = router
        self.lease = settings.lease_seconds
        self.backlog = Backlog(queue, settings.max_pending)
        self.refusals = logs.Throttle()
        self.large_bodies = LargeBodies()

    def receive(self, req: Request) -> tuple[int, dict[str, Any]]:
        delivery_id = req.headers.get("X-GitHub-Delivery", "")
        header = req.headers.get("X-Hub-Signature-256")
        with signed_body(req.stream, self.settings.webhook_secret, header) as body:
            self._verify(body.verdict, delivery_id, req)
            event = _headers(req.headers.get("X-GitHub-Event", ""), delivery_id)
            with self.large_bodies.turn(body.size) as admitted:
                if not admitted:
                    raise Refused(503, "other large deliveries are being taken in; redeliver "
                                  f"in {BUSY_RETRY_AFTER}s", BUSY_RETRY_AFTER)
                data = _payload(body.read(), req.mimetype)
                return self._take(Delivery(event, delivery_id, data, self.settings.app_login))

    def _take(self, delivery: Delivery) -> tuple[int, dict[str, Any]]:
        if delivery.event == "ping":
            LOG.info("ping: %s", delivery.data.get("zen", ""),
                     extra={"delivery": delivery.delivery_id})
            return 200, {"status": "pong"}
        return self._route(delivery)

    def _verify(self, verdict: Signature, delivery_id: str, req: Request) -> None:
        if verdict is Signature.VALID:
            return
        # Counted per delivery in /metrics (outcome unsigned / bad-signature); logged at most
        # once a second, so forged traffic cannot flood the log.
        refused = self.refusals.due()
        if refused:
            shown = delivery_id[:MAX_DELIVERY_ID]
            more = f" ({refused - 1} more refused since the last line)" if refused > 1 else ""
            LOG.warning("refused delivery %r from %s: signature %s%s", shown, req.remote_addr,
                        verdict.value, more, extra={"delivery": shown})
        if verdict is Signature.MISSING:
            raise Refused(401, "missing X-Hub-Signature-256 header: deliveries must be signed")
        raise Refused(403, f"X-Hub-Signature-256 is {verdict.value}: signature refused")

    def _route(self, delivery: Delivery) -> tuple[int, dict[str, Any]]:
        try:
            job = self.router.dispatch(delivery)
        except PayloadError as exc:
            LOG.warning("bad %s payload: %s", delivery.event, exc,
                        extra={"delivery": delivery.delivery_id})
            raise Refused(400, f"{delivery.event} payload: {exc}") from None
        if job is None:
            return 200, {"status": "ignored", "event": delivery.event, "action": delivery.action}
        self.backlog.refuse_when_full()
        return self._record(job)

    def _record(self, job: Job) -> tuple[int, dict[str, Any]]:
        """Record the wanted review, then enqueue it; the store is the source of truth."""
        logs.bind(repo=job.repo, pr=job.pr_number)
        now = self.clock()
        try:
            wanted = self.store.wanted(job.key)
            if wanted is not None and wanted.covers(job):
                LOG.info("%s: the review of this head is wanted already; not run twice",
                         job.trigger, extra={"delivery": job.delivery_id})
                return 200, {"status": "covered", "delivery": job.delivery_id}
            numbered = self.store.accept(job, now, now + self.lease)
        except StoreError as exc:
            LOG.error("store unavailable: %s", exc, extra={"delivery": job.delivery_id})
            raise Refused(503, "the job store is unavailable; redeliver later") from None
        if numbered is None:
            LOG.info("delivery seen before; not run twice", extra={"delivery": job.delivery_id})
            return 200, {"status": "duplicate", "delivery": job.delivery_id}
        try:
            self.queue.enqueue(numbered)
            self.backlog.added()
        except QueueError as exc:
            # Recorded but not enqueued: the sweep enqueues it when its lease runs out.
            LOG.error("%s; the sweep will retry it", exc, extra={"delivery": job.delivery_id})
        LOG.info("queued %s for %s#%d", job.trigger, job.repo, job.pr_number,
                 extra={"delivery": job.delivery_id})
        return 202, {"status": "queued", "repo": job.repo, "pr": job.pr_number,
                     "trigger": job.trigger}


class Backlog:
    """The queue's depth against `max_pending` (0: no bound), read at most every DEPTH_TTL s.

    A full queue answers 503 with Retry-After: a flood must not grow the queue (and the
    time to the last review) without bound. Nothing is recorded, so a redelivery later is
    reviewed as if it were new. Reads race harmlessly between threads: the bound is soft.
    """

    def __init__(self, queue: JobQueue, limit: int) -> None:
        self.queue = queue
        self.limit = limit
        self.depth = 0
        self.read_at = float("-inf")
        self.refusals = logs.Throttle()  # one line a second, not one per delivery

    def refuse_when_full(self) -> None:
        if self.limit <= 0:
            return
        now = time.monotonic()
        if now - self.read_at >= DEPTH_TTL:
            self.read_at = now
            try:
                self.depth = self.queue.pending()
            except Exception as exc:  # sqlite3/redis errors differ; enqueue reports them
                LOG.warning("queue depth unknown: %s", exc)
                return
        if self.depth >= self.limit:
            self._log_refusal()
            raise Refused(503, f"{self.depth} jobs are waiting (the limit is {self.limit}); "
                          f"redeliver in {BUSY_RETRY_AFTER}s", BUSY_RETRY_AFTER)

    def added(self) -> None:
        self.depth += 1  # keeps the bound tight between two reads

    def _log_refusal(self) -> None:
        refused = self.refusals.due()
        if refused:
            LOG.warning("queue full (%d waiting, limit %d): %d deliveries refused with 503",
                        self.depth, self.limit, refused)


def _headers(event: str, delivery_id: str) -> str:
    """The event name, once both GitHub headers are present and the delivery id is sane."""
    if not event or not delivery_id:
        missing = "X-GitHub-Event" if not event else "X-GitHub-Delivery"
        raise Refused(400, f"missing {missing} header")
    if len(delivery_id) > MAX_DELIVERY_ID:
        raise Refused(400, f"X-GitHub-Delivery is {len(delivery_id)} characters long; "
                      f"GitHub's are 36 (at most {MAX_DELIVERY_ID} accepted)")
    return event


def _payload(body: bytes, mimetype: str) -> dict[str, Any]:
    """The JSON payload; GitHub's form content type wraps it in a `payload=` field."""
    if mimetype == "application/x-www-form-urlencoded":
        fields = parse_qs(body.decode("utf-8", "replace"))
        if "payload" not in fields:
            raise Refused(400, "form-encoded delivery has no payload field")
        text: str | bytes = fields["payload"][0]
    else:
        text = body
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Refused(400, f"body is not valid JSON: {exc}") from None
    except RecursionError:
        raise Refused(400, "body is JSON nested too deeply to be a GitHub payload") from None
    if not isinstance(data, dict):
        raise Refused(400, "payload must be a JSON object")
    return data
