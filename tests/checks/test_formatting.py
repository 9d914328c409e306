"""The format check, driven through the engine as a user would: real lists that may only
raise their known defects, suggestions that fix what they point at, and a replay of
awesome-AI-system's 113 real commits as pull requests. The per-rule fixtures in
fixtures/format/ run in test_fixtures.py; here their suggestions are applied and checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Config
from bot.engine import Review, load_config, review_texts
from bot.model import Finding, Severity
from tests.checks.fixture_cases import case_names, load_case
from tests.conftest import LISTS, ReplayedCommit, ai_system

CASES = case_names("format")


def _format_findings(review: Review) -> list[Finding]:
    return [f for f in review.findings if f.check in ("format", "internal")]


def _case(name: str) -> tuple[str, str | None, Config]:
    case = load_case("format", name)
    return case.head, case.base, case.config


def _apply(text: str, finding: Finding) -> str:
    """The head file with the finding's suggestion applied, as GitHub would."""
    assert finding.suggestion is not None
    lines = text.split("\n")
    first, last = finding.fix_lines
    lines[first - 1 : last] = finding.suggestion.split("\n")
    return "\n".join(lines)


# --------------------------------------------------------------------------- fixtures






@pytest.mark.parametrize("name", CASES)
def test_fixture_suggestions_fix_what_they_point_at(name: str) -> None:
    head, base, config = _case(name)
    for finding in _format_findings(review_texts(head, base, config)):
        if finding.suggestion is None:
            continue
        fixed = review_texts(_apply(head, finding), base, config)
        still = [f for f in _format_findings(fixed) if f.rule == finding.rule]
        assert all(f.line != finding.line for f in still), (finding, finding.suggestion)


@pytest.mark.parametrize("name", CASES)
def test_fixture_findings_are_well_formed(name: str) -> None:
    head, base, config = _case(name)
    count = len(head.split("\n"))
    for finding in _format_findings(review_texts(head, base, config)):
        assert 1 <= finding.line <= finding.last_line <= count
        assert finding.entry_line is not None and finding.entry_line <= finding.line
        assert finding.message.strip() and "\n" not in finding.message


def test_a_learned_rule_says_what_the_majority_does_and_quotes_it() -> None:
    head, base, config = _case("F113-description-separator")
    first = _format_findings(review_texts(head, base, config))[0]
    assert first.message == (
        "5 of 5 entries in this list put `-` between the link and the description, e.g. "
        "line 7: `- [Alpha](https://github.com/acme/alpha) - Builds things.`; this one has `:`."
    )
    assert first.suggestion == "- [Zeta](https://github.com/acme/zeta) - Finds things."


def test_entry_pattern_replaces_the_learned_shape_rules() -> None:
    head, base, _ = _case("F108-entry-pattern")
    learned = {f.rule for f in _format_findings(review_texts(head, base))}
    assert {"F112", "F113"} <= learned  # `*` marker and `:` separator, without the pattern
    head, base, config = _case("F108-entry-pattern")
    configured = {f.rule for f in _format_findings(review_texts(head, base, config))}
    assert "F108" in configured and not configured & {"F109", "F110", "F111", "F112", "F113"}


def test_urls_the_config_ignores_are_not_restyled() -> None:
    head, base, _ = _case("F117-F118-link-style")
    config = load_config("ignore_urls:\n  - 'zeta\\.example\\.org'\n  - 'acme/eta'\n")
    found = [f"{f.line} {f.rule}" for f in _format_findings(review_texts(head, base, config))]
    assert found == ["14 F118"]


def test_a_rule_switched_off_in_the_config_is_silent() -> None:
    head, base, _ = _case("F107-trailing-whitespace")
    config = load_config("rules:\n  trailing-whitespace: off\n")
    assert _format_findings(review_texts(head, base, config)) == []


# --------------------------------------------------------------------------- real lists


LIST_ERRORS = {
    # a glued `-[voxrai-ai](…)` line: not a list item, swallowed by the entry above
    "avelino__awesome-go.md": [(270, "F102")],
    # Filestack's "Run in Postman" button links `www.postman.com/…` with no https://, so
    # GitHub opens it as a file of the repository (a 404); MapQuest's row has a sixth cell
    # (`Yes`) that GitHub drops
    "public-apis__public-apis.md": [(52, "F131"), (1127, "F104")],
    "awesome-selfhosted__awesome-selfhosted.md": [],
    "sindresorhus__awesome-nodejs.md": [],
    "sindresorhus__awesome.md": [],
    "vinta__awesome-python.md": [],
}


