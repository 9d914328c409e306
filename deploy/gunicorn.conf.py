"""gunicorn settings for the web process: `gunicorn -c deploy/gunicorn.conf.py`.

The web process only verifies, records and enqueues (milliseconds per delivery), so a few
processes with a few threads each serve a busy App; reviews run in `awesome-review worker`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

wsgi_app = "webhooks.wsgi:application()"
bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"  # -b on the command line overrides it
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"  # threads: a slow client does not hold a whole process
threads = 4
timeout = 30
graceful_timeout = 8  # below docker's 10 s between SIGTERM and SIGKILL
keepalive = 5
accesslog = None  # the app logs one line per delivery, with its id; no second line
errorlog = "-"
# GitHub caps payloads at 25 MB; the app answers 413 past that. These bound the headers.
limit_request_line = 8190
limit_request_fields = 100


def on_starting(server: Any) -> None:
    """Check the settings, then prepare the metrics directory."""
    _check_settings()
    _prepare_metrics()


def _check_settings() -> None:
    """A mis-set variable stops gunicorn here, with one line naming it: in the web processes
    it would be a traceback in each and gunicorn's "Worker failed to boot"."""
    from bot.settings import SettingsError, require_webhook_secret, settings_from_env

    try:
        require_webhook_secret(settings_from_env())
    except SettingsError as exc:
        print(f"awesome-review: {exc}", file=sys.stderr, flush=True)
        sys.exit(1)


def _prepare_metrics() -> None:
    """Metrics (PROMETHEUS_MULTIPROC_DIR): make the directory and drop dead processes' files.

    Files of live processes stay: `awesome-review worker`s on this host may share the
    directory, and their counters must survive a restart of the web server.
    """
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        return
    Path(directory).mkdir(parents=True, exist_ok=True)
    for path in Path(directory).glob("*.db"):
        pid = path.stem.rsplit("_", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            path.unlink(missing_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    """A web process ended: its live gauges no longer count (multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    return True
