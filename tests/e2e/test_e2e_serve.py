"""`awesome-review serve` as an operator runs it: refusals at start-up, a clean stop, and a
review that survives the server being SIGKILLed in the middle of it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from e2e.conftest import GOOD_ROW, LinkFarm, list_text, start_server, stop_server, wait_for
from tests.fakes.fixtures import install_app, make_rsa_key
from tests.fakes.github_api import FakeGitHub


def _serve(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "AWESOME_REVIEW_"))}
    return subprocess.run([sys.executable, "-m", "bot.cli", "serve"], env={**clean, **env},
                          cwd=cwd, capture_output=True, text=True, timeout=30)


def test_serve_refuses_to_start_without_a_webhook_secret(tmp_path: Path) -> None:
    done = _serve({"GITHUB_TOKEN": "t"}, tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "GITHUB_WEBHOOK_SECRET is not set" in lines[0]


def test_serve_refuses_to_start_without_github_credentials(tmp_path: Path) -> None:
    done = _serve({"GITHUB_WEBHOOK_SECRET": "s"}, tmp_path)
    assert done.returncode == 2
    assert "no GitHub credentials" in done.stderr and "Traceback" not in done.stderr


def test_bad_setting_is_a_one_line_error(tmp_path: Path) -> None:
    done = _serve({"GITHUB_WEBHOOK_SECRET": "s", "GITHUB_TOKEN": "t", "PORT": "eighty"}, tmp_path)
    assert done.returncode == 2 and done.stderr.strip() == "awesome-review: PORT: expected a number, got 'eighty'"


def test_sigterm_stops_the_server(farm: LinkFarm, tmp_path: Path) -> None:
    fake = FakeGitHub().start()
    try:
        server = start_server(install_app(fake, make_rsa_key()), farm, tmp_path)
        started = time.monotonic()
        assert stop_server(server) == 0
        assert time.monotonic() - started < 10
    finally:
        fake.stop()


def test_review_survives_a_sigkill_mid_job(farm: LinkFarm, tmp_path: Path) -> None:
    fake = FakeGitHub().start()
    world = install_app(fake, make_rsa_key())
    quick = {"AWESOME_REVIEW_LEASE_SECONDS": "2", "AWESOME_REVIEW_SWEEP_SECONDS": "1"}
    try:
        server = start_server(world, farm, tmp_path, **quick)
        number, base, head = server.open_pull({"README.md": list_text(farm, GOOD_ROW.format(url=farm.url(3)))})
        # GitHub is slow to answer the PR: the review is mid-flight when the server dies.
        fake.fail("GET /repos/{owner}/{repo}/pulls/{number}", delay=30.0, times=1)
        assert server.post("pull_request", server.pr_event("opened", number, base, head)).status_code == 202
        wait_for(lambda: fake.calls["GET /repos/{owner}/{repo}/pulls/{number}"] >= 1, 10, "the review to start")
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(5)
        assert server.sticky(number) == []  # nothing was posted before the kill
        again = start_server(world, farm, tmp_path, **quick)  # same queue and store files
        try:
            run = wait_for(lambda: again.check_runs(head) and again.check_runs(head)[-1], 30,
                           "the review after the restart")
            assert run["conclusion"] == "success"
            assert len(wait_for(lambda: again.sticky(number), 10, "the sticky comment")) == 1
            assert "enqueued again" in again.log_text()
        finally:
            stop_server(again)
    finally:
        fake.stop()
