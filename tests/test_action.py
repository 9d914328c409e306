"""The GitHub Action's exact command, and the pre-commit hook, on a real base/head pair."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def pr_repo(tmp_path: Path, corpus: Path) -> tuple[Path, str]:
    """A git repo whose last commit is PR #5 of awesome-ai-system (base b0b18ac → head 95660a7),
    plus a duplicate of an existing row added, so the review has an error to report."""
    folder = corpus / "awesome-ai-system"
    repo = tmp_path / "list"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "t@example.org")
    _git(repo, "config", "user.name", "t")
    shutil.copy(folder / "README.b0b18ac.md", repo / "README.md")
    _git(repo, "add", "README.md")
    _git(repo, "commit", "-qm", "base")
    base_sha = _git(repo, "rev-parse", "HEAD")
    head = (folder / "README.95660a7.md").read_text(encoding="utf-8")
    row = next(line for line in head.splitlines() if "arxiv.org/abs/2505.11329" in line)
    head = head.replace(row, row + "\n" + row.replace("arxiv.org/abs/", "arxiv.org/pdf/"), 1)
    (repo / "README.md").write_text(head, encoding="utf-8")
    _git(repo, "commit", "-qam", "PR")
    return repo, base_sha


def _action_command() -> str:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    steps = action["runs"]["steps"]
    return next(s["run"] for s in steps if "action-check.sh" in s.get("run", ""))


def test_the_action_runs_check_with_the_base_and_annotates(pr_repo: tuple[Path, str]) -> None:
    repo, base_sha = pr_repo
    command = _action_command().replace("${{ github.action_path }}", str(ROOT))
    env = dict(os.environ, FILES="README.md", LINKS="false", CONFIG="", BASE_SHA=base_sha)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    done = subprocess.run(
        ["bash", "-c", command], cwd=repo, env=env, capture_output=True, text=True, timeout=120
    )
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert done.returncode == 1, done.stderr
    assert any(
        line.startswith("::error file=README.md,") and "D30" in line for line in annotations
    ), annotations
    # only the PR's change is judged: every annotation sits on a line the PR added
    added = {n for n, text in enumerate((repo / "README.md").read_text().splitlines(), 1)
             if "WFGY" in text or "2505.11329" in text}
    lines = {int(a.split(",line=")[1].split(",")[0]) for a in annotations}
    assert lines <= added, (lines, added)


def test_pre_commit_hook_judges_against_head(pr_repo: tuple[Path, str]) -> None:
    repo, _ = pr_repo
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    entry = hook["entry"].split()
    assert entry[:2] == ["awesome-review", "check"]
    cli = [sys.executable, "-m", "bot.cli", *entry[1:], "README.md"]
    clean = subprocess.run(cli, cwd=repo, capture_output=True, text=True, timeout=120)
    assert clean.returncode == 0 and "0 entries added or changed" in clean.stdout
    with (repo / "README.md").open("a", encoding="utf-8") as readme:
        readme.write("\n- [](https://github.com/x/y)\n")
    dirty = subprocess.run(cli, cwd=repo, capture_output=True, text=True, timeout=120)
    assert "1 entries added or changed" in dirty.stdout, dirty.stdout + dirty.stderr
