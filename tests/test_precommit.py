"""The pre-commit hook as pre-commit itself runs it (.pre-commit-hooks.yaml's definition, in a
real git repository): a commit, `--all-files`, the first commit, warnings of a passing run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.test_action import commit, git, new_repo

HOOK = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
CLEAN = "# Awesome X\n\n## Contents\n\n- [Tools](#tools)\n\n## Tools\n\n- [Alpha](https://alpha.example.org) - Does alpha.\n"
WARNING = CLEAN + "\n## Other\n\n- [Beta](https://beta.example.org) - Does beta.\n"  # P202: not in the TOC
ERROR = CLEAN + "- [](https://gamma.example.org) - Does gamma.\n"  # F103: no link text


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A new repository whose .pre-commit-config.yaml uses our hook as shipped (run with the
    installed awesome-review rather than a virtualenv pre-commit would build from the net)."""
    repo = new_repo(tmp_path / "list")
    hook = {**HOOK, "language": "system"}
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return repo


def pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    bin_dir = Path(sys.executable).parent
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", PRE_COMMIT_HOME=str(repo.parent / "cache"),
               NO_COLOR="1")
    return subprocess.run([str(bin_dir / "pre-commit"), "run", *args], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_first_commit_is_audited(repo: Path) -> None:
    (repo / "readme.md").write_text(ERROR, encoding="utf-8")
    git(repo, "add", "readme.md")
    done = pre_commit(repo)
    assert done.returncode == 1, done.stdout
    assert "fatal" not in done.stdout and "F103" in done.stdout
    assert "entries audited" in done.stdout


def test_all_files_audits_what_is_already_committed(repo: Path) -> None:
    commit(repo, {"readme.md": ERROR}, "an error that slipped in")
    done = pre_commit(repo, "--all-files")
    assert done.returncode == 1, done.stdout
    assert "F103" in done.stdout and "2 entries audited: 1 error," in done.stdout


def test_a_commit_is_judged_against_head(repo: Path) -> None:
    commit(repo, {"readme.md": ERROR}, "an old error")
    (repo / "readme.md").write_text(ERROR + "- [Delta](https://delta.example.org) - Does delta.\n", encoding="utf-8")
    git(repo, "add", "readme.md")
    done = pre_commit(repo)
    assert done.returncode == 0, done.stdout  # the old error is not this commit's
    assert "1 entry added or changed: 0 errors," in done.stdout


def test_a_passing_run_shows_its_warnings(repo: Path) -> None:
    commit(repo, {"readme.md": CLEAN}, "base")
    (repo / "readme.md").write_text(WARNING, encoding="utf-8")
    git(repo, "add", "readme.md")
    done = pre_commit(repo)
    assert done.returncode == 0, done.stdout
    assert "Passed" in done.stdout and "P202" in done.stdout and "## Other" in done.stdout
