"""A list's repository criteria (`repository:`), read through real PyGithub from the fake
GitHub API on 127.0.0.1: the command line with GITHUB_TOKEN and GITHUB_API_URL, and the App's
review with its installation token. Repositories of every kind: young, archived, unlicensed,
without a release, CI or README, inactive, few stars, gone, renamed, rate-limited, failing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.links import LinkOptions, SqliteLinkCache, check_links
from bot.links.repos import RepoLookup
from bot.model import Verdict
from bot.pipeline import make_link_checker
from tests.fakes.faults import Fault
from tests.fakes.fixtures import GitHubWorld
from tests.fakes.github_api import FakeGitHub, RepoProfile
from tests.fakes.scenario import open_pull

CRITERIA = (
    "repository:\n  min_stars: 50\n  min_age_days: 150\n  max_inactive_days: 365\n"
    "  license_required: true\n  archived: error\n  require_release: true\n"
    "  require_ci: true\n  require_readme: true\n"
)
BASE = "# Awesome Go\n\n## Tools\n\n- [Alpha](https://github.com/acme/alpha) - Does alpha.\n"
KINDS = {
    "acme/fine": RepoProfile(),
    "acme/young": RepoProfile(age_days=41.5),
    "acme/starless": RepoProfile(stars=12),
    "acme/idle": RepoProfile(pushed_days=400.5),
    "acme/unlicensed": RepoProfile(license=None),
    "acme/archived": RepoProfile(archived=True),
    "acme/unreleased": RepoProfile(release=None),
    "acme/untested": RepoProfile(workflows=False),
    "acme/bare": RepoProfile(readme=False),
}
EXPECTED = {
    "acme/young": "R701 acme/young was created 41 days ago; this list asks for 150 days "
    "(`repository.min_age_days`).",
    "acme/starless": "R702 acme/starless has 12 stars; this list asks for 50 "
    "(`repository.min_stars`).",
    "acme/idle": "R703 acme/idle had its last push 400 days ago; this list asks for one within "
    "365 days (`repository.max_inactive_days`).",
    "acme/unlicensed": "R704 acme/unlicensed has no license (none GitHub recognises in it); "
    "this list asks for one (`repository.license_required`).",
    "acme/archived": "R705 acme/archived is archived (read-only, last push on",
    "acme/unreleased": "R706 acme/unreleased has published no release; this list asks for one "
    "(`repository.require_release`).",
    "acme/untested": "R707 acme/untested has no GitHub Actions workflow (`.github/workflows`); "
    "this list asks for CI (`repository.require_ci`).",
    "acme/bare": "R708 acme/bare has no README; this list asks for one "
    "(`repository.require_readme`).",
}


def _entries(names: list[str]) -> str:
    return "".join(f"- [{n.split('/')[1]}](https://github.com/{n}) - Does things.\n" for n in names)


def _arrange(fake: FakeGitHub) -> None:
    for name, profile in KINDS.items():
        fake.add_listed_repo(name, profile)
    fake.rename_repo("old-owner/tool", fake.add_listed_repo("acme/tool", RepoProfile(stars=3)))


@pytest.fixture
def cli(
    fake_github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeGitHub]:
    _arrange(fake_github)
    fake_github.add_token("maintainer", token="ghp_cli")
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_cli")
    monkeypatch.setenv("GITHUB_API_URL", fake_github.url)
    monkeypatch.setenv("AWESOME_REVIEW_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "criteria.yml").write_text(CRITERIA)
    (tmp_path / "base.md").write_text(BASE)
    yield fake_github


def _check(tmp_path: Path, names: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    """`awesome-review check` of a PR adding `names` (no --links): 'CODE message' lines."""
    (tmp_path / "README.md").write_text(BASE + _entries(names))
    main(
        ["check", "README.md", "--base", "base.md", "--config", "criteria.yml", "--format", "json"]
    )
    found = json.loads(capsys.readouterr().out)["findings"]
    return [f"{f['rule']} {f['message']}" for f in found if f["rule"].startswith("R")]


def test_each_unmet_criterion_is_one_finding_with_its_number(
    cli: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = _check(tmp_path, ["acme/fine", *EXPECTED], capsys)
    assert len(found) == len(EXPECTED), found
    for line, expected in zip(found, EXPECTED.values(), strict=True):
        assert line.startswith(expected), (line, expected)
    assert "this list does not take archived repositories (`repository.archived`)" in found[4]


def test_a_second_review_reads_the_repositories_from_the_cache(
    cli: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _check(tmp_path, ["acme/young", "acme/bare"], capsys)
    calls = sum(cli.calls.values())
    assert _check(tmp_path, ["acme/young", "acme/bare"], capsys) == first
    assert sum(cli.calls.values()) == calls  # not one API call more


def test_a_renamed_repository_is_named_and_judged_under_its_new_name(
    cli: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = _check(tmp_path, ["old-owner/tool"], capsys)
    assert found == [
        "R702 acme/tool (moved from old-owner/tool) has 3 stars; this list asks for 50 "
        "(`repository.min_stars`).",
        "R709 https://github.com/old-owner/tool moved to acme/tool (renamed or transferred); "
        "link the new address.",
    ]


def test_a_missing_repository_is_said_not_passed(
    cli: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _check(tmp_path, ["acme/nothing"], capsys) == [
        "R710 acme/nothing was not found on GitHub (deleted, or private), so this list's "
        "repository criteria could not be checked; is the link right?"
    ]


@pytest.mark.parametrize(
    ("fault", "why"),
    [
        (Fault(rate_limit="primary", reset_in=3600), "the GitHub API rate limit is exhausted"),
        (Fault(status=503), "the GitHub API answered 503"),
    ],
)
def test_a_refusing_api_is_could_not_check_once_never_a_pass(
    cli: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str], fault: Fault, why: str
) -> None:
    cli.fail("GET /repos/{owner}/{repo}", times=-1, **vars(fault))
    assert _check(tmp_path, ["acme/young", "acme/idle", "acme/bare"], capsys) == [
        "R710 acme/young and 2 other repositories could not be checked against this list's "
        f"repository criteria (`repository:`): {why}."
    ]


def test_without_a_token_one_notice_says_nothing_was_checked(
    cli: FakeGitHub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN")
    assert _check(tmp_path, ["acme/young", "acme/idle"], capsys) == [
        "R710 acme/young and 1 other repository could not be checked against this list's "
        "repository criteria (`repository:`): there is no GitHub token to read them with "
        "(set GITHUB_TOKEN)."
    ]
    assert sum(cli.calls.values()) == 0


def test_without_criteria_nothing_is_asked(
    cli: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "criteria.yml").write_text("files: [README.md]\n")
    assert _check(tmp_path, ["acme/young"], capsys) == []
    assert sum(cli.calls.values()) == 0


def test_the_call_budget_ends_in_could_not_check_not_a_wait(fake_github: FakeGitHub) -> None:
    _arrange(fake_github)
    fake_github.add_token("maintainer", token="ghp_budget")
    names = [f"repository:{name}" for name in KINDS]
    options = LinkOptions(
        github_token="ghp_budget",
        github_api_url=fake_github.url,
        use_cache=False,
        repositories=RepoLookup(release=True, max_calls=5),
    )
    results = check_links(names, options)
    read = [r for r in results.values() if r.repository is not None]
    spent = [r for r in results.values() if "GitHub API calls" in r.reason]
    # 2 calls each, booked whole: the 5th is left
    assert len(read) == 2 and len(spent) == len(KINDS) - 2
    assert all(r.verdict is Verdict.UNVERIFIABLE for r in spent)
    assert sum(fake_github.calls.values()) == 4


def test_results_fetched_with_one_token_are_not_read_with_another(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    _arrange(fake_github)
    fake_github.add_token("one", token="ghp_one")
    fake_github.add_token("two", token="ghp_two")
    cache = SqliteLinkCache(tmp_path / "links.db")
    for token in ("ghp_one", "ghp_two"):
        options = LinkOptions(github_token=token, github_api_url=fake_github.url, cache=cache)
        check_links(["repository:acme/young"], options)
    assert fake_github.calls["GET /repos/{owner}/{repo}"] == 2  # the second token asked again
    options = LinkOptions(github_token="ghp_one", github_api_url=fake_github.url, cache=cache)
    assert check_links(["repository:acme/young"], options)["repository:acme/young"].cached


def test_the_app_reads_repositories_with_its_installation_token(
    github_world: GitHubWorld, tmp_path: Path
) -> None:
    _arrange(github_world.fake)
    config = {".github/awesome-review.yml": CRITERIA}
    pr = open_pull(
        github_world,
        {"README.md": BASE, **config},
        {
            "README.md": BASE
            + _entries(["acme/young", "acme/archived", "old-owner/tool", "acme/unreleased"]),
            **config,
        },
    )
    checker = make_link_checker(github_world.settings, str(tmp_path / "links.db"))

    outcome = pr.review(link_checker=checker)

    assert outcome.conclusion == "failure"
    [comment] = pr.comments()
    body = str(comment["body"])
    assert "acme/young was created 41 days ago; this list asks for 150 days" in body
    assert "acme/archived is archived" in body
    assert "acme/unreleased has published no release" in body
    assert "acme/tool (moved from old-owner/tool) has 3 stars; this list asks for 50" in body
    assert "L405" not in body  # `repository.archived` speaks for archived repositories
    assert "L402" in body  # the link check names the move; R709 leaves it to it
    assert "R709" not in body
    # the link check's GET /repos serves the criteria too: one per repository (the renamed
    # one's 301 and its new name's answer), then only what the criteria ask beyond it
    fake = github_world.fake
    assert fake.calls["GET /repos/{owner}/{repo}"] == 4
    assert fake.calls["GET /repositories/{repo_id}"] == 1
    assert fake.calls["GET /repos/{owner}/{repo}/releases/latest"] == 4
