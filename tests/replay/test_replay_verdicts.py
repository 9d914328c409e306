"""The engine held to a maintainer's verdicts on real commits of twelve real lists.

Every error and warning the review raises when ../shared/corpus/replay's commits are replayed as
pull requests has a verdict in verdicts.jsonl: `true` (the commit made the list worse that way)
or `false` (a false alarm). A true finding must stay found; a false alarm must stay gone, unless
it carries `open` (why it is still raised) — and then it must still be raised, so the marker is
removed the moment the engine stops raising it. `scripts/replay_quality.py` prints the scores.
"""

from __future__ import annotations

import os

import pytest

from bench.replay_corpus import (
    BUNDLE,
    CorpusMissing,
    Hit,
    Key,
    Replayed,
    Verdict,
    corpus_dir,
    judged,
    load_rows,
    load_verdicts,
    replay,
)

HINT = "run `.venv/bin/python scripts/replay_quality.py` to see them with their messages"

# Without ../shared the whole module skips in one line; in CI the fixture fails every test instead.
if not BUNDLE.is_file() and os.environ.get("CI") != "true":
    pytest.skip(
        f"the replay corpus is missing at {BUNDLE}; put the project beside shared/ "
        "(or set AWESOME_REVIEW_SHARED) to replay it",
        allow_module_level=True,
    )

# Replaying 750 rows takes one to two minutes on two idle cores, several on a busy machine.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]


@pytest.fixture(scope="module")
def results() -> list[Replayed]:
    """Every row of the replay corpus reviewed (over two processes)."""
    try:
        corpus = corpus_dir()
    except CorpusMissing as exc:
        pytest.fail(str(exc))
    return replay(corpus, load_rows(corpus), jobs=2)


@pytest.fixture(scope="module")
def verdicts() -> dict[Key, Verdict]:
    return load_verdicts()


@pytest.fixture(scope="module")
def raised(results: list[Replayed]) -> dict[Key, Hit]:
    return {hit.key: hit for hit in judged(results)}


def _where(key: Key) -> str:
    name, sha, file, line, code = key
    return f"{name} {sha[:12]} {file}:{line} {code}"


def test_no_row_crashes(results: list[Replayed]) -> None:
    assert len(results) == 750
    crashed = [f"{r.row.list} {r.row.sha[:12]} {r.row.file}: {r.crash}" for r in results if r.crash]
    assert not crashed, "\n".join(crashed)


def test_every_true_finding_is_still_found(
    raised: dict[Key, Hit], verdicts: dict[Key, Verdict]
) -> None:
    missed = [
        f"{_where(k)}: {v.reason}"
        for k, v in verdicts.items()
        if v.true and v.lost is None and (v.found_key or k) not in raised
    ]
    assert not missed, "true findings no longer raised:\n" + "\n".join(missed)


def test_findings_found_under_another_rule_keep_their_verdict(
    verdicts: dict[Key, Verdict]
) -> None:
    """The rule that reports such a defect now has a true verdict of its own at the line."""
    unjudged = [
        _where(k) for k, v in verdicts.items()
        if v.found_key is not None and not (
            (now := verdicts.get(v.found_key)) is not None and now.true
        )
    ]
    assert not unjudged, "found_as names no true verdict: " + ", ".join(unjudged)


def test_lost_true_findings_are_still_missed(
    raised: dict[Key, Hit], verdicts: dict[Key, Verdict]
) -> None:
    """A known miss found again drops its `lost` marker, so the file says what we find."""
    found = [_where(k) for k, v in verdicts.items() if v.lost is not None and k in raised]
    assert not found, "lost true findings raised again (remove `lost`): " + ", ".join(found)


def test_false_alarms_stay_gone_unless_open(
    raised: dict[Key, Hit], verdicts: dict[Key, Verdict]
) -> None:
    back = [
        f"{_where(k)}: {v.reason}"
        for k, v in verdicts.items()
        if not v.true and v.open is None and k in raised
    ]
    assert not back, "false alarms raised again:\n" + "\n".join(back)


def test_open_false_alarms_are_still_raised(
    raised: dict[Key, Hit], verdicts: dict[Key, Verdict]
) -> None:
    fixed = [f"{_where(k)}" for k, v in verdicts.items() if v.open is not None and k not in raised]
    assert not fixed, (
        f"{len(fixed)} false alarms marked open are no longer raised: remove their `open` field "
        "in tests/replay/verdicts.jsonl:\n" + "\n".join(fixed)
    )


def test_every_error_and_warning_has_a_verdict(
    raised: dict[Key, Hit], verdicts: dict[Key, Verdict]
) -> None:
    unjudged = [
        f"{_where(k)} {h.severity}: {h.message[:120]}"
        for k, h in raised.items()
        if k not in verdicts
    ]
    assert not unjudged, (
        f"{len(unjudged)} findings have no verdict in tests/replay/verdicts.jsonl ({HINT}):\n"
        + "\n".join(unjudged)
    )
