"""What the web process tells operators: `GET /metrics`, a count per delivery, and the
delivery id on every log line written while it is taken in."""

from __future__ import annotations

import logging

from flask import Flask, Response, request

from bot import logs, metrics
from bot.jobs.queue import JobQueue
from bot.jobs.store import Store
from webhooks.router import MAX_DELIVERY_ID

LOG = logging.getLogger(__name__)


def instrument(app: Flask, queue: JobQueue, store: Store) -> None:
    """Add /metrics and the per-delivery hooks to `app`."""
    registry = metrics.make_registry(queue, store)

    @app.get("/metrics")
    def scrape() -> Response:
        return Response(metrics.exposition(registry), mimetype=None,
                        content_type=metrics.CONTENT_TYPE)

    @app.before_request
    def bind_delivery() -> None:
        logs.clear()  # a web thread serves many deliveries: start each one clean
        if request.path == "/webhook":
            # Cut to the longest id accepted: a forged header must not fill every log line.
            logs.bind(delivery=request.headers.get("X-GitHub-Delivery", "")[:MAX_DELIVERY_ID])

    @app.after_request
    def count(response: Response) -> Response:
        if request.path == "/webhook":
            body = response.get_json(silent=True) if response.is_json else None
            event = request.headers.get("X-GitHub-Event", "")
            metrics.count_delivery(event, response.status_code, body)
        return response
