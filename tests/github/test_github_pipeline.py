"""The whole review, through real PyGithub, against the fake GitHub API on 127.0.0.1."""

from __future__ import annotations

import re

import pytest

from bot.github import GatewayFactory
from bot.github.auth import FAST_OPTIONS
from bot.model import LinkResult, Verdict
from bot.pipeline import OutcomeKind
from bot.report.templates import STICKY_MARKER
from tests.fakes.fixtures import APP_LOGIN, GitHubWorld
from tests.fakes.scenario import (
    DUPLICATE_ENTRY,
    GOOD_ENTRY,
    SMALL_LIST,
    PullUnderTest,
    open_pull,
    with_entry,
)

AFTER_TGI = "- [TGI]"


def _pr_adding(world: GitHubWorld, entry: str, **kwargs: object) -> PullUnderTest:
    head = with_entry(SMALL_LIST, AFTER_TGI, entry)
    return open_pull(world, {"README.md": SMALL_LIST}, {"README.md": head}, **kwargs)  # type: ignore[arg-type]


def _only_comment(pr: PullUnderTest) -> dict[str, object]:
    comments = pr.comments()
    assert len(comments) == 1, [c["body"] for c in comments]
    return comments[0]


def test_good_new_entry_gets_a_success_check_run_and_a_clean_comment(
    github_world: GitHubWorld,
) -> None:
    pr = _pr_adding(github_world, GOOD_ENTRY)

    outcome = pr.review()

    assert outcome.kind is OutcomeKind.POSTED
    assert outcome.conclusion == "success"
    [run] = pr.check_runs()
    assert (run["name"], run["status"], run["conclusion"]) == (
        "awesome-review",
        "completed",
        "success",
    )
    comment = _only_comment(pr)
    assert comment["login"] == APP_LOGIN
    assert STICKY_MARKER in str(comment["body"])
    assert "no problems found" in str(comment["body"])
    assert pr.reviews() == []  # nothing to say inline


def test_duplicate_fails_and_names_the_other_line(github_world: GitHubWorld) -> None:
    pr = _pr_adding(github_world, DUPLICATE_ENTRY)

    outcome = pr.review()

    assert outcome.conclusion == "failure"
    [run] = pr.check_runs()
    assert run["conclusion"] == "failure"
    body = str(_only_comment(pr)["body"])
    assert "D301" in body
    assert "line 12" in body  # vLLM's first copy
    assert f"/blob/{pr.head_sha}/README.md#L15" in body
    assert "#d301-duplicate-entry" in body
    annotations = run["annotations"]
    assert isinstance(annotations, list)
    assert any(a["title"].startswith("D301") and a["start_line"] == 15 for a in annotations)
    [review] = pr.reviews()
    assert (review["state"], review["commit_id"]) == ("COMMENTED", pr.head_sha)
    [inline] = pr.review_comments()
    assert inline["line"] == 15
    assert "<!-- awesome-review:fp=" in str(inline["body"])


def test_a_second_push_edits_the_same_comment(github_world: GitHubWorld) -> None:
    pr = _pr_adding(github_world, DUPLICATE_ENTRY)
    pr.review()
    first = _only_comment(pr)
    fixed = with_entry(SMALL_LIST, AFTER_TGI, GOOD_ENTRY)

    pr.push({"README.md": fixed})
    outcome = pr.review()

    comment = _only_comment(pr)
    assert comment["id"] == first["id"]
    assert comment["edits"] == 1
    assert pr.head_sha[:7] in str(comment["body"])
    assert "everything fixed" in str(comment["body"])
    assert outcome.conclusion == "success"

    pr.review()  # a /recheck of the fixed head keeps saying so, without another edit
    assert _only_comment(pr)["edits"] == 1


def test_rerunning_the_same_head_adds_nothing(github_world: GitHubWorld) -> None:
    pr = _pr_adding(github_world, DUPLICATE_ENTRY)
    pr.review()
    pr.review()

    comment = _only_comment(pr)
    assert comment["edits"] == 0  # the same text: not even an edit
    assert len(pr.reviews()) == 1
    assert len(pr.review_comments()) == 1  # the fingerprint stopped a second inline comment


