"""scripts/release.sh cuts a release in a real repository: changelog, version, tags."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_action import git, new_repo

FILES = ("scripts/release.sh", "CHANGELOG.md", "pyproject.toml", "bot/__init__.py")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = new_repo(tmp_path / "awesome-review")
    for name in FILES:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, repo / name)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "main")
    return repo


def release(repo: Path, version: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "scripts/release.sh", version], cwd=repo, capture_output=True,
                          text=True, timeout=60)


def test_a_release_moves_the_changelog_sets_the_version_and_tags(repo: Path) -> None:
    unreleased = (repo / "CHANGELOG.md").read_text(encoding="utf-8").split("## Unreleased\n", 1)[1]
    done = release(repo, "1.2.3")
    assert done.returncode == 0, done.stderr
    assert "git push origin HEAD v1.2.3 && git push --force origin v1" in done.stdout
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    head, released = changelog.split("## Unreleased\n", 1)[1].split("\n## 1.2.3 (", 1)
    assert head.strip() == "" and released.split("\n", 1)[1] == unreleased
    assert 'version = "1.2.3"' in (repo / "pyproject.toml").read_text(encoding="utf-8")
    assert '__version__ = "1.2.3"' in (repo / "bot" / "__init__.py").read_text(encoding="utf-8")
    commit = git(repo, "rev-parse", "HEAD")
    assert git(repo, "rev-parse", "v1.2.3^{commit}") == git(repo, "rev-parse", "v1^{commit}") == commit
    assert git(repo, "log", "-1", "--format=%s") == "Release 1.2.3"


def test_a_release_refuses_what_it_cannot_do_saying_why(repo: Path) -> None:
    assert "X.Y.Z" in release(repo, "1.2").stderr
    assert release(repo, "1.2.3").returncode == 0
    again = release(repo, "1.2.3")
    assert again.returncode == 2 and again.stderr == "release: v1.2.3 exists already\n"
    empty = release(repo, "1.2.4")  # nothing listed under Unreleased since 1.2.3
    assert empty.returncode == 2 and "Unreleased section is empty" in empty.stderr
    (repo / "CHANGELOG.md").write_text("changed\n", encoding="utf-8")
    assert "uncommitted changes" in release(repo, "1.2.4").stderr
