"""The tests on a fresh clone, with no shared data beside it: what they need is in tests/data;
the replays of the unlicensed awesome-ai-system history skip, saying why once (CI fails)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

# a sample: real lists, webhook payloads, the link farm, and the replays of the history
SAMPLE = ["tests/test_replay.py", "tests/checks/test_placement.py", "tests/web/test_web_routes.py",
          "tests/links/test_github.py", "tests/test_parse.py"]


def _pytest(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "CI"}
    environ.update(AWESOME_REVIEW_SHARED=str(tmp_path / "nothing-here"), **env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SAMPLE],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=600,
    )


def test_without_the_shared_data_the_tests_pass_and_say_once_what_they_skipped(tmp_path: Path) -> None:
    done = _pytest(tmp_path)
    assert done.returncode == 0, done.stdout[-3000:]
    skips = [line for line in done.stdout.splitlines() if line.startswith("SKIPPED")]
    assert len(skips) == 1, skips
    assert "awesome-ai-system" in skips[0] and "AWESOME_REVIEW_SHARED" in skips[0]
    assert " passed" in done.stdout.splitlines()[-1]


def test_in_ci_the_missing_shared_data_fails_the_run(tmp_path: Path) -> None:
    done = _pytest(tmp_path, CI="true")
    assert done.returncode == 1, done.stdout[-3000:]
    assert "awesome-ai-system list and its history are not at" in done.stdout
