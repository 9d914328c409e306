"""Hostile `.github/awesome-review.yml` files: a billion laughs, deep nesting, a 100,000-digit
number, a huge value quoted back. Each is the config error the README promises (the CLI exits
2 with one line; the App's comment says what is wrong), within bounded time and memory."""

from __future__ import annotations

import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from bot.config import ConfigError
from bot.engine import load_config
from tests.fakes.fixtures import APP_LOGIN, GitHubWorld
from tests.fakes.scenario import GOOD_ENTRY, SMALL_LIST, open_pull, with_entry


def billion_laughs() -> str:
    """509 bytes of anchors of aliases: 9^9 strings once expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


BOMBS = {
    "billion laughs": (billion_laughs(), "more than 10000 values once aliases are expanded"),
    "billion laughs as a value": (billion_laughs().replace("i: &i", "files: &i"),
                                  "more than 10000 values once aliases are expanded"),
    "100,000 nested lists": ("files: " + "[" * 100_000 + "]" * 100_000 + "\n", "nested more than 16 levels"),
    "50,000 nested mappings": ("files: " + "{a: " * 50_000 + "}" * 50_000 + "\n", "nested more than 16 levels"),
    "a 100,000-digit number": ("placement:\n  margin: " + "9" * 100_000 + "\n", "a value of 100000 characters"),
    "a 4,000-digit number": ("placement:\n  margin: " + "9" * 4_000 + "\n", "placement.margin: expected a number"),
    "a long bad value": ("rules:\n  F101: " + "x" * 4000 + "\n", "rules.F101: expected one of"),
    "an impossible date": ("files: 2001-13-99\n", "a value cannot be read"),
    "an alias in its own anchor": ("files: &a [*a]\n", "refers to no finished anchor"),
}


@pytest.mark.parametrize("name", list(BOMBS))
def test_a_hostile_config_is_a_short_config_error(name: str) -> None:
    text, words = BOMBS[name]
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ConfigError) as raised:
            load_config(text.encode())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 5
    assert peak < 64 * 2**20, f"{name}: {peak / 2**20:.0f} MB"
    message = str(raised.value)
    assert words in message and len(message) < 300, message


@pytest.mark.parametrize("name", ["billion laughs as a value", "100,000 nested lists", "a 100,000-digit number"])
def test_the_cli_exits_2_with_one_line(tmp_path: Path, name: str) -> None:
    (tmp_path / "cfg.yml").write_text(BOMBS[name][0])
    (tmp_path / "README.md").write_text("# Awesome\n\n- [A](https://a.example/) - A.\n")

    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "check", "--config", "cfg.yml", "README.md"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )

    assert done.returncode == 2, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("awesome-review: cfg.yml: config file") and len(line) < 300, line


def test_the_app_says_the_config_is_not_valid_and_reviews_with_defaults(
    github_world: GitHubWorld,
) -> None:
    config = {".github/awesome-review.yml": BOMBS["billion laughs as a value"][0]}
    head = with_entry(SMALL_LIST, "- [TGI]", GOOD_ENTRY)
    pr = open_pull(github_world, {"README.md": SMALL_LIST, **config}, {"README.md": head, **config})

    outcome = pr.review()

    assert outcome.kind.value == "posted"
    [comment] = [c for c in pr.comments() if c["login"] == APP_LOGIN]
    body = str(comment["body"])
    assert "more than 10000 values once aliases are expanded" in body
    assert "lol" not in body and len(body) < 5000
