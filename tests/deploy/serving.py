"""gunicorn started as deploy/ runs it, on 127.0.0.1 with a SQLite queue (tests and benches)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn_server(tmp_path: Path, secret: str, **env: str) -> Iterator[str]:
    """gunicorn -c deploy/gunicorn.conf.py (2 web processes); yields its URL, stops it after."""
    port = free_port()
    full_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "AWESOME_REVIEW_"))},
        "GITHUB_WEBHOOK_SECRET": secret,
        "AWESOME_REVIEW_QUEUE": str(tmp_path / "queue.db"),
        "WEB_CONCURRENCY": "2",
        **env,
    }
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py"),
             "-b", f"127.0.0.1:{port}", "--pid", str(tmp_path / "gunicorn.pid")],
            env=full_env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log_path)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        print(log_path.read_text(errors="replace")[-3000:])


def wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or still importing the app
            time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer /healthz within 30 s:\n{log.read_text(errors='replace')}")
