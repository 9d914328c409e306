"""Hostile inputs: strange READMEs, huge PRs, huge payloads, broken configs. Each gets a clear
finding or error within a time bound, and the worker that met it stays up.

Three doors: the engine (what the CLI and the App both run), the App through the real job
runner (huey consumer threads, real pipeline, fake GitHub), and the CLI. The payload limit
has its own test in tests/web (413 for 25 MB + 1); here 30 MB goes to the live server.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from web.conftest import LiveApp, start

from bot.engine import Review, review_texts
from bot.jobs.store import DONE
from reliability.test_github_faults_runner import Worker, worker
from tests.fakes.fixtures import APP_LOGIN, GitHubWorld
from tests.fakes.scenario import open_pull

HEAD = "# Awesome Things\n\nA curated list.\n\n## Tools\n\n"
BASE = HEAD + "- [Alpha](https://alpha.example/) - First tool.\n"
ROW = "- [Tool {i}](https://t{i}.example/) - Tool number {i}.\n"


def entries(n: int) -> str:
    return "".join(ROW.format(i=i) for i in range(n))


# name -> (head text, seconds the engine may take). Bounds are generous for slow CI machines;
# they catch a quadratic blow-up, not a few per cent.
ENGINE_CASES: dict[str, tuple[Callable[[], str], float]] = {
    "empty": (lambda: "", 2),
    "BOM": (lambda: "\ufeff" + BASE + ROW.format(i=1), 2),
    "CRLF": (lambda: (BASE + ROW.format(i=1)).replace("\n", "\r\n"), 2),
    "50 000 entries": (lambda: BASE + entries(50_000), 60),
    "nesting 1000 deep (lists)": (lambda: BASE + "".join("  " * i + ROW.format(i=i) for i in range(1000)), 20),
    "nesting 1000 deep (quotes)": (lambda: BASE + ">" * 1000 + " [x](https://x.example/)\n", 10),
    "table of 1000 columns": (lambda: BASE + "\n|" + "|".join(f"c{i}" for i in range(1000)) + "|\n|"
                              + "---|" * 1000 + "\n|" + "|".join(f"[v{i}](https://v{i}.example/)" for i in range(1000)) + "|\n", 10),
    "a line of 1 MB": (lambda: BASE + "- [Long](https://long.example/) - " + "word " * 200_000 + "\n", 10),
    "a URL of 1 MB": (lambda: BASE + "- [Long](https://long.example/" + "a" * 1_000_000 + ") - Long.\n", 10),
    "control characters": (lambda: BASE + "- [Odd\x00\x07\x1b[31m](https://odd.example/) - \u202eevil\u202c.\n", 2),
}


@pytest.mark.parametrize("name", list(ENGINE_CASES))
def test_engine_reviews_strange_lists_within_a_bound(name: str) -> None:
    make, bound = ENGINE_CASES[name]
    text = make()
    started = time.monotonic()
    review = review_texts(text, BASE)
    elapsed = time.monotonic() - started
    assert elapsed < bound, f"{name}: {elapsed:.1f}s (bound {bound}s)"
    lines = text.count("\n") + 1
    assert all(1 <= f.line <= lines for f in review.findings)
    assert not [f for f in review.findings if f.rule.startswith("X")]  # no check crashed


def _rules(review: Review) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in review.findings]


def test_crlf_and_bom_lists_read_like_plain_ones() -> None:
    head = BASE + "- [Alpha](https://alpha.example/) - First tool, again.\n"  # a duplicate
    plain = _rules(review_texts(head, BASE))
    assert ("D301", 8) in plain
    assert _rules(review_texts(head.replace("\n", "\r\n"), BASE.replace("\n", "\r\n"))) == plain
    assert _rules(review_texts("\ufeff" + head, "\ufeff" + BASE)) == plain


# ---------------------------------------------------------------- the App, through the worker

TEN_MB = (HEAD + entries(170_000)).encode()  # the App reads files up to 5 MB
APP_CASES: dict[str, tuple[dict[str, str | bytes], dict[str, str | bytes], str]] = {
    # name: (base files, head files, what the sticky comment must say)
    "not UTF-8": ({"README.md": BASE}, {"README.md": BASE.encode() + b"- [Caf\xe9](https://c.example/) - Caf\xe9.\n"},
                  "cannot be reviewed: it is not UTF-8"),
    "binary": ({"README.md": BASE}, {"README.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40},
               "cannot be reviewed: it is a binary file"),
    "10 MB": ({"README.md": BASE}, {"README.md": TEN_MB}, "awesome-review reviews lists up to 5 MB"),
    "empty": ({"README.md": BASE}, {"README.md": ""}, "is empty after this PR: every entry of the list would be removed"),
    "config not YAML": ({"README.md": BASE, ".github/awesome-review.yml": "files: [README.md\n  - : : {\n"},
                        {"README.md": BASE + ROW.format(i=1)}, "is not valid: config file is not valid YAML"),
    "config of 5 MB": ({"README.md": BASE, ".github/awesome-review.yml": "# padding\n" * 500_000},
                       {"README.md": BASE + ROW.format(i=1)}, "is not valid: config file is 5000000 bytes"),
}


def _sticky(world: GitHubWorld, number: int) -> list[str]:
    return [str(c["body"]) for c in world.fake.comments(world.repo, number)
            if c["login"] == APP_LOGIN and "awesome-review:sticky" in str(c["body"])]


@pytest.fixture
def app_worker(github_world: GitHubWorld, tmp_path: Path) -> Iterator[Worker]:
    with worker(github_world, tmp_path) as w:
        yield w


def test_the_app_says_why_for_each_hostile_pr_and_the_worker_stays_up(
    github_world: GitHubWorld, app_worker: Worker
) -> None:
    said: dict[str, str] = {}
    for name, (base, head, words) in APP_CASES.items():
        pr = open_pull(github_world, base, head)
        started = time.monotonic()
        assert app_worker.settled(app_worker.review(pr), seconds=60) == DONE, name
        assert time.monotonic() - started < 60
        [body] = _sticky(github_world, pr.number)
        said[name] = body
        assert words in body, f"{name}: {body[:600]}"
        assert pr.check_runs(), name  # a check run too: the PR's checks show the outcome
    assert app_worker.alive()
    assert "Caf" not in said["binary"]


def test_a_pr_with_3000_files_is_reviewed_within_a_bound(
    github_world: GitHubWorld, app_worker: Worker
) -> None:
    others: dict[str, str | bytes] = {f"data/file-{i}.txt": f"{i}\n" for i in range(2999)}
    pr = open_pull(github_world, {"README.md": BASE},
                   {"README.md": BASE + "- [Beta](https://beta.example/) - Second tool.\n", **others})
    started = time.monotonic()
    assert app_worker.settled(app_worker.review(pr), seconds=120) == DONE
    assert time.monotonic() - started < 120
    assert len(_sticky(github_world, pr.number)) == 1
    assert app_worker.alive()


# ---------------------------------------------------------------- the web process and the CLI


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveApp]:
    yield from start(tmp_path)


def test_a_30_mb_payload_is_refused_413_and_the_server_stays_up(live: LiveApp) -> None:
    body = b'{"zen": "' + b"x" * (30 * 1024 * 1024) + b'"}'
    answer = requests.post(f"{live.url}/webhook", data=body, timeout=30, headers={
        "X-GitHub-Event": "ping", "X-GitHub-Delivery": "big", "Content-Type": "application/json"})
    assert answer.status_code == 413
    assert requests.get(f"{live.url}/healthz", timeout=5).status_code == 200
    assert live.post("ping", {"zen": "still here"}).json() == {"status": "pong"}


CLI_CASES = {  # name: (file bytes, what the one-line error says)
    "not UTF-8": (BASE.encode() + b"- [Caf\xe9](https://c.example/) - x.\n", "is not UTF-8: byte 0xe9 at line 8"),
    "binary": (b"\x00\x01\x02" * 1000, "looks like a binary file"),
    "10 MB": (TEN_MB, "lists over 5.0 MB are not reviewed"),
}


@pytest.mark.parametrize("name", list(CLI_CASES))  # ids only: a 10 MB id ends up in the env
def test_the_cli_refuses_unreadable_lists_in_one_line(tmp_path: Path, name: str) -> None:
    data, words = CLI_CASES[name]
    path = tmp_path / "README.md"
    path.write_bytes(data)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "bot.cli", "check", str(path), "--format", "json"],
                          capture_output=True, text=True, timeout=60)
    assert time.monotonic() - started < 30
    assert done.returncode != 0 and words in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not done.stdout.strip() or json.loads(done.stdout) is not None