def test_a_push_moving_the_duplicate_down_does_not_repeat_the_inline_comment(
    github_world: GitHubWorld,
) -> None:
    pr = _pr_adding(github_world, DUPLICATE_ENTRY)
    pr.review()
    moved = with_entry(SMALL_LIST, AFTER_TGI, DUPLICATE_ENTRY).replace(
        "## Contents", "Updated weekly.\n\n## Contents"
    )

    pr.push({"README.md": moved})
    pr.review()

    assert len(pr.review_comments()) == 1
    assert "line 14" in str(_only_comment(pr)["body"])  # the other copy moved down too


def test_502_then_success_still_posts(github_world: GitHubWorld) -> None:
    fake = github_world.fake
    fake.fail("GET /repos/{owner}/{repo}/pulls/{number}", status=502, times=1)
    fake.fail("POST /repos/{owner}/{repo}/issues/{number}/comments", status=502, times=2)
    pr = _pr_adding(github_world, GOOD_ENTRY)

    outcome = pr.review()

    assert outcome.kind is OutcomeKind.POSTED
    assert len(pr.comments()) == 1
    assert fake.calls["POST /repos/{owner}/{repo}/issues/{number}/comments"] == 3


def test_fork_pr_is_read_from_the_base_repository(github_world: GitHubWorld) -> None:
    pr = _pr_adding(github_world, DUPLICATE_ENTRY, fork="alice/awesome", author="alice")

    outcome = pr.review()

    assert outcome.conclusion == "failure"
    assert "D301" in str(_only_comment(pr)["body"])
    # The App is installed on octo/awesome only; it never needs the fork.
    assert not [path for _, path, _ in github_world.fake.log if "/alice/" in path]


def test_deleted_list_file_says_so(github_world: GitHubWorld) -> None:
    pr = open_pull(
        github_world,
        {"README.md": SMALL_LIST, "LICENSE": "MIT"},
        {"LICENSE": "MIT"},
    )

    outcome = pr.review()

    assert outcome.kind is OutcomeKind.POSTED
    assert outcome.conclusion == "neutral"
    body = str(_only_comment(pr)["body"])
    assert "This PR deletes `README.md`" in body


def test_pr_not_touching_the_list_gets_a_check_but_no_comment(github_world: GitHubWorld) -> None:
    pr = open_pull(
        github_world,
        {"README.md": SMALL_LIST, "CONTRIBUTING.md": "Be nice."},
        {"README.md": SMALL_LIST, "CONTRIBUTING.md": "Be kind."},
    )

    outcome = pr.review()

    assert outcome.kind is OutcomeKind.NOT_TOUCHING
    assert pr.comments() == []
    [run] = pr.check_runs()
    assert run["conclusion"] == "success"
    assert "does not change `README.md`" in str(run["output"]["summary"])  # type: ignore[index]


def test_pr_that_no_longer_touches_the_list_updates_its_comment(github_world: GitHubWorld) -> None:
    pr = _pr_adding(github_world, DUPLICATE_ENTRY)
    pr.review()

    pr.push({"README.md": SMALL_LIST, "CONTRIBUTING.md": "Be nice."})
    outcome = pr.review()

    assert outcome.kind is OutcomeKind.NOT_TOUCHING
    body = str(_only_comment(pr)["body"])
    assert "This PR no longer changes `README.md` — nothing to review." in body
    assert "D301" not in body


