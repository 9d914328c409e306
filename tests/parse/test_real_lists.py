"""Every real list the project holds has markdown-it's block tokens with the shortcuts on.

The corpus lists are compared one by one in test_shortcuts; here the many versions of
awesome-ai-system and every file of the replay bundle, whole, since a run of items and
sub-items (bot.parse.bullet_runs) spans many lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pytest

from bot.parse import make_markdown
from tests.conftest import ai_system, replay_files
from tests.parse.test_shortcuts import PLAIN, _block_pass


def _differing(texts: Iterable[str]) -> list[int]:
    md = make_markdown()
    return [
        index for index, text in enumerate(texts)
        if _block_pass(md, text) != _block_pass(PLAIN, text)
    ]


def test_every_ai_system_version_has_markdown_its_block_tokens() -> None:
    with (ai_system() / "readmes.jsonl").open(encoding="utf-8") as lines:
        texts = [json.loads(line)["readme"] for line in lines]
    assert _differing(texts) == []


# in shards, so that each stays well inside the per-test timeout on a loaded machine
SHARDS = 6


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_replay_file_has_markdown_its_block_tokens(shard: int) -> None:
    paths = replay_files()[shard::SHARDS]
    texts = (path.read_text(encoding="utf-8", errors="replace").replace("\r", "") for path in paths)
    assert _differing(texts) == []
