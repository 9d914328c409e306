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
# waitress inside each gunicorn process: an idle or slow client costs a socket, not a thread
# (gthread reads each request on a pool thread, so 16 slow clients stopped 2 x 4 threads);
# it closes connections silent for 15 s and bounds headers and bodies (webhooks/server.py).
worker_class = "webhooks.gunicorn_worker.WaitressWorker"
threads = 8  # run the app on complete requests only
timeout = 30  # the I/O loop reports to the arbiter every 0.5 s; 30 s of silence is a hang
graceful_timeout = 8  # below docker's 10 s between SIGTERM and SIGKILL
accesslog = None  # the app logs one line per delivery, with its id; no second line
errorlog = "-"


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