def test_list_over_one_megabyte_is_read_through_the_blob_api(github_world: GitHubWorld) -> None:
    rows = "\n".join(
        f"- [Tool {i}](https://example.org/tools/{i}) - Does thing number {i} well."
        for i in range(16000)
    )
    big = SMALL_LIST.replace("## Training", f"{rows}\n\n## Training")
    assert len(big.encode()) > 1024 * 1024
    pr = open_pull(
        github_world, {"README.md": big}, {"README.md": with_entry(big, AFTER_TGI, DUPLICATE_ENTRY)}
    )

    outcome = pr.review()

    assert outcome.conclusion == "failure"
    assert "line 12" in str(_only_comment(pr)["body"])
    assert (
        github_world.fake.calls["GET /repos/{owner}/{repo}/git/blobs/{sha}"] == 2
    )  # base and head


def test_token_without_checks_permission_posts_a_commit_status(github_world: GitHubWorld) -> None:
    fake = github_world.fake
    token = fake.add_token(login="list-maintainer")  # a personal token: no check runs
    settings = github_world.settings.__class__(api_url=fake.url, github_token=token)
    pr = _pr_adding(github_world, DUPLICATE_ENTRY)

    gateway = GatewayFactory(settings, FAST_OPTIONS).for_installation(None)
    outcome = pr.review(gateway=gateway)

    assert outcome.conclusion == "failure"
    assert github_world.repo.check_runs == []
    [status] = github_world.repo.statuses
    assert (status["sha"], status["state"], status["context"]) == (
        pr.head_sha,
        "failure",
        "awesome-review",
    )
    assert "1 error" in str(status["description"])
    assert _only_comment(pr)["login"] == "list-maintainer"


def test_review_refused_with_422_falls_back_to_single_comments(github_world: GitHubWorld) -> None:
    fake = github_world.fake
    fake.fail("POST /repos/{owner}/{repo}/pulls/{number}/reviews", status=422, times=1)
    pr = _pr_adding(github_world, DUPLICATE_ENTRY)

    outcome = pr.review()

    assert outcome.kind is OutcomeKind.POSTED
    [review] = pr.reviews()  # GitHub files a lone comment under a review with no body
    [inline] = pr.review_comments()
    assert inline["line"] == 15 and inline["review_id"] == review["id"] and review["body"] == ""


def test_config_comes_from_the_base_branch(github_world: GitHubWorld) -> None:
    off = "rules:\n  D301: off\n"
    head = with_entry(SMALL_LIST, AFTER_TGI, DUPLICATE_ENTRY)
    # The PR tries to switch the duplicate rule off for itself: ignored.
    pr = open_pull(
        github_world,
        {"README.md": SMALL_LIST},
        {"README.md": head, ".github/awesome-review.yml": off},
    )
    assert pr.review().conclusion == "failure"

    # The same rule switched off on the base branch is obeyed.
    pr2 = open_pull(
        github_world,
        {"README.md": SMALL_LIST, ".github/awesome-review.yml": off},
        {"README.md": head, ".github/awesome-review.yml": off},
    )
    assert pr2.review().conclusion == "success"


def test_broken_base_config_reviews_with_defaults_and_says_why(github_world: GitHubWorld) -> None:
    bad = "rules:\n  D301: sometimes\n"
    pr = open_pull(
        github_world,
        {"README.md": SMALL_LIST, ".github/awesome-review.yml": bad},
        {
            "README.md": with_entry(SMALL_LIST, AFTER_TGI, DUPLICATE_ENTRY),
            ".github/awesome-review.yml": bad,
        },
    )

    outcome = pr.review()

    assert outcome.conclusion == "failure"  # the defaults still catch the duplicate
    body = str(_only_comment(pr)["body"])
    assert "`.github/awesome-review.yml` on `main` is not valid" in body
    assert "rules.D301" in body


def test_stale_job_publishes_nothing(github_world: GitHubWorld) -> None:
    pr = _pr_adding(github_world, GOOD_ENTRY)
    job_sha = pr.head_sha
    pr.push({"README.md": with_entry(SMALL_LIST, AFTER_TGI, DUPLICATE_ENTRY)})
    pr.head_sha = job_sha  # the job was enqueued for the older head

    outcome = pr.review()

    assert outcome.kind is OutcomeKind.STALE
    assert pr.comments() == [] and github_world.repo.check_runs == []