@pytest.mark.parametrize("name", sorted(LIST_ERRORS))
def test_full_audit_of_a_real_list_raises_only_its_real_defects(name: str) -> None:
    review = review_texts((LISTS / name).read_text(encoding="utf-8"))
    findings = _format_findings(review)
    errors = [(f.line, f.rule) for f in findings if f.severity is Severity.ERROR]
    assert errors == LIST_ERRORS[name]
    assert not [f for f in findings if f.check == "internal"]


def test_full_audit_of_ai_system_finds_the_star_badges_for_other_repos(corpus: Path) -> None:
    review = review_texts((ai_system() / "README.md").read_text(encoding="utf-8"))
    errors = [f for f in _format_findings(review) if f.severity is Severity.ERROR]
    assert [(f.line, f.rule) for f in errors] == [
        (100, "F106"), (101, "F106"), (102, "F106"), (164, "F119")
    ]
    assert errors[3].suggestion is not None and "(https://arxiv.org/abs/2506.08276)" in errors[3].suggestion
    assert "`hashwatj07/SageServe` but links to `shashwatj07/SageServe`" in errors[0].message
    assert errors[0].suggestion is not None
    assert "github/stars/shashwatj07/SageServe)" in errors[0].suggestion
    assert "`LMServe/hydraserve` but links to `LLMServe/hydraserve`" in errors[1].message
    assert "`zejia-lin/BulletServ` but links to `zejia-lin/BulletServe`" in errors[2].message


def test_full_audit_of_the_seed_revision_raises_no_error(corpus: Path) -> None:
    review = review_texts((ai_system() / "README.seed.md").read_text(encoding="utf-8"))
    assert not [f for f in _format_findings(review) if f.severity is Severity.ERROR]


def test_ai_system_venue_written_unlike_its_table_gets_the_lists_form(corpus: Path) -> None:
    review = review_texts((ai_system() / "README.md").read_text(encoding="utf-8"))
    venue = next(f for f in _format_findings(review) if f.rule == "F116")
    assert venue.line == 108
    assert venue.message.startswith(
        "38 of 41 entries in 'LLM Inference (System Side)' write the venue as VENUE'YY, e.g. line"
    )
    assert venue.message.endswith("Write `OSDI'25` instead of `OSDI 25`.")
    assert venue.suggestion is not None and venue.suggestion.endswith("| - | OSDI'25|")


def test_a_pull_request_changing_nothing_raises_nothing(corpus: Path) -> None:
    readme = (ai_system() / "README.md").read_text(encoding="utf-8")
    assert _format_findings(review_texts(readme, readme)) == []


# --------------------------------------------------------------------------- both styles


def _insert_before(text: str, marker: str, lines: list[str]) -> str:
    rows = text.split("\n")
    at = rows.index(marker)
    return "\n".join(rows[:at] + lines + rows[at:])


def test_a_bullet_added_to_a_table_section_is_offered_as_a_row(corpus: Path) -> None:
    base = (ai_system() / "README.md").read_text(encoding="utf-8")
    head = _insert_before(base, "### Compiler", [
        "- [NewServe: Fast LLM Serving OSDI 25](https://github.com/acme/newserve)",
        "",
        "  paper [NewServe: Fast LLM Serving OSDI 25](https://arxiv.org/abs/2501.00001)",
        "",
    ])  # fmt: skip
    findings = _format_findings(review_texts(head, base))
    assert [(f.rule, f.severity) for f in findings] == [("F109", Severity.WARNING)]
    shape = findings[0]
    assert shape.message.startswith("44 of 44 entries in 'LLM Inference (System Side)' are table")
    assert shape.suggestion == (
        "| NewServe: Fast LLM Serving "
        "| [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2501.00001) "
        "| [![Star](https://img.shields.io/github/stars/acme/newserve)](https://github.com/acme/newserve) "
        "| - | OSDI'25 |"
    )
    fixed = _format_findings(review_texts(_apply(head, shape), base))
    assert fixed == []


