"""`/fix` pushes to the PR's branch, and GitHub answers that push with a `pull_request
synchronize` delivery for the new head. Whenever that delivery arrives — right after the
push, while the review `/fix` asked for publishes, or after it — the new head is reviewed
once: one check run, one review. Real PyGithub against the fake GitHub; the real web app,
store, queue and worker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import requests
from huey import SqliteHuey

from bot.github import FAST_OPTIONS, GatewayFactory
from bot.github.forwarding import ForwardingGateway
from bot.github.protocol import Gateway
from bot.jobs.job import job_from_dict
from bot.jobs.store import SqliteStore
from bot.jobs.worker import WorkerParts, build_worker
from tests.fakes.fixtures import GitHubWorld
from tests.fakes.recording import no_links
from tests.fakes.scenario import SMALL_LIST, PullUnderTest, open_pull, with_entry
from tests.web import payloads
from tests.web.conftest import serve
from webhooks.app import create_app

SLOPPY = "- [LightLLM](http://github.com/ModelTC/lightllm/) - lightweight LLM inference framework"
CHECK_RUNS = "POST /repos/{owner}/{repo}/check-runs"


class Hooked(ForwardingGateway):
    """A gateway that calls `on(name)` after each write: GitHub's delivery for our push may
    arrive at any point after it."""

    def __init__(self, gateway: Gateway, on: Callable[[str], None]) -> None:
        super().__init__(gateway)
        self.on = on

    def _write(self, name: str, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        result = call(*args, **kwargs)
        self.on(name)
        return result


class HookedGateways:
    def __init__(self, factory: GatewayFactory, on: Callable[[str], None]) -> None:
        self.factory, self.on = factory, on

    def for_installation(self, installation_id: int | None) -> Gateway:
        return Hooked(self.factory.for_installation(installation_id), self.on)

    def installations(self) -> list[int]:
        return self.factory.installations()


def _worker(world: GitHubWorld, tmp_path: Path, on: Callable[[str], None]) -> WorkerParts:
    db = str(tmp_path / "queue.db")
    settings = replace(world.settings, queue=db)
    return build_worker(
        settings, huey=SqliteHuey("awesome-review", filename=db, results=False),
        store=SqliteStore(str(tmp_path / "store.db")),
        gateways=HookedGateways(GatewayFactory(settings, FAST_OPTIONS), on),
        link_checker=no_links,
    )  # fmt: skip


def _deliver(url: str, world: GitHubWorld, event: str, data: dict[str, Any]) -> int:
    body, headers = payloads.signed(world.settings.webhook_secret, event, data)
    return requests.post(f"{url}/webhook", data=body, headers=headers, timeout=10).status_code


def _drain(parts: WorkerParts) -> list[str]:
    """Run every queued job, those a worker would run later too, until none is left."""
    ran = []
    while (task := parts.queue.huey.dequeue()) is not None:
        ran.append(parts.run_job(job_from_dict(task.args[0])))
    return ran


@pytest.mark.parametrize("when", ["pushed", "publishing", "done"])
def test_the_push_of_fix_gets_one_review_of_the_new_head(
    github_world: GitHubWorld, tmp_path: Path, when: str
) -> None:
    world = github_world
    world.fake.set_permission(world.repo, "maint", "write")
    pr = open_pull(world, {"README.md": SMALL_LIST}, {"README.md": with_entry(SMALL_LIST, "- [TGI]", SLOPPY)})
    delivered: list[int] = []

    def synchronize() -> None:
        new_head = world.repo.pulls[pr.number].head_sha
        data = payloads.pull_request("synchronize", number=pr.number, head_sha=new_head,
                                     base_sha=pr.base_sha, installation_id=77)  # fmt: skip
        delivered.append(_deliver(url, world, "pull_request", data))

    def on(name: str) -> None:
        moment = {"pushed": "update_file", "publishing": "create_check_run"}.get(when)
        if name == moment and not delivered and world.repo.pulls[pr.number].head_sha != pr.head_sha:
            synchronize()

    parts = _worker(world, tmp_path, on)
    app = create_app(replace(parts.settings, app_login="awesome-review[bot]"), parts.queue,
                     parts.store)  # fmt: skip
    server = serve(app)  # on its own threads, as GitHub's deliveries reach it
    url = next(server)
    try:
        _fix_then_synchronize(world, pr, parts, url, when, synchronize)
    finally:
        server.close()
    new_head = world.repo.pulls[pr.number].head_sha
    assert new_head != pr.head_sha and len(delivered) == 1 and delivered[0] in (200, 202)
    runs = [r for r in world.repo.check_runs if r["head_sha"] == new_head]
    assert len(runs) == 1, [r["output"]["title"] for r in runs]  # one review of it
    assert [r["commit_id"] for r in world.fake.reviews_of(world.repo, pr.number)].count(new_head) <= 1


def _fix_then_synchronize(
    world: GitHubWorld, pr: PullUnderTest, parts: WorkerParts, url: str, when: str,
    synchronize: Callable[[], None],
) -> None:  # fmt: skip
    opened = payloads.pull_request("opened", number=pr.number, head_sha=pr.head_sha,
                                   base_sha=pr.base_sha, installation_id=77)  # fmt: skip
    assert _deliver(url, world, "pull_request", opened) == 202
    assert _drain(parts) == ["done"]
    comment_id = world.fake.add_comment(world.repo, pr.number, "maint", "/fix")
    fix = payloads.issue_comment("/fix", number=pr.number, comment_id=comment_id, login="maint",
                                 installation_id=77)  # fmt: skip
    assert _deliver(url, world, "issue_comment", fix) == 202
    _drain(parts)
    if when == "done":
        synchronize()
        _drain(parts)