def test_duplicate_sticky_comments_from_a_race_collapse_to_the_oldest(
    github_world: GitHubWorld,
) -> None:
    pr = _pr_adding(github_world, GOOD_ENTRY)
    gateway = GatewayFactory(github_world.settings, FAST_OPTIONS).for_installation(77)
    first = gateway.create_comment("octo/awesome", pr.number, f"{STICKY_MARKER}\nold run A")
    gateway.create_comment("octo/awesome", pr.number, f"{STICKY_MARKER}\nold run B")
    github_world.fake.add_comment(github_world.repo, pr.number, "maintainer", "a human's comment")

    pr.review(gateway=gateway)

    ours = [c for c in pr.comments() if c["login"] == APP_LOGIN]
    assert [c["id"] for c in ours] == [first.id]
    assert "no problems found" in str(ours[0]["body"])
    assert len(pr.comments()) == 2  # the human's comment is untouched


def test_a_comment_by_someone_else_with_our_marker_is_not_ours(github_world: GitHubWorld) -> None:
    pr = _pr_adding(github_world, GOOD_ENTRY)
    github_world.fake.add_comment(
        github_world.repo, pr.number, "mallory", f"{STICKY_MARKER} forged"
    )

    pr.review()

    forged, ours = pr.comments()
    assert forged["body"] == f"{STICKY_MARKER} forged" and forged["edits"] == 0
    assert ours["login"] == APP_LOGIN


def test_list_that_is_not_utf8_fails_with_a_reason(github_world: GitHubWorld) -> None:
    latin1 = with_entry(SMALL_LIST, AFTER_TGI, "- [Café](https://cafe.example.org) - Décor.")
    pr = open_pull(github_world, {"README.md": SMALL_LIST}, {"README.md": latin1.encode("latin-1")})

    outcome = pr.review()

    assert outcome.conclusion == "failure"
    assert "is not UTF-8" in str(_only_comment(pr)["body"])


def test_renamed_into_the_list_path_is_reviewed_against_the_old_file(
    github_world: GitHubWorld,
) -> None:
    pr = open_pull(
        github_world,
        {"LIST.md": SMALL_LIST},
        {"README.md": with_entry(SMALL_LIST, AFTER_TGI, DUPLICATE_ENTRY)},
    )

    outcome = pr.review()

    body = str(_only_comment(pr)["body"])
    assert outcome.conclusion == "failure"
    assert "Reviewed the 1 entry this PR adds or changes" in body  # not a full audit