def test_a_table_added_to_a_seed_section_is_offered_as_code_and_paper_lines(corpus: Path) -> None:
    base = (ai_system() / "README.seed.md").read_text(encoding="utf-8")
    head = _insert_before(base, "- code [Paella: Low-latency Model Serving with Virtualized GPU "
                          "Scheduling SOSP'23](https://github.com/MachineLearningSystem/23sosp-paella)", [
        "| Title | Paper | Github | Pub. & Date |",
        "|:--:|:--:|:--:|:--:|",
        "| GraphX: Fast Serving | [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)]"
        "(https://arxiv.org/abs/2401.00002) | [![Star](https://img.shields.io/github/stars/acme/"
        "graphx.svg)](https://github.com/acme/graphx) | OSDI 24 |",
        "",
    ])  # fmt: skip
    findings = _format_findings(review_texts(head, base))
    assert [f.rule for f in findings] == ["F109"]
    assert findings[0].suggestion == (
        "- code [GraphX: Fast Serving OSDI'24](https://github.com/acme/graphx)\n"
        "\n"
        "  paper [GraphX: Fast Serving OSDI'24](https://arxiv.org/abs/2401.00002)"
    )


def test_a_seed_entry_missing_its_label_is_offered_the_label_and_the_venue_form(
    corpus: Path,
) -> None:
    base = (ai_system() / "README.seed.md").read_text(encoding="utf-8")
    head = _insert_before(base, "### MoE", [
        "- [Zeta: Serving at Scale osdi 24](https://github.com/acme/zeta)",
        "",
        "  paper [Zeta: Serving at Scale osdi 24](https://arxiv.org/abs/2401.00003)",
        "",
    ])  # fmt: skip
    findings = {f.rule: f for f in _format_findings(review_texts(head, base))}
    assert set(findings) == {"F110", "F116"}
    assert findings["F110"].suggestion == (
        "- code [Zeta: Serving at Scale osdi 24](https://github.com/acme/zeta)"
    )
    assert findings["F116"].suggestion == "- [Zeta: Serving at Scale OSDI'24](https://github.com/acme/zeta)"
    assert "spell it `OSDI`" in findings["F116"].message


# --------------------------------------------------------------------------- history replay


# The only commits of the list's history that raise format errors, and why each is real:
# 9792484 wrote `-[FastMoE…](…)` (no space: not a list item); the .git star badges of
# 72c859c…9929e1d render nothing on shields.io and were all fixed a day later by 17a63c4
# "fix the svg"; 28b67f0 linked LEANN's paper as `{https://arxiv.org/abs/2506.08276` (still
# so today); 4512edd is today's three badges naming another repository than their link.
REPLAY_ERRORS = {
    "9792484": ["F102"],
    "72c859c": ["F106"],
    # a blank line under the delimiter row cut 7 rows off their table (F140)
    "2b0ea2a": ["F140", *["F106"] * 4],
    "3cb3c38": ["F140"],  # the same, 22 rows of `LLM Inference (System Side)`
    # two new rows (TensorRT-LLM, CTranslate2) each after a blank line under the `| Name |
    # Github|` table: text with pipes, not rows; cddcb55 moved TensorRT-LLM into the table
    "1f70f05": ["F140", "F140"],
    "e66162a": ["F106"] * 9,
    "dc53371": ["F106"] * 2,
    "9929e1d": ["F106"],
    "28b67f0": ["F119"],
    "4512edd": ["F106"] * 3,
}


def test_replaying_every_real_commit_as_a_pull_request(
    replayed_commits: list[ReplayedCommit],
) -> None:
    errors: dict[str, list[str]] = {}
    for commit in replayed_commits:
        findings = _format_findings(commit.review)
        raised = [f.rule for f in findings if f.severity is Severity.ERROR]
        if raised:
            errors[commit.sha] = raised
    assert len(replayed_commits) == 113
    assert errors == REPLAY_ERRORS


def test_sections_of_one_entry_alike_are_judged_alike() -> None:
    """Small sections whose entries vote alike share one table of verdicts: each of two
    such sections is still told where it goes against the list, and a third that follows
    the list is not."""
    sections = "".join(
        f"## Topic {i}\n\n- [Tool {i}](https://t{i}.example/) - Parses topic {i}.\n\n"
        for i in range(30)
    )
    base = "# Awesome\n\n" + sections
    added = (
        "## New A\n\n- [Tool A](https://a.example/) - Parses a\n\n"
        "## New B\n\n- [Tool B](https://b.example/) - Parses b\n\n"
        "## New C\n\n- [Tool C](https://c.example/) - Parses c.\n"
    )
    review = review_texts(base + added, base)
    flagged = {f.line for f in _format_findings(review) if f.rule == "F114"}
    lines = (base + added).split("\n")
    assert flagged == {lines.index(f"- [Tool {x}](https://{x.lower()}.example/) - Parses "
                                   f"{x.lower()}") + 1 for x in "AB"}
