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
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from werkzeug.serving import BaseWSGIServer, ThreadedWSGIServer

from bot.github.errors import GitHubError
from bot.jobs import worker
from bot.settings import Settings, SettingsError
from webhooks.app import create_app

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

LOG = logging.getLogger(__name__)

EXIT_BAD_SETTINGS = 2
WEB_THREADS = 32  # enough to keep both cores busy; more only fight over the GIL
LISTEN_BACKLOG = 1024  # capped by the kernel's net.core.somaxconn (4096 on current Linux)


class PooledWSGIServer(ThreadedWSGIServer):
    """werkzeug's threaded server on a fixed pool of threads.

    A thread per connection collapsed under a flood: hundreds of threads fought for the GIL
    and the answer rate fell by half (bench/flood.py). Connections beyond the pool wait in
    order; werkzeug's listen backlog of 128 is raised too, since every SYN it dropped cost
    its sender a 1-7 s retransmit.
    """

    def __init__(self, host: str, port: int, app: WSGIApplication) -> None:
        super().__init__(host, port, app)
        self.socket.listen(LISTEN_BACKLOG)
        self.pool = ThreadPoolExecutor(WEB_THREADS, thread_name_prefix="web")

    def process_request(self, request: Any, client_address: Any) -> None:
        self.pool.submit(self.process_request_thread, request, client_address)

    def server_close(self) -> None:
        super().server_close()
        self.pool.shutdown(wait=False, cancel_futures=True)


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
    server = PooledWSGIServer(args.host, args.port or settings.port, app)
    return _run(server, parts, settings, args.workers)


def _run(
    server: BaseWSGIServer, parts: worker.WorkerParts, settings: Settings, workers: int
) -> int:
    """Serve on a thread; huey's consumer owns the main thread and its signal handlers, so
    SIGINT/SIGTERM stop the workers gracefully and then the server."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per delivery
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