def test_many_findings_send_annotations_fifty_per_call(github_world: GitHubWorld) -> None:
    rows = "\n".join(f"- [Tool {i}](https://example.org/t/{i}) - Tool {i}.   " for i in range(120))
    new_list = f"# Awesome\n\n## Tools\n\n{rows}\n"
    pr = open_pull(github_world, {"LICENSE": "MIT"}, {"LICENSE": "MIT", "README.md": new_list})

    pr.review()

    [run] = pr.check_runs()
    annotations = run["annotations"]
    assert isinstance(annotations, list)
    assert len(annotations) >= 120  # every trailing-whitespace line is annotated
    calls = github_world.fake.calls["PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}"]
    assert calls == -(-len(annotations) // 50) - 1
    body = str(_only_comment(pr)["body"])
    assert "<details><summary>" in body  # the long list is folded
    assert len(body) < 65536


def test_links_checked_by_an_injected_checker_show_up(github_world: GitHubWorld) -> None:
    broken = "- [Gone](https://gone.example.org/x) - Vanished project."
    pr = _pr_adding(github_world, broken)
    seen: list[tuple[tuple[str, ...], bool]] = []

    def checker(
        urls: object,
        config: object,
        fresh: bool,
        github_token: str | None = None,
        asker: str | None = None,
    ) -> dict[str, LinkResult]:
        seen.append((tuple(urls), fresh))  # type: ignore[arg-type]
        return {u: LinkResult(u, Verdict.BROKEN, 404, "404 Not Found") for u in urls}  # type: ignore[attr-defined]

    outcome = pr.review(link_checker=checker, links_only=True)

    assert seen == [(("https://gone.example.org/x",), True)]
    assert outcome.conclusion == "failure"
    body = str(_only_comment(pr)["body"])
    assert "L401" in body
    assert re.search(r"\| ❌ Links \| 1 \|", body)


def test_the_link_checker_asks_github_with_the_installations_token(
    github_world: GitHubWorld,
) -> None:
    """GitHub links are checked through the API as the App's installation, not anonymously."""
    pr = _pr_adding(github_world, "- [Tool](https://github.com/acme/tool) - Does things.")
    tokens: list[str | None] = []

    def checker(
        urls: object,
        config: object,
        fresh: bool,
        github_token: str | None = None,
        asker: str | None = None,
    ) -> dict[str, LinkResult]:
        tokens.append(github_token)
        return {}

    pr.review(link_checker=checker)

    assert len(tokens) == 1 and tokens[0] is not None
    issued = github_world.fake.tokens[tokens[0]]
    assert issued.kind == "Bot" and issued.login.endswith("[bot]")


def test_a_crashing_link_checker_costs_only_the_links(github_world: GitHubWorld) -> None:
    pr = _pr_adding(github_world, DUPLICATE_ENTRY)

    def checker(
        urls: object,
        config: object,
        fresh: bool,
        github_token: str | None = None,
        asker: str | None = None,
    ) -> dict[str, LinkResult]:
        raise OSError("resolver exploded")

    outcome = pr.review(link_checker=checker)

    assert outcome.conclusion == "failure"
    body = str(_only_comment(pr)["body"])
    assert "D301" in body
    assert "| ⏭️ Links | not checked |" in body


@pytest.mark.parametrize("prefix", ["/api/v3"])
def test_github_enterprise_base_url(prefix: str, rsa_key: object) -> None:
    from tests.fakes.fixtures import install_app
    from tests.fakes.github_api import FakeGitHub

    fake = FakeGitHub(prefix=prefix).start()
    try:
        world = install_app(fake, rsa_key)  # type: ignore[arg-type]
        assert world.settings.api_url.endswith("/api/v3")
        pr = _pr_adding(world, DUPLICATE_ENTRY)
        assert pr.review().conclusion == "failure"
    finally:
        fake.stop()


def test_binary_list_fails_with_a_reason(github_world: GitHubWorld) -> None:
    pr = open_pull(
        github_world, {"README.md": SMALL_LIST}, {"README.md": b"\x89PNG\r\n\x1a\n\x00\x00"}
    )

    outcome = pr.review()

    assert outcome.conclusion == "failure"
    assert "it is a binary file" in str(_only_comment(pr)["body"])


def test_list_over_the_size_limit_is_not_parsed_but_answered(github_world: GitHubWorld) -> None:
    huge = SMALL_LIST + ("- [x](https://x.org) - " + "y" * 1000 + "\n") * 6000
    pr = open_pull(github_world, {"README.md": SMALL_LIST}, {"README.md": huge})

    outcome = pr.review()

    assert outcome.conclusion == "neutral"
    assert "awesome-review reviews lists up to 5 MB" in str(_only_comment(pr)["body"])


def test_a_list_named_readme_md_in_lower_case_is_reviewed(github_world: GitHubWorld) -> None:
    # sindresorhus/awesome and awesome-nodejs name their list so; GitHub shows it as the README
    head = with_entry(SMALL_LIST, AFTER_TGI, DUPLICATE_ENTRY)
    pr = open_pull(github_world, {"readme.md": SMALL_LIST}, {"readme.md": head})

    outcome = pr.review()

    assert outcome.conclusion == "failure"
    body = str(_only_comment(pr)["body"])
    assert "D301" in body and f"/blob/{pr.head_sha}/readme.md#L15" in body
