"""The scheduled audit end to end: real PyGithub against the fake GitHub, the real link
checker against loopback servers and the fake Crossref, the real store; huey consumers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from huey import SqliteHuey

from bot.github import FAST_OPTIONS, GatewayFactory
from bot.jobs.job import AuditJob
from bot.jobs.store import SqliteStore
from bot.jobs.worker import WorkerParts, build_worker, make_consumer
from bot.pipeline import make_link_checker
from bot.report import templates as t
from tests.fakes.fixtures import APP_LOGIN, INSTALLATION_ID, REPO, GitHubWorld
from tests.fakes.papers_api import FakePapers
from tests.links.conftest import LinkServer, Reply

CONFIG = "audit:\n  every: 7d\n  issue: true\n"
VLLM = "Efficient Memory Management for Large Language Model Serving with PagedAttention"
WEEK = 7 * 86400


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def site(serve: Callable[..., LinkServer]) -> tuple[LinkServer, dict[str, bool]]:
    """Links on loopback; `state["dead"]` decides whether /maybe/… is gone."""
    state = {"dead": True}

    def route(method: str, path: str, n: int) -> Reply:
        return Reply(404) if path.startswith("/maybe") and state["dead"] else Reply(200)

    return serve(route), state


def _list(site: LinkServer, paper: bool = True) -> str:
    row = (f"- [Orca: A Distributed Serving System for Transformer-Based Generative Models]"
           f"({site.url('/doi/10.1145/3600006.3613165')}) - A paper.\n") if paper else ""
    return (
        "# Awesome Serving\n\n## Tools\n\n"
        f"- [Fine]({site.url('/ok/1')}) - Answers.\n"
        f"- [Flaky]({site.url('/maybe/1')}) - Sometimes gone.\n\n## Papers\n\n" + row
    )


def _parts(world: GitHubWorld, papers: FakePapers, tmp_path: Path, clock: Clock) -> WorkerParts:
    settings = replace(
        world.settings, queue=str(tmp_path / "queue.db"), allow_hosts=("127.0.0.1",),
        arxiv_api_url=papers.arxiv_url, crossref_api_url=papers.crossref_url,
    )
    parts = build_worker(
        settings, huey=SqliteHuey("awesome-review", filename=settings.queue, results=False),
        store=SqliteStore(str(tmp_path / "store.db")),
        gateways=GatewayFactory(settings, FAST_OPTIONS), link_checker=make_link_checker(settings),
    )
    assert parts.auditor is not None
    parts.auditor.clock = clock
    parts.auditor.not_before = 0  # scan at once (a started worker waits one interval)
    return parts


def _our_issues(world: GitHubWorld) -> list[dict[str, Any]]:
    return [i for i in world.fake.issues_of(world.repo) if i["login"] == APP_LOGIN]


def _run(parts: WorkerParts) -> str:
    return parts.run_audit(AuditJob(INSTALLATION_ID, REPO))


def test_one_issue_opened_edited_and_closed(
    github_world: GitHubWorld, fake_papers: FakePapers, site: tuple[LinkServer, dict[str, bool]],
    tmp_path: Path,
) -> None:
    server, state = site
    fake_papers.add_crossref("10.1145/3600006.3613165", VLLM, 2023, "SOSP '23")
    world, clock = github_world, Clock()
    world.repo.commit({"README.md": _list(server), ".github/awesome-review.yml": CONFIG})
    parts = _parts(world, fake_papers, tmp_path, clock)

    assert _run(parts) == "issue created"
    (issue,) = _our_issues(world)
    assert issue["title"] == t.AUDIT_ISSUE_TITLE and issue["state"] == "open"
    body = issue["body"]
    assert body.startswith(t.AUDIT_MARKER)
    assert "**broken link** · Flaky" in body and "**wrong paper** · Orca" in body
    assert f"/{REPO}/blob/" in body and "/README.md#L6)" in body, body

    assert _run(parts) == "not due"  # the same week: nothing runs, nothing is written
    clock.now += WEEK
    state["dead"] = False
    assert _run(parts) == "issue edited"
    (issue,) = _our_issues(world)
    assert issue["edits"] == 1 and "broken link" not in issue["body"]
    assert "**wrong paper** · Orca" in issue["body"]

    world.repo.commit({"README.md": _list(server, paper=False),
                       ".github/awesome-review.yml": CONFIG})
    clock.now += WEEK
    assert _run(parts) == "issue closed"
    (issue,) = _our_issues(world)
    assert issue["state"] == "closed"
    (closing,) = [c for c in world.fake.comments(world.repo, issue["number"])]
    assert closing["body"].startswith("✅ The list is healthy again (2 links checked)")

    clock.now += WEEK
    assert _run(parts) == "healthy"  # nothing to report: no new issue
    assert len(_our_issues(world)) == 1


def test_audit_is_off_without_config(
    github_world: GitHubWorld, fake_papers: FakePapers, site: tuple[LinkServer, dict[str, bool]],
    tmp_path: Path,
) -> None:
    server, _ = site
    github_world.repo.commit({"README.md": _list(server)})
    assert _run(_parts(github_world, fake_papers, tmp_path, Clock())) == "off"
    assert _our_issues(github_world) == []


@pytest.fixture
def consumers(
    github_world: GitHubWorld, fake_papers: FakePapers, tmp_path: Path
) -> Iterator[list[WorkerParts]]:
    """Two workers (two huey consumers of two threads each) on one queue and one store."""
    clock = Clock()
    parts = [_parts(github_world, fake_papers, tmp_path, clock) for _ in range(2)]
    started = []
    for part in parts:
        consumer = make_consumer(part, 2)
        for _, thread in consumer.worker_threads:
            thread.start()
        started.append(consumer)
    yield parts
    for consumer in started:  # its scheduler never ran: the test scans by itself
        consumer.stop_flag.set()
        for _, thread in consumer.worker_threads:
            thread.join(10)


def test_two_workers_never_run_the_same_audit_twice(
    github_world: GitHubWorld, site: tuple[LinkServer, dict[str, bool]],
    consumers: list[WorkerParts], fake_papers: FakePapers, tmp_path: Path,
) -> None:
    server, _ = site
    github_world.repo.commit({"README.md": _list(server, paper=False),
                              ".github/awesome-review.yml": CONFIG})
    fresh = _parts(github_world, fake_papers, tmp_path, Clock())
    fresh.auditor.not_before = time.time() + 3600  # type: ignore[union-attr]
    assert fresh.scan_audits() == 0  # a worker that just started waits one interval
    scans = [0, 0]

    def scan(i: int) -> None:
        scans[i] = consumers[i].scan_audits()

    threads = [threading.Thread(target=scan, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(scans) == [0, 1]  # one scan in the period, one repository queued
    for part in consumers:  # a duplicate job on each worker as well
        part.queue.enqueue_audit(AuditJob(INSTALLATION_ID, REPO))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(_our_issues(github_world)) == 0:
        time.sleep(0.05)
    time.sleep(1.0)  # let the duplicates run (and find the audit not due)
    issues = _our_issues(github_world)
    assert len(issues) == 1
    assert github_world.fake.calls["POST /repos/{owner}/{repo}/issues"] == 1
    assert github_world.fake.calls["GET /app/installations"] == 1
