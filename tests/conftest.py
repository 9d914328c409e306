"""Shared fixtures. Real lists come from tests/data (licensed copies, see its SOURCE.md); the
awesome-ai-system list and its 113-commit history, which carry no license, are read from the
project's shared data beside the clone (../shared, or AWESOME_REVIEW_SHARED)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.engine import Review, review_texts

# The fake GitHub API's fixtures live with the fake (tests/fakes/); re-exported here so every
# test directory can use them.
from tests.fakes.fixtures import fake_github, fake_papers, github_world, rsa_key  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
LISTS = DATA / "lists"  # six popular lists, each under its own license (SOURCE.md)
SHARED = Path(os.environ.get("AWESOME_REVIEW_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
_AI_SYSTEM = CORPUS / "awesome-ai-system"
SHARED_MISSING = (
    f"the awesome-ai-system list and its history are not at {_AI_SYSTEM} (no license allows "
    "copying them here): put the project's shared data beside the clone (../shared) or set "
    "AWESOME_REVIEW_SHARED to run the tests that replay them"
)


def replay_files() -> list[Path]:
    """Every list file of the replay bundle (each commit's and its parent's version), in order.
    Without the bundle the test skips; in CI (`CI=true`) it fails instead, as `ai_system`."""
    from bench.replay_corpus import CorpusMissing, corpus_dir, load_rows

    try:
        corpus = corpus_dir()
    except CorpusMissing as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    names = {name for row in load_rows(corpus) for name in (row.base, row.head)}
    return [corpus / name for name in sorted(names)]


def ai_system() -> Path:
    """The folder of the awesome-ai-system list, its revisions and its history. Without it the
    test skips (the reason is summarised once); in CI (`CI=true`) it fails instead."""
    if not _AI_SYSTEM.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(SHARED_MISSING)
        pytest.skip(SHARED_MISSING)
    return _AI_SYSTEM


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Every skip for the missing shared data at one place, so `-ra` prints its reason once
    (with the number of tests it skipped) rather than once per test."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped and isinstance(report.longrepr, tuple):
        _, _, message = report.longrepr
        if message.endswith(SHARED_MISSING):
            report.longrepr = (__file__, _SKIP_LINE, message)


_SKIP_LINE = ai_system.__code__.co_firstlineno


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-fixtures",
        action="store_true",
        help="rewrite tests/checks/fixtures/*/*/expected.txt from what the checks say now",
    )


@pytest.fixture(scope="session")
def update_fixtures(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-fixtures"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus, for the tests that replay awesome-ai-system (see `ai_system`)."""
    ai_system()
    return CORPUS


@dataclass(frozen=True)
class ReplayedCommit:
    sha: str  # 7 characters, as `git log --oneline` shows it
    subject: str
    review: Review


@pytest.fixture(scope="session")
def replayed_commits(corpus: Path) -> list[ReplayedCommit]:
    """Every real commit of awesome-ai-system reviewed as a pull request: base = its parent's
    README, head = its own (the root commit, which has no parent, is a full audit)."""
    readmes: dict[str, str] = {}
    replayed = []
    with (corpus / "awesome-ai-system" / "readmes.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            readmes[record["sha"]] = record["readme"]
            base = readmes.get(record["parent"]) if record["parent"] else None
            review = review_texts(record["readme"], base)
            replayed.append(ReplayedCommit(record["sha"][:7], record["subject"], review))
    return replayed
