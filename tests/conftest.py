"""Shared fixtures. Real lists come from ../shared/corpus (see ../shared/README.md)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.engine import Review, review_texts

# The fake GitHub API's fixtures live with the fake (tests/fakes/); re-exported here so every
# test directory can use them.
from tests.fakes.fixtures import fake_github, github_world, rsa_key  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("AWESOME_REVIEW_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
AI_SYSTEM = CORPUS / "awesome-ai-system"


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
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing at {CORPUS}; clone the project beside shared/")
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
