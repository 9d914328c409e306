"""`awesome-review check` as a contributor or CI runs it: exit codes, formats, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

BASE = "# Awesome X\n\n## Tools\n\n- [Alpha](https://alpha.example.org) - Does alpha.\n"
DUPLICATE = BASE + "- [Alpha again](https://alpha.example.org/) - Does alpha.\n"
EMPTY_TEXT = BASE + "- [](https://beta.example.org) - Does beta.\n"  # an error in an audit


def _write(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True, text=True, cwd=cwd, timeout=120, check=False,
    )


def test_clean_list_exits_0_and_says_what_it_judged(tmp_path: Path) -> None:
    result = run_cli("check", _write(tmp_path, "README.md", BASE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 entry audited: 0 errors," in result.stdout


def test_missing_file_exits_2_with_one_line(tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path / "nope.md"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"awesome-review: {tmp_path / 'nope.md'}: no such file"


def test_not_utf8_exits_2_naming_the_byte(tmp_path: Path) -> None:
    path = _write(tmp_path, "README.md", "# L\n\n- [é](https://x.org)\n".encode("latin-1"))
    result = run_cli("check", path, cwd=tmp_path)
    assert result.returncode == 2
    assert "is not UTF-8: byte 0xe9 at line 3" in result.stderr


def test_bad_config_exits_2_naming_the_key(tmp_path: Path) -> None:
    config = _write(tmp_path, "cfg.yml", "rules: {NOPE1: off}\n")
    result = run_cli("check", "--config", config, _write(tmp_path, "README.md", BASE), cwd=tmp_path)
    assert result.returncode == 2 and "rules.NOPE1: unknown rule" in result.stderr


def test_repo_config_is_picked_up_from_dot_github(tmp_path: Path) -> None:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "awesome-review.yml").write_text("rules: {bogus: off}\n")
    result = run_cli("check", _write(tmp_path, "README.md", BASE), cwd=tmp_path)
    assert result.returncode == 2 and "rules.bogus" in result.stderr


def _json(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["check", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_json_lists_findings_with_lines_in_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = _write(tmp_path, "base.md", BASE)
    head = _write(tmp_path, "head.md", DUPLICATE)
    code, body = _json(tmp_path, capsys, "--base", base, head)
    assert body["summary"]["entries_judged"] == 1
    for finding in body["findings"]:
        assert set(finding) >= {"check", "rule", "severity", "line", "message", "suggestion"}
        assert finding["line"] == 6
    assert code == (1 if body["summary"]["errors"] else 0)


def test_with_base_only_the_change_is_judged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = _write(tmp_path, "base.md", BASE)
    code, body = _json(tmp_path, capsys, "--base", base, _write(tmp_path, "head.md", BASE))
    assert code == 0 and body["findings"] == [] and body["summary"]["entries_judged"] == 0


def test_github_and_sarif_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    head = _write(tmp_path, "README.md", DUPLICATE + "- [Bad](https://bad.example.org) -   \n")
    main(["check", "--format", "sarif", head])
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert all(r["ruleId"] == rules[r["ruleIndex"]]["id"] for r in results)
    main(["check", "--format", "github", head])
    lines = [line for line in capsys.readouterr().out.splitlines() if line]
    assert len(lines) == len(results)
    assert all(line.startswith(("::error file=", "::warning file=", "::notice file=")) for line in lines)


def test_without_a_file_it_reviews_the_configs_files_whatever_their_case(tmp_path: Path) -> None:
    _write(tmp_path, "readme.md", EMPTY_TEXT)  # as sindresorhus/awesome names its list
    (tmp_path / "docs").mkdir()
    _write(tmp_path / "docs", "Tools.MD", EMPTY_TEXT)
    default = run_cli("check", cwd=tmp_path)
    assert default.returncode == 1 and default.stdout.startswith("readme.md:"), default.stderr
    (tmp_path / ".github").mkdir()
    _write(tmp_path / ".github", "awesome-review.yml", "files: [docs/*.md]\n")
    configured = run_cli("check", "--format", "github", cwd=tmp_path)
    assert configured.returncode == 1, configured.stderr
    assert any(line.startswith("::error file=docs/Tools.MD,line=6,")
               for line in configured.stdout.splitlines()), configured.stdout
    named = run_cli("check", "README.md", cwd=tmp_path)  # the name GitHub would show it under
    assert named.returncode == 1 and named.stdout.startswith("readme.md:"), named.stderr


def test_no_file_matching_the_configs_files_exits_2_naming_them(tmp_path: Path) -> None:
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "awesome-review: no list file here matches files: README.md\n"


def test_sarif_fingerprints_follow_a_finding_when_lines_move(tmp_path: Path) -> None:
    # code scanning matches alerts across runs by partialFingerprints: an entry pushed down by
    # lines added above it is the same alert, and two identical findings stay two alerts
    twice = EMPTY_TEXT + "- [](https://beta.example.org) - Does beta.\n"
    moved = twice.replace("## Tools\n", "## Tools\n\n- [Zeta](https://zeta.example.org) - Z.\n")

    def fingerprints(text: str) -> list[tuple[int, str]]:
        result = run_cli("check", "--format", "sarif", _write(tmp_path, "README.md", text))
        results = json.loads(result.stdout)["runs"][0]["results"]
        return [(r["locations"][0]["physicalLocation"]["region"]["startLine"],
                 r["partialFingerprints"]["awesomeReviewContent/v1"])
                for r in results if r["ruleId"][0] in "FD"]  # the entries' findings

    before, after = fingerprints(twice), fingerprints(moved)
    assert [line for line, _ in after] == [line + 2 for line, _ in before]
    assert [key for _, key in after] == [key for _, key in before]
    assert len({key for _, key in before}) == len(before)  # one alert per finding
    assert sum(key.endswith(":2") for _, key in before) == 1  # the second empty link text
