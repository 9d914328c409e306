"""`/fix` end to end: real PyGithub against the fake GitHub. An entry with four problems on
one line gets one combined suggestion; `/fix` commits that line through the contents API on
the PR's branch, the review runs again on the new head and its findings are gone. A fork that
does not allow edits by maintainers gets the way to apply the fixes instead."""

from __future__ import annotations

import base64
from dataclasses import replace
from pathlib import Path

from huey import SqliteHuey

from bot.github import FAST_OPTIONS, GatewayFactory
from bot.jobs.job import CommandJob
from bot.jobs.store import SqliteStore
from bot.jobs.worker import WorkerParts, build_worker
from tests.fakes.fixtures import GitHubWorld
from tests.fakes.recording import no_links
from tests.fakes.scenario import GOOD_ENTRY, SMALL_LIST, PullUnderTest, open_pull, with_entry

SLOPPY = "- [LightLLM](http://github.com/ModelTC/lightllm/) - lightweight LLM inference framework"
FIXED = "- [LightLLM](https://github.com/ModelTC/lightllm) - Lightweight LLM inference framework."
HEAD = with_entry(SMALL_LIST, "- [TGI]", SLOPPY)


def _worker(world: GitHubWorld, tmp_path: Path) -> WorkerParts:
    db = str(tmp_path / "queue.db")
    settings = replace(world.settings, queue=db)
    return build_worker(settings, huey=SqliteHuey("awesome-review", filename=db, results=False),
                        store=SqliteStore(str(tmp_path / "store.db")),
                        gateways=GatewayFactory(settings, FAST_OPTIONS), link_checker=no_links)  # fmt: skip


def _command(pr: PullUnderTest, tmp_path: Path, user: str = "maint") -> tuple[str, int]:
    """Comment `/fix` as `user` and run the worker's job for it: (its result, comment id)."""
    world = pr.world
    comment_id = world.fake.add_comment(world.repo, pr.number, user, "/fix")
    parts = _worker(world, tmp_path)
    job = CommandJob(world.installation_id, world.repo.full_name, pr.number, f"d-fix-{user}",
                     comment_id, ("fix",), user, "contributor")  # fmt: skip
    numbered = parts.store.accept(job, 0.0, 60.0)
    assert numbered is not None
    return parts.run_job(numbered), comment_id


def _sticky(pr: PullUnderTest) -> str:
    [body] = [str(c["body"]) for c in pr.comments() if "awesome-review:sticky" in str(c["body"])]
    return body


def _replies(pr: PullUnderTest, comment_id: int) -> list[str]:
    return [str(c["body"]) for c in pr.comments()
            if c["id"] != comment_id and "awesome-review:sticky" not in str(c["body"])]  # fmt: skip


def _readme(world: GitHubWorld, sha: str, repo: str | None = None) -> str:
    found = world.fake.repo(repo or world.repo.full_name).network.commits[sha].files["README.md"]
    return found.decode()


def test_an_entry_with_four_fixes_gets_one_combined_suggestion(github_world: GitHubWorld) -> None:
    pr = open_pull(github_world, {"README.md": SMALL_LIST}, {"README.md": HEAD})
    pr.review()
    sticky = _sticky(pr)
    for rule in ("F114", "F115", "F117", "F118"):
        assert f"`{rule}`" in sticky
    assert sticky.count("Suggested change") == 1
    assert "Suggested change (fixes `F114`, `F115`, `F117`, `F118`)" in sticky
    assert f"  {FIXED}\n" in sticky
    [inline] = pr.review_comments()  # one comment for the entry, not four
    assert f"```suggestion\n{FIXED}\n```" in str(inline["body"])
    assert str(inline["body"]).count("```suggestion") == 1 and inline["line"] == 15


def test_fix_commits_to_the_branch_and_the_review_runs_again(
    github_world: GitHubWorld, tmp_path: Path
) -> None:
    world = github_world
    world.fake.set_permission(world.repo, "maint", "write")
    pr = open_pull(world, {"README.md": SMALL_LIST}, {"README.md": HEAD})
    pr.review()
    assert "`F114`" in _sticky(pr)
    old_head = pr.head_sha
    result, comment_id = _command(pr, tmp_path)

    [commit] = world.repo.contents_commits
    assert (commit["path"], commit["branch"]) == ("README.md", "patch-1")
    assert commit["message"].startswith("Fix README.md: F114, F115, F117, F118\n")
    new_head = world.repo.pulls[pr.number].head_sha
    assert commit["sha"] == new_head != old_head
    assert world.repo.network.commits[new_head].parent == old_head
    assert _readme(world, new_head) == HEAD.replace(SLOPPY, FIXED)  # that line, nothing else
    assert world.fake.calls["PUT /repos/{owner}/{repo}/contents/{path}"] == 1

    [reply] = _replies(pr, comment_id)
    assert reply.startswith(f"@maint committed the fixes to `patch-1` ({new_head[:7]})")
    assert result == "done"  # the review of the new head, published
    sticky = _sticky(pr)  # edited in place
    assert f"Updated for {new_head[:7]}" in sticky
    for rule in ("F114", "F115", "F117", "F118"):
        assert f"`{rule}`" not in sticky
    assert "everything fixed" in sticky
    assert world.fake.reactions_of(world.repo, comment_id) == ["eyes", "rocket"]


