"""Regular expressions a repository writes (`entry_pattern`, `ignore_urls`) run on contributor
text: an entry line, every link of the PR. A pattern that backtracks (`(a+)+$`) on a line a
contributor wrote (thirty `a`s and a `!`) must not cost the review minutes: the patterns run
on a linear-time engine, and one it cannot run (a backreference, a lookaround) is the config
error the README promises, naming the key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError
from bot.engine import load_config

CATASTROPHIC = "(a+)+$"  # exponential on Python's backtracking `re`: 2^n paths for n `a`s
HOSTILE_LINE = "a" * 40 + "!"
LIST = "# Awesome\n\n- [Alpha](https://alpha.example/) - First tool.\n"


def _check(tmp_path: Path, config: str, readme: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "cfg.yml").write_text(config)
    (tmp_path / "README.md").write_text(readme)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "check", "--config", "cfg.yml", "README.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )


def test_a_catastrophic_entry_pattern_judges_a_hostile_entry_at_once(tmp_path: Path) -> None:
    readme = LIST + f"- [Beta](https://beta.example/) {HOSTILE_LINE}\n"
    try:
        done = _check(tmp_path, f"entry_pattern: '{CATASTROPHIC}'\n", readme)
    except subprocess.TimeoutExpired:
        pytest.fail("the entry pattern backtracked for over 20 s on a 70-character line")
    assert "F108  line 4:" in done.stdout, done.stdout + done.stderr


def test_a_catastrophic_ignore_pattern_judges_a_hostile_url_at_once() -> None:
    config = load_config(f"ignore_urls: ['{CATASTROPHIC}']\n")
    assert config.ignores("https://x.example/" + "a" * 30)
    assert not config.ignores("https://x.example/" + "a" * 100_000 + "!")  # linear: instant


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("entry_pattern: '(a)\\1'\n", "entry_pattern"),  # a backreference: backtracking only
        ("ignore_urls: ['foo(?=bar)']\n", "ignore_urls"),  # a lookahead
    ],
)
def test_a_pattern_only_backtracking_can_run_is_a_config_error(text: str, key: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config(text)
    message = str(raised.value)
    assert message.startswith(f"{key}: ") and "linear-time" in message, message
