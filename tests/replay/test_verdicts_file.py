"""The verdicts file (verdicts.jsonl) is read strictly: a malformed verdict is named, line and all.

These run without ../shared, so a broken verdict fails on every clone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.replay_corpus import VERDICTS, VerdictError, load_verdicts


def test_the_verdicts_file_is_well_formed() -> None:
    verdicts = load_verdicts(VERDICTS)
    assert len(verdicts) == len(VERDICTS.read_text(encoding="utf-8").splitlines())
    assert all(v.reason.startswith("true: " if v.true else "false: ") for v in verdicts.values())


A_VERDICT = {
    "list": "quozd__awesome-dotnet",
    "sha": "84238a1dca95",
    "file": "README.md",
    "line": 259,
    "code": "P201",
    "severity": "error",
    "line_text": "* [Stream](https://github.com/GetStream/stream-chat-net) Official .NET API client",
    "verdict": "false",
    "reason": "false: the categories sit under `# Table of Contents`",
}


def test_a_valid_verdict_is_read(tmp_path: Path) -> None:
    path = tmp_path / "verdicts.jsonl"
    path.write_text(json.dumps({**A_VERDICT, "open": "still raised"}) + "\n", encoding="utf-8")
    (verdict,) = load_verdicts(path).values()
    assert verdict.key == ("quozd__awesome-dotnet", "84238a1dca95", "README.md", 259, "P201")
    assert (verdict.true, verdict.open) == (False, "still raised")


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"verdict": "maybe"}, 'not "true" or "false"'),
        ({"line": "x"}, "line is not a number"),
        ({"reason": "looks fine"}, "the reason must start with `false: `"),
        ({"severity": "notice"}, "severity 'notice' is not judged"),
        ({"verdict": "true", "reason": "true: x", "open": "y"}, "only a false alarm can be open"),
    ],
)
def test_a_malformed_verdict_is_named(tmp_path: Path, change: dict[str, str], error: str) -> None:
    path = tmp_path / "verdicts.jsonl"
    path.write_text(json.dumps({**A_VERDICT, **change}) + "\n", encoding="utf-8")
    with pytest.raises(VerdictError, match=r"verdicts\.jsonl:1: ") as caught:
        load_verdicts(path)
    assert error in str(caught.value)


def test_a_second_verdict_for_one_finding_is_named(tmp_path: Path) -> None:
    line = json.dumps(A_VERDICT)
    path = tmp_path / "verdicts.jsonl"
    path.write_text(f"{line}\n{line}\n", encoding="utf-8")
    with pytest.raises(VerdictError, match=r"verdicts\.jsonl:2: a second verdict"):
        load_verdicts(path)
