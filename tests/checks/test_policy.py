"""The `policy:` section: read strictly, off until set, and what a contributor reads on the
command line when a pull request to awesome-go breaks its policies."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.checks.policy.options import PolicyOptions
from bot.checks.policy.q804_link_text import repository_of
from bot.config import ConfigError
from bot.engine import load_config, review_texts
from tests.conftest import LISTS, ROOT

EXAMPLE = ROOT / "docs" / "examples" / "awesome-go.yml"
AWESOME_GO = (LISTS / "avelino__awesome-go.md").read_text(encoding="utf-8")
# three entries, in alphabetical order where they go, all praising themselves
LOGGING = "- [logxi](https://github.com/mgutz/logxi)"
LOGZ = "- [Logz Pro](https://github.com/acme/logz) - The fastest, blazing-fast structured logger."
MESSAGING = "- [backlite](https://github.com/mikestefanello/backlite)"
BEANQ = "- [beanq](https://github.com/acme/beanq) - Enterprise-grade job queue."
QUERY = "## Query Language"
QGO = "## Quantum Computing\n\n- [qgo](https://github.com/acme/qgo)\n\n"


def three_entries(text: str) -> str:
    """awesome-go with three new entries: one in a new category of its own."""
    for after, added in ((LOGGING, LOGZ), (MESSAGING, BEANQ)):
        start = text.index(after)
        end = text.index("\n", start) + 1
        text = text[:end] + added + "\n" + text[end:]
    return text.replace(QUERY, QGO + QUERY, 1)


def example_config() -> str:
    """docs/examples/awesome-go.yml, as a repository would commit it."""
    return EXAMPLE.read_text(encoding="utf-8")


def test_every_policy_is_read() -> None:
    options = load_config(
        "policy:\n  max_entries_added: 2\n  allowed_files: ['docs/*']\n"
        "  min_category_entries: 3\n  link_text_matches_repo: true\n"
        "  promotional_words: true\n  extra_promotional_words: [unbeatable]\n"
        "  description_required: true\n"
    ).option(PolicyOptions)
    assert options == PolicyOptions(2, ("docs/*",), 3, True, True, ("unbeatable",), True)


def test_no_policy_or_policy_off_is_every_policy_off() -> None:
    assert load_config(None).option(PolicyOptions) == PolicyOptions()
    assert load_config("policy: off").option(PolicyOptions) == PolicyOptions()
    assert load_config("policy: {allowed_files: []}").option(PolicyOptions).allowed_files == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("policy: {max_entries_added: 0}", "policy.max_entries_added: expected a whole number"),
        ("policy: {max_entries_added: one}", "policy.max_entries_added: expected a whole"),
        ("policy: {min_category_entries: 2.5}", "policy.min_category_entries: expected a whole"),
        ("policy: {allowed_files: 3}", "policy.allowed_files: expected a list"),
        ("policy: {promotional_words: yes please}", "policy.promotional_words: expected true"),
        ("policy: {link_text_matches_repo: 1}", "policy.link_text_matches_repo: expected true"),
        ("policy: {description_required: 'true'}", "policy.description_required: expected"),
        ("policy: {max_entries: 1}", "policy.max_entries: unknown key"),
        ("policy: [max_entries_added]", "policy: expected a mapping"),
        ("policy: {extra_promotional_words: [ace]}", "policy.extra_promotional_words: takes"),
        (
            "policy: {promotional_words: true, extra_promotional_words: [1]}",
            "policy.extra_promotional_words: expected a list",
        ),
    ],
)
def test_a_bad_policy_names_its_key(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(text)


def test_the_awesome_go_example_is_a_valid_config() -> None:
    config = load_config(example_config())
    assert config.option(PolicyOptions) == PolicyOptions(1, (), 3, True, True, (), True)
    assert set(yaml.safe_load(example_config())["repository"]) == {
        "min_age_days",
        "archived",
        "license_required",
        "require_release",
    }


@pytest.mark.parametrize(
    ("url", "repo"),
    [
        ("https://github.com/gin-gonic/gin", ("gin-gonic", "gin")),
        ("https://www.github.com/gin-gonic/gin.git/", ("gin-gonic", "gin")),
        ("https://github.com/One-com/gone/tree/master/log", None),  # a folder: its own project
        ("https://github.com/topics/go", None),
        ("https://gitlab.com/greyxor/slogor", None),
    ],
)
def test_repository_of_reads_the_address_only(url: str, repo: tuple[str, str] | None) -> None:
    assert repository_of(url) == repo


PROMOTIONAL = "policy: {promotional_words: true}"
BASE = "# Awesome Go\n\n## Logging\n\n- [zap](https://github.com/uber-go/zap) - Fast logging.\n"


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ("- [a](https://a.org) - The BEST logger.", ["best"]),
        ("- [a](https://a.org) - Blazing‑fast (a non-breaking hyphen).", ["blazing"]),
        ("- [a](https://a.org) - The #1 logger, number one.", ["#1", "number one"]),
        ("- [a](https://a.org) - Logging best practices, best-effort delivery.", []),
        ("- [Best Log](https://a.org/best) - Logs lines.", []),  # the name and the address
        ("- [a](https://a.org) - Logs `fastest` mode and https://x.org/ultimate.", []),
        ("- [a](https://a.org) - Bestseller of ultimately fastestest.", []),  # whole words only
        ("- [a](https://a.org) - Unbeatable speed.", []),
    ],
)
def test_promotional_words_are_whole_words_of_the_description(entry: str, words: list[str]) -> None:
    review = review_texts(BASE + entry + "\n", BASE, load_config(PROMOTIONAL))
    found = [f.message.split(":")[0] for f in review.findings if f.rule == "Q805"]
    said = ", ".join(f"`{word}`" for word in words)
    assert found == ([f"the description says {said}"] if words else [])


def test_extra_promotional_words_are_the_lists_own() -> None:
    config = load_config("policy: {promotional_words: true, extra_promotional_words: [unbeatable]}")
    review = review_texts(BASE + "- [a](https://a.org) - Unbeatable speed.\n", BASE, config)
    assert [f.message.split(":")[0] for f in review.findings if f.rule == "Q805"] == [
        "the description says `unbeatable`"
    ]


def test_an_edit_is_judged_on_what_it_brought() -> None:
    base = BASE.replace("Fast logging.", "The fastest logging.")
    config = load_config(PROMOTIONAL + "\n")
    edited = base.replace("The fastest logging.", "The fastest, ultimate logging.")
    review = review_texts(edited, base, config)
    assert [f.message.split(":")[0] for f in review.findings if f.rule == "Q805"] == [
        "the description says `ultimate`"
    ]


def run_cli(*args: str, stdin: str = "", cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command line with no token and a GitHub API that refuses at once: the example's
    repository criteria are told as not checked, and nothing leaves the machine."""
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_TOKEN", "GH_TOKEN")}
    env.update(GITHUB_API_URL="http://127.0.0.1:9", AWESOME_REVIEW_CACHE_DIR=str(cwd))
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def test_a_pr_breaking_awesome_go_policies_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "base.md").write_text(AWESOME_GO, encoding="utf-8")
    (tmp_path / "README.md").write_text(three_entries(AWESOME_GO), encoding="utf-8")
    (tmp_path / "awesome-go.yml").write_text(example_config(), encoding="utf-8")
    result = run_cli(
        "check",
        "--base",
        "base.md",
        "--config",
        "awesome-go.yml",
        "--changed-files",
        "-",
        "--format",
        "json",
        "README.md",
        stdin="README.md\ngo.mod\n",
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stderr
    findings = [f for f in json.loads(result.stdout)["findings"] if f["check"] == "policy"]
    said = {(f["rule"], f["severity"]) for f in findings}
    assert said == {
        ("Q801", "error"),
        ("Q802", "warning"),
        ("Q803", "error"),
        ("Q804", "warning"),
        ("Q805", "warning"),
        ("Q806", "error"),
    }
    messages = "\n".join(f["message"] for f in findings)
    assert (
        "this list allows 1 entry per pull request (`policy.max_entries_added` in "
        ".github/awesome-review.yml); this one adds 3" in messages
    )
    assert "this one also changes `go.mod`" in messages
    assert "link text `Logz Pro` does not match the repository's name `logz`" in messages
    assert "the description says `fastest`, `blazing`" in messages
    assert "`Quantum Computing`, which this pull request adds to, has 1" in messages
    assert "`qgo` has no description" in messages


def test_without_changed_files_the_files_policy_says_nothing(tmp_path: Path) -> None:
    (tmp_path / "base.md").write_text(BASE, encoding="utf-8")
    (tmp_path / "README.md").write_text(BASE + "- [a](https://a.org) - A.\n", encoding="utf-8")
    (tmp_path / "c.yml").write_text("policy: {allowed_files: []}\n", encoding="utf-8")
    (tmp_path / "changed.txt").write_text("README.md\n./LICENSE\n\n", encoding="utf-8")
    args = ("check", "--base", "base.md", "--config", "c.yml", "--format", "json", "README.md")
    quiet = run_cli(*args, cwd=tmp_path)
    told = run_cli(*args[:-1], "--changed-files", "changed.txt", "README.md", cwd=tmp_path)
    assert '"Q802"' not in quiet.stdout and quiet.returncode == 0, quiet.stderr
    assert "this one also changes `LICENSE`." in told.stdout and told.returncode == 0
    missing = run_cli(*args[:-1], "--changed-files", "nope.txt", "README.md", cwd=tmp_path)
    assert missing.returncode == 2 and "--changed-files nope.txt: cannot read it" in missing.stderr
