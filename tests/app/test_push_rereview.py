"""A push to the default branch re-reviews the open pull requests that change the same list,
as merged into the branch as it is now: real PyGithub against the fake GitHub, the real
router, store and runner."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from huey import SqliteHuey

from bot.github import FAST_OPTIONS, GatewayFactory
from bot.jobs.job import BASE_MOVED, ReviewJob
from bot.jobs.store import DONE, SqliteStore
from bot.jobs.worker import WorkerParts, build_worker
from tests.fakes.fixtures import APP_LOGIN, GitHubWorld
from tests.fakes.scenario import SMALL_LIST, with_entry
from tests.web import payloads
from webhooks.router import Delivery
from webhooks.routes import ROUTER

NEW = "- [LMDeploy](https://github.com/InternLM/lmdeploy) - Toolkit for serving LLMs."
NEW_AGAIN = "- [LMDeploy](https://github.com/InternLM/lmdeploy) - Compress and serve LLMs."


def _parts(world: GitHubWorld, tmp_path: Path, **settings: Any) -> WorkerParts:
    config = replace(world.settings, queue=str(tmp_path / "queue.db"), **settings)
    return build_worker(
        config, huey=SqliteHuey("awesome-review", filename=config.queue, results=False),
        store=SqliteStore(str(tmp_path / "store.db")),
        gateways=GatewayFactory(config, FAST_OPTIONS),
        link_checker=lambda urls, config, fresh, github_token=None, asker=None: {},
    )


def _open(world: GitHubWorld, base: str, text: str) -> tuple[int, str]:
    head = world.repo.commit({"README.md": text}, parent=base, branch=None)
    return world.fake.open_pull(world.repo, base, head), head


def _review(parts: WorkerParts, number: int, head: str, base: str, trigger: str) -> str:
    job = ReviewJob(77, "octo/awesome", number, base, head, trigger, f"d-{number}-{trigger}")
    numbered = parts.store.accept(job, time.time(), time.time() + 60)
    assert numbered is not None
    return parts.run_job(numbered)


def _sticky(world: GitHubWorld, number: int) -> str:
    (comment,) = [c for c in world.fake.comments(world.repo, number)
                  if c["login"] == APP_LOGIN and "awesome-review:sticky" in c["body"]]
    return str(comment["body"])


def _push(parts: WorkerParts, before: str, after: str, **fields: Any) -> str:
    data = payloads.push(before=before, after=after, installation_id=77, **fields)
    job = ROUTER.dispatch(Delivery("push", f"push-{after[:7]}", data))
    assert job is not None
    numbered = parts.store.accept(job, time.time(), time.time() + 60)
    assert numbered is not None
    return parts.run_job(numbered)


def test_push_rereviews_the_pr_that_now_duplicates_a_merged_entry(
    github_world: GitHubWorld, tmp_path: Path
) -> None:
    world, parts = github_world, _parts(github_world, tmp_path)
    base = world.repo.commit({"README.md": SMALL_LIST})
    first, _ = _open(world, base, with_entry(SMALL_LIST, "- [TGI]", NEW))
    second, second_head = _open(world, base, with_entry(SMALL_LIST, "- [SGLang]", NEW_AGAIN))
    assert _review(parts, second, second_head, base, "opened") == DONE
    assert "D301" not in _sticky(world, second)  # alone, the second PR is fine

    # The first PR is merged: the default branch moves, a push arrives.
    merged = world.repo.commit({"README.md": with_entry(SMALL_LIST, "- [TGI]", NEW)}, parent=base)
    world.repo.pulls[first].state = "closed"
    assert _push(parts, base, merged) == "1 re-reviews"

    wanted = parts.store.wanted(f"review:octo/awesome#{second}")
    assert wanted is not None and wanted.job.trigger == BASE_MOVED
    # queued behind other work: later, and at a lower priority than reviews
    assert [task.priority for task in parts.queue.huey.pending()] == [-10]
    assert (wanted.job.base_sha, wanted.job.head_sha) == (merged, second_head)
    assert parts.run_job(wanted.job) == DONE
    body = _sticky(world, second)
    assert "D301" in body and "LMDeploy" in body
    # told on the PR's own lines: its entry is line 14 of its README
    assert f"/blob/{second_head}/README.md#L14" in body


def test_push_elsewhere_or_without_lists_queues_nothing(
    github_world: GitHubWorld, tmp_path: Path
) -> None:
    world, parts = github_world, _parts(github_world, tmp_path)
    base = world.repo.commit({"README.md": SMALL_LIST, "setup.py": "x = 1\n"})
    _open(world, base, with_entry(SMALL_LIST, "- [TGI]", NEW))
    assert ROUTER.dispatch(Delivery("push", "p1", payloads.push(branch="feature"))) is None
    assert ROUTER.dispatch(Delivery("push", "p2", payloads.push(modified=("setup.py",)))) is None
    after = world.repo.commit({"README.md": SMALL_LIST, "setup.py": "x = 2\n"}, parent=base)
    assert _push(parts, base, after, modified=("README.md",)) == "0 re-reviews"  # unchanged list


def test_rereviews_are_bounded(github_world: GitHubWorld, tmp_path: Path) -> None:
    world, parts = github_world, _parts(github_world, tmp_path, push_rereview_max=2)
    base = world.repo.commit({"README.md": SMALL_LIST})
    for n in range(4):
        _open(world, base, with_entry(SMALL_LIST, "- [TGI]", NEW.replace("LMDeploy", f"L{n}")))
    after = world.repo.commit({"README.md": with_entry(SMALL_LIST, "- [TGI]", NEW)}, parent=base)
    assert _push(parts, base, after) == "2 re-reviews"
    assert world.fake.calls["GET /repos/{owner}/{repo}/pulls/{number}/files"] == 2


@pytest.mark.parametrize("deleted", ["before", "after"])
def test_branch_created_or_deleted_is_ignored(deleted: str) -> None:
    zeros = "0" * 40
    data = payloads.push(**{deleted: zeros})
    assert ROUTER.dispatch(Delivery("push", "p", data)) is None
