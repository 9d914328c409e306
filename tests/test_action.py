"""The GitHub Action's script (scripts/action-check.sh, as action.yml runs it) in real git
repositories: a pull request's base and head, a push, a base it cannot fetch, the config."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import LISTS, ROOT

# sindresorhus/awesome names its list `readme.md`, as GitHub lets it.
LIST = (LISTS / "sindresorhus__awesome.md").read_text(encoding="utf-8")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "t@example.org")
    git(path, "config", "user.name", "t")
    return path


def commit(repo: Path, files: dict[str, str], message: str) -> str:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
        git(repo, "add", name)
    git(repo, "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD")


def with_copied_entry(text: str, nth: int = 40) -> tuple[str, int]:
    """`text` with its nth entry repeated on the next line (a duplicate: an error), and the
    copy's line number."""
    lines = text.splitlines(keepends=True)
    at = [n for n, line in enumerate(lines) if line.lstrip().startswith("- [")][nth]
    lines.insert(at + 1, lines[at])
    return "".join(lines), at + 2


@pytest.fixture
def pr(tmp_path: Path) -> tuple[Path, str, int]:
    """A repository whose list is `readme.md`; its last commit adds one duplicate entry."""
    repo = new_repo(tmp_path / "list")
    base = commit(repo, {"readme.md": LIST}, "base")
    head, line = with_copied_entry(LIST)
    commit(repo, {"readme.md": head}, "PR")
    return repo, base, line


def action_step(name: str) -> dict[str, object]:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    step: dict[str, object] = next(s for s in action["runs"]["steps"] if s.get("name") == name)
    return step


