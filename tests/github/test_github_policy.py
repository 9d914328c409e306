"""A list's pull-request policies in the App: what the pull request touches comes from GitHub
(GET /pulls/N/files, through real PyGithub against the fake API), and every policy it breaks
is in the sticky comment, saying where the policy is configured."""

from __future__ import annotations

from bot.config import CONFIG_PATH
from bot.pipeline import OutcomeKind
from tests.checks.test_policy import AWESOME_GO, example_config, three_entries
from tests.fakes.fixtures import GitHubWorld
from tests.fakes.scenario import PullUnderTest, open_pull

GO_MOD = "module github.com/avelino/awesome-go\n\ngo 1.21\n"


def _pr(world: GitHubWorld, config: str | None) -> PullUnderTest:
    base: dict[str, str | bytes] = {"README.md": AWESOME_GO, "go.mod": GO_MOD}
    if config is not None:
        base[CONFIG_PATH] = config
    head = {**base, "README.md": three_entries(AWESOME_GO), "go.mod": GO_MOD + "\n// x\n"}
    return open_pull(world, base, head)


def test_a_pr_breaking_awesome_gos_policies_is_told_each_in_the_sticky_comment(
    github_world: GitHubWorld,
) -> None:
    pr = _pr(github_world, example_config())

    outcome = pr.review()

    assert outcome.kind is OutcomeKind.POSTED and outcome.conclusion == "failure"
    [comment] = pr.comments()
    body = str(comment["body"])
    assert "| ❌ Policies | 3 | 4 | 0 |" in body  # Q804 raised to a warning by the example
    for code in ("Q801", "Q802", "Q803", "Q804", "Q805", "Q806"):
        assert f"#{code.lower()}-" in body, code  # each linked to its rule's docs
    assert (
        "this list allows 1 entry per pull request (`policy.max_entries_added` in "
        ".github/awesome-review.yml); this one adds 3" in body
    )
    assert "this one also changes `go.mod`" in body  # learned from the PR's files
    assert "link text `Logz Pro` does not match the repository's name `logz`" in body
    assert "the description says `fastest`, `blazing`" in body
    assert "the description says `enterprise-grade`" in body
    assert "`Quantum Computing`, which this pull request adds to, has 1" in body
    assert "`qgo` has no description" in body


def test_without_a_policy_the_same_pr_hears_of_none(github_world: GitHubWorld) -> None:
    pr = _pr(github_world, None)

    pr.review()

    [comment] = pr.comments()
    body = str(comment["body"])
    assert "Q80" not in body
    assert "Policies" not in body  # no row for a check the list leaves off
    assert "| ✅ Papers | 0 | 0 | 0 |" in body


def test_a_list_of_several_files_is_told_of_other_files_once(github_world: GitHubWorld) -> None:
    config = "files: [README.md, 'docs/*.md']\npolicy: {allowed_files: []}\n"
    second = "# More\n\n## Tools\n\n- [a](https://a.example.org) - A.\n"
    base: dict[str, str | bytes] = {
        CONFIG_PATH: config,
        "README.md": AWESOME_GO,
        "docs/more.md": second,
        "go.mod": GO_MOD,
    }
    head = {
        **base,
        "README.md": three_entries(AWESOME_GO),
        "docs/more.md": second + "- [b](https://b.example.org) - B.\n",
        "go.mod": GO_MOD + "\n// x\n",
    }
    pr = open_pull(github_world, base, head)

    pr.review()

    [comment] = pr.comments()
    body = str(comment["body"])
    assert "#### `README.md`" in body and "#### `docs/more.md`" in body  # both reviewed
    assert body.count("this one also changes `go.mod`.") == 1