def test_fix_on_a_fork_with_maintainer_edits_pushes_to_the_fork(
    github_world: GitHubWorld, tmp_path: Path
) -> None:
    world = github_world
    world.fake.set_permission(world.repo, "maint", "write")
    base = world.repo.commit({"README.md": SMALL_LIST})
    head = world.repo.commit({"README.md": HEAD}, parent=base, branch=None)
    number = world.fake.open_pull(world.repo, base, head, fork="contributor/list",
                                  maintainer_can_modify=True)  # fmt: skip
    pr = PullUnderTest(world, number, base, head)
    _command(pr, tmp_path)
    fork = world.fake.repo("contributor/list")
    [commit] = fork.contents_commits
    assert world.repo.contents_commits == [] and commit["branch"] == "patch-1"
    assert _readme(world, world.repo.pulls[number].head_sha) == HEAD.replace(SLOPPY, FIXED)


def test_a_fork_without_maintainer_edits_is_told_how_to_apply_the_fixes(
    github_world: GitHubWorld, tmp_path: Path
) -> None:
    world = github_world
    world.fake.set_permission(world.repo, "maint", "write")
    pr = open_pull(world, {"README.md": SMALL_LIST}, {"README.md": HEAD}, fork="contributor/list")
    result, comment_id = _command(pr, tmp_path)
    assert result == "fix"
    [reply] = _replies(pr, comment_id)
    assert "I cannot push to this pull request's branch" in reply
    assert "`awesome-review check --fix --base-ref origin/main README.md`" in reply
    assert "Allow edits by maintainers" in reply
    assert world.fake.calls["PUT /repos/{owner}/{repo}/contents/{path}"] == 0
    assert world.repo.pulls[pr.number].head_sha == pr.head_sha
    assert world.fake.reactions_of(world.repo, comment_id) == ["eyes", "rocket"]


def test_nothing_to_fix_says_so(github_world: GitHubWorld, tmp_path: Path) -> None:
    world = github_world
    world.fake.set_permission(world.repo, "maint", "write")
    good = with_entry(SMALL_LIST, "- [TGI]", GOOD_ENTRY)
    pr = open_pull(world, {"README.md": SMALL_LIST}, {"README.md": good})
    _, comment_id = _command(pr, tmp_path)
    [reply] = _replies(pr, comment_id)
    assert reply.startswith("@maint there is nothing to fix")
    assert world.fake.calls["PUT /repos/{owner}/{repo}/contents/{path}"] == 0


def test_the_authors_fix_needs_write_access(github_world: GitHubWorld, tmp_path: Path) -> None:
    world = github_world
    pr = open_pull(world, {"README.md": SMALL_LIST}, {"README.md": HEAD})
    result, comment_id = _command(pr, tmp_path, user="contributor")  # the author, read access
    assert result == "refused"
    [reply] = _replies(pr, comment_id)
    assert reply.startswith("Sorry @contributor, only people with write, maintain or admin")
    assert world.fake.calls["PUT /repos/{owner}/{repo}/contents/{path}"] == 0


def test_the_fake_refuses_a_stale_blob_with_409(github_world: GitHubWorld) -> None:
    from github import Auth, Github, GithubException

    world = github_world
    world.repo.commit({"README.md": SMALL_LIST})
    token = world.fake.add_token("maint")
    client = Github(auth=Auth.Token(token), base_url=world.fake.url, retry=None)
    repo = client.get_repo(world.repo.full_name)
    content = base64.b64encode(b"x\n").decode()
    try:
        repo.update_file("README.md", "m", "x\n", "0" * 40, branch="main")
    except GithubException as exc:
        assert exc.status == 409
    else:
        raise AssertionError("a stale blob SHA was accepted")
    found = repo.get_contents("README.md")
    assert not isinstance(found, list)
    answer = repo.update_file("README.md", "m", "x\n", found.sha, branch="main")
    assert answer["commit"].sha == world.repo.branches["main"] and content


def test_fix_is_found_at_the_start_of_a_line_only() -> None:
    from bot.commands import parse_commands

    assert parse_commands("/fix") == ("fix",)
    assert parse_commands("Thanks!\n\n/FIX") == ("fix",)
    assert parse_commands("/fixme") == () and parse_commands("please /fix") == ()
