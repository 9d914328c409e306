"""The web app for a WSGI server, to scale out: `gunicorn 'webhooks.wsgi:application()'`.

Web processes only verify, record and enqueue; run `awesome-review worker` beside them, on
the same AWESOME_REVIEW_QUEUE (a redis:// URL when they are on several hosts).
"""

from __future__ import annotations

from flask import Flask

from bot.jobs.queue import HueyQueue, make_huey
from bot.jobs.worker import configure_logging, make_store
from bot.settings import require_webhook_secret, settings_from_env
from webhooks.app import create_app


def application() -> Flask:
    """Build the app from the environment; refuses to start without GITHUB_WEBHOOK_SECRET."""
    settings = settings_from_env()
    require_webhook_secret(settings)
    configure_logging(settings)  # gunicorn configures only its own loggers
    return create_app(settings, queue=HueyQueue(make_huey(settings)), store=make_store(settings))