def run_action(repo: Path, tmp: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """The review step exactly as action.yml writes it, with the inputs' defaults; returns the
    run and the job summary it wrote."""
    step = action_step("Review the list files")
    command = str(step["run"]).replace("${{ github.action_path }}", str(ROOT))
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    inputs = {name.upper(): str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    summary = tmp / "step-summary.md"
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI"))}
    environ.update({**inputs, "BASE_SHA": "", "GITHUB_STEP_SUMMARY": str(summary), **env})
    environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environ['PATH']}"
    done = subprocess.run(["bash", "-c", command], cwd=repo, env=environ, capture_output=True,
                          text=True, timeout=120)
    return done, summary.read_text(encoding="utf-8") if summary.exists() else ""


def annotations(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in done.stdout.splitlines() if line.startswith("::")]


def annotated_lines(done: subprocess.CompletedProcess[str]) -> set[int]:
    return {int(a.split(",line=")[1].split(",")[0]) for a in annotations(done) if ",line=" in a}


def test_a_pull_request_to_a_list_named_readme_md_in_lower_case_is_reviewed(
    pr: tuple[Path, str, int], tmp_path: Path
) -> None:
    repo, base, line = pr
    done, summary = run_action(repo, tmp_path, BASE_SHA=base)
    assert done.returncode == 1, done.stdout + done.stderr
    assert annotated_lines(done) == {line}  # the PR's line only, not the rest of the list
    assert any(a.startswith("::error file=readme.md,") and "D301" in a for a in annotations(done))
    # the job summary holds every finding, whatever GitHub's cap on annotations drops
    assert f"| {line} | error | [D301 duplicate-entry]" in summary
    assert "1 error (1 entry added or changed)" in summary


def test_a_push_is_judged_against_the_commit_it_pushed_over(
    pr: tuple[Path, str, int], tmp_path: Path
) -> None:
    repo, base, line = pr
    # what action.yml gives a push: github.event.before, the commit the push replaced
    assert "github.event.pull_request.base.sha || github.event.before" in str(
        action_step("Review the list files")["env"]
    )
    done, _ = run_action(repo, tmp_path, BASE_SHA=base)
    assert annotated_lines(done) == {line}


def test_without_a_base_it_fails_saying_why_unless_asked_to_audit(
    pr: tuple[Path, str, int], tmp_path: Path
) -> None:
    repo, _, _ = pr
    for no_base in ("", "0" * 40):  # another event; a push that creates a branch
        done, _ = run_action(repo, tmp_path, BASE_SHA=no_base)
        assert done.returncode == 2
        assert annotations(done) == [annotations(done)[0]]
        assert annotations(done)[0].startswith("::error") and "no base commit" in done.stdout
    audit, _ = run_action(repo, tmp_path, AUDIT="true")
    assert audit.returncode == 1 and len(annotated_lines(audit)) > 1  # the whole list


def test_a_base_it_cannot_fetch_fails_instead_of_auditing(
    pr: tuple[Path, str, int], tmp_path: Path
) -> None:
    repo, _, _ = pr
    origin = new_repo(tmp_path / "origin")  # an origin without the base commit
    git(repo, "remote", "add", "origin", str(origin))
    done, summary = run_action(repo, tmp_path, BASE_SHA="1" * 40)
    assert done.returncode == 2
    [error] = annotations(done)
    assert error.startswith("::error") and f"cannot fetch the base commit {'1' * 40}" in error
    assert summary == ""


def test_the_config_and_its_files_come_from_the_base(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "list")
    config = "files: [docs/*.md]\n"
    base = commit(repo, {"docs/Tools.md": LIST, ".github/awesome-review.yml": config}, "base")
    head, line = with_copied_entry(LIST)
    # the pull request also tries to switch the duplicate check off in its own config
    commit(repo, {"docs/Tools.md": head, ".github/awesome-review.yml": config + "rules:\n  D301: off\n"}, "PR")
    done, _ = run_action(repo, tmp_path, BASE_SHA=base)
    assert done.returncode == 1, done.stdout + done.stderr
    assert any(a.startswith("::error file=docs/Tools.md,") and "D301" in a for a in annotations(done))
    # the `config` input names a file that is read from the base too
    named, _ = run_action(repo, tmp_path, BASE_SHA=base, CONFIG=".github/awesome-review.yml")
    assert annotated_lines(named) == {line}
    missing, _ = run_action(repo, tmp_path, BASE_SHA=base, CONFIG="review.yml")
    assert missing.returncode == 2 and "review.yml is not in the base commit" in missing.stdout


def test_the_action_installs_only_what_check_needs_and_caches_pip() -> None:
    install = str(action_step("Install awesome-review")["run"])
    assert "[app]" not in install and "[test]" not in install
    assert "constraints.txt" in install
    assert any("actions/cache" in str(s.get("uses", "")) for s in
               yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["runs"]["steps"])


def test_a_list_file_missing_from_the_head_is_an_error_on_the_run(
    pr: tuple[Path, str, int], tmp_path: Path
) -> None:
    repo, base, _ = pr
    done, _ = run_action(repo, tmp_path, BASE_SHA=base, FILES="docs/list.md")
    assert done.returncode == 2
    assert annotations(done) == ["::error title=awesome-review::docs/list.md: no such file"]


POLICY = "policy:\n  allowed_files: [docs/*]\n"


def test_the_files_the_pull_request_changes_reach_the_policy(tmp_path: Path) -> None:
    """As actions/checkout leaves a pull request: one merge commit, fetched alone (depth 1)."""
    origin = new_repo(tmp_path / "origin")
    commit(origin, {"readme.md": LIST, ".github/awesome-review.yml": POLICY}, "base")
    git(origin, "checkout", "-qb", "patch-1")
    head, _ = with_copied_entry(LIST)
    commit(origin, {"readme.md": head, "docs/notes.md": "ok\n", "scripts/ci.sh": "true\n"}, "PR")
    git(origin, "checkout", "-q", "main")
    commit(origin, {"CONTRIBUTING.md": "be kind\n"}, "the base branch moves on")
    git(origin, "merge", "-q", "--no-ff", "-m", "Merge patch-1 into main", "patch-1")
    merge = git(origin, "rev-parse", "HEAD")
    git(origin, "reset", "-q", "--hard", "HEAD~1")  # the merge commit lives in refs/pull/N/merge
    git(origin, "update-ref", "refs/pull/1/merge", merge)
    checkout = new_repo(tmp_path / "checkout")
    git(checkout, "remote", "add", "origin", str(origin))
    git(checkout, "fetch", "-q", "--depth=1", "origin", "refs/pull/1/merge")
    git(checkout, "checkout", "-q", "FETCH_HEAD")
    first_parent = git(origin, "rev-parse", f"{merge}^1")  # what base.sha says at the event

    done, summary = run_action(checkout, tmp_path, BASE_SHA=first_parent)

    [q802] = [a for a in annotations(done) if "Q802" in a]
    assert q802.startswith("::warning file=readme.md,line=1,")
    assert "`scripts/ci.sh`" in q802  # not docs/notes.md (allowed), nor the list itself
    assert "docs/notes.md" not in q802 and "CONTRIBUTING" not in q802 and "`readme.md`" not in q802
    assert "Q802" in summary


def test_a_pull_request_that_keeps_to_the_list_meets_the_policy(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "list")
    base = commit(repo, {"readme.md": LIST, ".github/awesome-review.yml": POLICY}, "base")
    head, _ = with_copied_entry(LIST)
    commit(repo, {"readme.md": head, "docs/notes.md": "ok\n"}, "PR")
    done, _ = run_action(repo, tmp_path, BASE_SHA=base)
    assert done.returncode == 1 and any("D301" in a for a in annotations(done))
    assert not [a for a in annotations(done) if "Q802" in a]
