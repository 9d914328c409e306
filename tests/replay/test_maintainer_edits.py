"""Seeded tidy-ups and defects on real lists (bench/maintainer_edits.py), held to what they must do.

A maintainer's tidy-up of their own list (a section re-sorted, a heading renamed with its TOC
line, every `*` bullet made `-` …) must raise no error; a contributor's defect (a link written
`[x] (url)`, a duplicate, a TOC line to no heading, a row above the delimiter row …) must raise
an error or a warning on its lines — except the kinds in KNOWN_MISSES, each with the reason
it is not found. A small seeded subset of the bench: a few lists of different shapes, one
instance of every kind each.
"""

from __future__ import annotations

import os

import pytest

from bench.edit_defects import kinds
from bench.maintainer_edits import KNOWN_MISSES, SHARED, Outcome, list_files, run
from bench.replay_corpus import BUNDLE, CorpusMissing

# Without ../shared the whole module skips in one line; in CI the fixture fails every test instead.
if (
    not (BUNDLE.is_file() and (SHARED / "corpus" / "lists").is_dir())
    and os.environ.get("CI") != "true"
):
    pytest.skip(
        f"the list corpus is missing at {SHARED / 'corpus'}; put the project beside shared/ "
        "(or set AWESOME_REVIEW_SHARED) to run the seeded edits",
        allow_module_level=True,
    )

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

# Lists of different shapes, each small enough to review ~30 times in seconds: a list of lists
# with nested bullets and a TOC, a sorted classic list, paper tables with star badges, paper
# bullets, dated paper tables, an AI-systems list of tables and bullets.
SUBSET = (
    "sindresorhus__awesome",
    "h4cc__awesome-elixir/README.md",
    "horseee__Awesome-Efficient-LLM/pruning.md",
    "terryum__awesome-deep-learning-papers/README.md",
    "BradyFU__Awesome-Multimodal-Large-Language-Models/README.md",
    "awesome-ai-system",
)


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    try:
        files = [(n, p) for n, p in list_files() if n in SUBSET]
    except CorpusMissing as exc:
        pytest.fail(str(exc))
    assert len(files) == len(SUBSET)
    return run(files, (), instances=1, jobs=2)


def _where(o: Outcome) -> str:
    return f"{o.kind} on {o.list} (seed {o.seed}, {o.where})"


def test_every_kind_is_exercised(outcomes: list[Outcome]) -> None:
    """Each kind finds a place in one list of the subset at least (none is silently skipped)."""
    assert {o.kind for o in outcomes} == {k.__name__ for k in kinds()}


def test_no_tidy_up_raises_an_error(outcomes: list[Outcome]) -> None:
    errors = [
        f"{_where(o)}: {r.line} {r.code} {r.message[:120]}"
        for o in outcomes
        if not o.defect
        for r in o.raised
        if r.severity == "error"
    ]
    assert not errors, "a maintainer's tidy-up marked failing:\n" + "\n".join(errors)


def test_every_defect_is_found(outcomes: list[Outcome]) -> None:
    missed = [
        _where(o) for o in outcomes if o.defect and not o.found and o.kind not in KNOWN_MISSES
    ]
    assert not missed, "defects with no error or warning on their lines:\n" + "\n".join(missed)
