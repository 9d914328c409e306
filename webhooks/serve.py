"""`awesome-review serve`: the web app and an in-process worker (the embedded default).

One process, one SQLite file, no other server: the web app answers GitHub in
milliseconds on a thread pool while huey's consumer threads run the reviews. To scale out,
run the app under gunicorn (`webhooks.wsgi`) and `awesome-review worker` elsewhere.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

from bot.github.errors import GitHubError
from bot.jobs import worker
from bot.settings import Settings, SettingsError
from webhooks.app import create_app
from webhooks.server import WebServer

LOG = logging.getLogger(__name__)

EXIT_BAD_SETTINGS = 2


def run_serve(args: argparse.Namespace) -> int:
    settings = worker.load_settings(require_secret=True)
    if settings is None:
        return EXIT_BAD_SETTINGS
    worker.configure_logging(settings)
    try:
        parts = worker.build_worker(settings)
    except (GitHubError, SettingsError) as exc:
        print(f"awesome-review: {exc}", file=sys.stderr)
        return EXIT_BAD_SETTINGS
    app = create_app(settings, queue=parts.queue, store=parts.store)
    server = WebServer(app, args.host, args.port or settings.port)
    return _run(server, parts, settings, args.workers)


def _run(
    server: WebServer, parts: worker.WorkerParts, settings: Settings, workers: int
) -> int:
    """Serve on a thread; huey's consumer owns the main thread and its signal handlers, so
    SIGINT/SIGTERM stop the workers gracefully and then the server."""
    # Worker threads parse lists and talk to GitHub; a web thread waiting for the GIL behind
    # them would answer late. A 1 ms switch interval (Python's default is 5 ms) bounds that.
    sys.setswitchinterval(0.001)
    # Until huey's consumer installs its own handlers, SIGTERM must still stop us cleanly
    # (the web thread already answers /healthz, so a supervisor may stop us at once).
    signal.signal(signal.SIGTERM, _interrupt)
    web = threading.Thread(target=server.serve_forever, name="web", daemon=True)
    web.start()
    print(f"awesome-review: serving on http://{server.host}:{server.port} "
          f"with {workers} worker thread(s), queue {settings.queue}", flush=True)
    try:
        if workers > 0:
            worker.start_sweep(parts)
            worker.make_consumer(parts, workers).run()
        else:
            web.join()
    except KeyboardInterrupt:
        pass  # stopped before the consumer took over the signals: nothing was running yet
    finally:
        server.shutdown()
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
