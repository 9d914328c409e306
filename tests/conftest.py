"""Shared fixtures. Real lists come from ../shared/corpus (see ../shared/README.md)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The fake GitHub API's fixtures live with the fake (tests/fakes/); re-exported here so every
# test directory can use them.
from tests.fakes.fixtures import fake_github, github_world, rsa_key  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("AWESOME_REVIEW_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
AI_SYSTEM = CORPUS / "awesome-ai-system"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing at {CORPUS}; clone the project beside shared/")
    return CORPUS
