"""A gunicorn worker that serves with waitress: gunicorn keeps what it is good at (several
processes per host, restarts, graceful reloads, the metrics' multiprocess mode), waitress
holds the connections, so a slow client costs a socket, not a thread (see webhooks/server.py).

    worker_class = "webhooks.gunicorn_worker.WaitressWorker"   # deploy/gunicorn.conf.py
"""

from __future__ import annotations

import os

from gunicorn.workers.base import Worker

from webhooks.server import Limits, WebServer


class WaitressWorker(Worker):  # type: ignore[misc]  # gunicorn ships no type hints
    """One gunicorn process: waitress on the sockets gunicorn listens on."""

    def run(self) -> None:
        limits = Limits(threads=self.cfg.threads)
        server = WebServer(self.wsgi, sockets=[listener.sock for listener in self.sockets],
                           limits=limits)
        server.serve_forever(tick=self._beat, grace=self.cfg.graceful_timeout)

    def _beat(self) -> bool:
        """Tell the arbiter we are alive; False once told to stop or orphaned."""
        self.notify()
        return bool(self.alive) and self.ppid == os.getppid()
