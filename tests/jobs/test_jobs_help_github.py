"""`/help` through the real gateway against the fake GitHub: the reply names the list files
the repository configured, read from `.github/awesome-review.yml` at the PR's base."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from huey import SqliteHuey

from bot.github import FAST_OPTIONS, GatewayFactory
from bot.jobs.job import CommandJob
from bot.jobs.store import SqliteStore
from bot.jobs.worker import WorkerParts, build_worker
from tests.fakes.fixtures import GitHubWorld
from tests.fakes.recording import no_links
from tests.fakes.scenario import SMALL_LIST, open_pull

CONFIG = ".github/awesome-review.yml"


def _worker(world: GitHubWorld, tmp_path: Path) -> WorkerParts:
    db = str(tmp_path / "queue.db")
    settings = replace(world.settings, queue=db)
    return build_worker(settings, huey=SqliteHuey("awesome-review", filename=db, results=False),
                        store=SqliteStore(str(tmp_path / "store.db")),
                        gateways=GatewayFactory(settings, FAST_OPTIONS), link_checker=no_links)


def _help(world: GitHubWorld, tmp_path: Path, base_files: dict[str, str | bytes]) -> str:
    pr = open_pull(world, base_files, {**base_files, "CONTRIBUTING.md": "Be kind.\n"})
    comment_id = world.fake.add_comment(world.repo, pr.number, "stranger", "/help")
    parts = _worker(world, tmp_path)
    job = CommandJob(world.installation_id, world.repo.full_name, pr.number, "d-help",
                     comment_id, ("help",), "stranger", "contributor")
    numbered = parts.store.accept(job, 0.0, 60.0)
    assert numbered is not None
    assert parts.run_job(numbered) == "help"
    assert world.fake.reactions_of(world.repo, comment_id) == ["eyes", "rocket"]
    [reply] = [c["body"] for c in world.fake.comments(world.repo, pr.number)
               if c["id"] != comment_id]
    return str(reply)


def test_help_names_the_list_files_the_repository_configured(github_world: GitHubWorld,
                                                             tmp_path: Path) -> None:
    config = "files:\n  - docs/tools.md\n  - lists/*.md\n"
    reply = _help(github_world, tmp_path, {"README.md": SMALL_LIST, CONFIG: config})
    assert "adds to `docs/tools.md` or `lists/*.md`:" in reply
    assert "README.md" not in reply


def test_help_without_a_configuration_names_the_default_readme(github_world: GitHubWorld,
                                                               tmp_path: Path) -> None:
    reply = _help(github_world, tmp_path, {"README.md": SMALL_LIST})
    assert "adds to `README.md`:" in reply
