"""The README a newcomer follows: its two commands at the top (CI runs exactly the test one,
the serve one really serves), its variable table, its sample comment and its links."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
from e2e.conftest import free_port

from deploy.test_deploy import env_example

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def top_commands() -> list[str]:
    """The commands of the README's first code block (the two for a fresh machine)."""
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block and README.index(block.group(0)) < 600, "the two commands must open the README"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_opens_with_a_serve_command_and_a_test_command() -> None:
    serve, test = top_commands()
    assert serve.startswith("python3 -m venv .venv && .venv/bin/pip install -q -e '.[app]' && ")
    assert serve.endswith(".venv/bin/awesome-review serve")
    assert test == "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest"


def test_ci_runs_exactly_the_readme_test_command() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert lines[-1] == top_commands()[1]


def test_the_readme_serve_command_starts_and_answers_healthz(tmp_path: Path) -> None:
    serve = top_commands()[0].split(" && ")[-1]
    words = shlex.split(serve)
    assignments = dict(word.split("=", 1) for word in words if "=" in word)
    assert set(assignments) == {"GITHUB_WEBHOOK_SECRET", "GITHUB_TOKEN"}
    assert words[len(assignments):] == [".venv/bin/awesome-review", "serve"]
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "AWESOME_REVIEW_"))},
           **assignments, "PORT": str(port)}
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        answer = _healthz(f"http://127.0.0.1:{port}/healthz", process)
        assert answer == {"status": "ok"}
        assert (tmp_path / "awesome-review.db").is_file()  # the embedded default: SQLite here
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(20)
    assert process.returncode == 0


def _healthz(url: str, process: subprocess.Popen[bytes]) -> object:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
        try:
            return requests.get(url, timeout=2).json()
        except requests.RequestException:
            time.sleep(0.1)
    raise AssertionError(f"no answer from {url}")


def test_the_variable_table_names_every_variable_in_env_example() -> None:
    section = README.split("## Configuration: environment variables", 1)[1].split("\n## ", 1)[0]
    table = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", section, re.M))
    assert table == set(env_example())


def test_the_readme_shows_the_sample_comment_as_rendered() -> None:
    sample = (ROOT / "docs" / "sample-comment.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    for line in sample.splitlines():
        if line.strip() and not line.startswith("<!-- awesome-review:"):
            assert f"> {line}" in README, line


def test_every_local_link_in_the_readme_exists() -> None:
    prose = re.sub(r"`[^`\n]*`", "", re.sub(r"```.*?```", "", README, flags=re.S))
    for target in re.findall(r"\]\(((?!https?:|#)[^)]+)\)", prose):
        assert (ROOT / target.split("#")[0]).exists(), target


def test_the_readme_has_the_data_flow_diagram_and_the_command_reference() -> None:
    assert "```mermaid\nflowchart" in README
    for command in ("`/recheck`", "`/recheck links`", "`/help`", "`@<app> recheck`"):
        assert command in README
