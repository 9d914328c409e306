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
import yaml
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


# ------------------------------------------- every snippet that can be checked offline is true

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _blocks(language: str, text: str = README) -> list[str]:
    fenced = re.findall(r"^```(\w*)\n(.*?)^```", text, re.S | re.M)
    return [body for lang, body in fenced if lang == language]


def _refs() -> set[str]:
    """The branches (local or of any remote) and tags of this clone."""
    done = subprocess.run(["git", "for-each-ref", "--format=%(refname)", "refs/heads",
                           "refs/remotes", "refs/tags"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, f"the tests run in a clone of the repository: {done.stderr}"
    names = set()
    for ref in done.stdout.split():
        kind, _, name = ref.removeprefix("refs/").partition("/")
        names.add(name.split("/", 1)[1] if kind == "remotes" else name)
    return names


def test_the_action_snippet_names_a_ref_that_exists_and_real_inputs() -> None:
    [workflow] = [yaml.safe_load(b) for b in _blocks("yaml") if "uses: awesome-review/" in b]
    [step] = [s for s in workflow["jobs"]["review"]["steps"] if "awesome-review/" in s["uses"]]
    ref = step["uses"].split("@", 1)[1]
    assert ref in _refs(), f"`uses: …@{ref}` names no branch or tag of this repository"
    inputs = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["inputs"]
    assert set(step.get("with", {})) <= set(inputs)


def test_the_pre_commit_snippets_name_a_ref_that_exists_and_a_real_hook() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    comment = "\n".join(line.removeprefix("#") for line in
                        (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8").splitlines()
                        if line.startswith("#   ") or line.startswith("#     "))
    snippets = [b for b in _blocks("yaml") if "rev:" in b] + [comment]
    assert len(snippets) == 2
    for snippet in snippets:
        repos = yaml.safe_load(snippet)
        [repo] = repos["repos"] if isinstance(repos, dict) else repos
        assert str(repo["rev"]) in _refs(), f"`rev: {repo['rev']}` names no branch or tag"
        assert {h["id"] for h in repo["hooks"]} <= {h["id"] for h in hooks}


def test_the_config_snippet_is_a_valid_config() -> None:
    from bot.engine import load_config

    [config] = [b for b in _blocks("yaml") if b.startswith("files:")]
    assert load_config(config.encode()).files == ("README.md",)


def test_the_command_line_snippets_run_and_name_real_options() -> None:
    [example] = [line for b in _blocks("sh") for line in b.splitlines() if " check " in line]
    words = shlex.split(example.split("#")[0])
    assert words[0] == ".venv/bin/awesome-review"
    done = subprocess.run([sys.executable, "-m", "bot.cli", *words[1:]], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1) and "entries added or changed" in done.stdout, done.stderr
    synopsis = next(b for b in _blocks("") if "check [" in b)
    from bot.cli import build_parser

    check = build_parser()._subparsers._group_actions[0].choices["check"]  # type: ignore[union-attr]
    known = {option for action in check._actions for option in action.option_strings}
    for option in re.findall(r"--[a-z-]+", synopsis):
        assert option in known or option.replace("--no-", "--") in known, option


def test_every_repository_path_in_the_docs_shell_blocks_exists() -> None:
    path = re.compile(r"(?<![\w/.])((?:deploy|bench|scripts|examples|docs|tests|\.github)/[\w./*-]*\w)")
    for doc in DOCS:
        for block in _blocks("sh", doc.read_text(encoding="utf-8")):
            for name in path.findall(block):
                if name != "deploy/.env":  # made by the command that names it
                    assert any(ROOT.glob(name)), f"{doc.name}: {name}"
