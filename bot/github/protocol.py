"""The GitHub seam: what the pipeline, the publishers and the job runner may ask of GitHub.

`PyGithubGateway` (bot/github/gateway.py) is the real one and `MeteredGateway` counts its
calls; test stand-ins subclass these protocols, so mypy checks every one of them against
the same signatures. Every method raises bot.github.errors types, never PyGithub's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.github.types import (
    Annotation,
    CheckRunResult,
    CheckRunSeen,
    Comment,
    FileContent,
    InlineComment,
    Issue,
    OpenPull,
    PullFile,
    PullRequest,
    Review,
    ReviewComment,
)


class Gateway(Protocol):
    """GitHub as one repository installation sees it."""

    @property
    def token(self) -> str | None:
        """The token this gateway acts with (the link checker asks GitHub's API with it)."""
        ...

    @property
    def login(self) -> str:
        """Our own login, e.g. `awesome-review[bot]`, to tell our comments from others'."""
        ...

    def rate_limit_remaining(self) -> int | None:
        """X-RateLimit-Remaining of GitHub's latest answer; None before the first one."""
        ...

    # ------------------------------------------------------------------ reads

    def pull_request(self, repo: str, number: int) -> PullRequest: ...

    def pull_files(self, repo: str, number: int) -> list[PullFile]: ...

    def merge_base(self, repo: str, base_sha: str, head_sha: str) -> str: ...

    def file_content(self, repo: str, path: str, ref: str) -> FileContent | None:
        """`path` at commit `ref`; None when it does not exist there."""
        ...

    def issue_comments(self, repo: str, number: int) -> list[Comment]: ...

    def review_comments(self, repo: str, number: int) -> list[ReviewComment]: ...

    def reviews(self, repo: str, number: int) -> list[Review]:
        """The PR's submitted reviews, oldest first."""
        ...

    def permission(self, repo: str, user: str) -> str:
        """admin, maintain, write, triage, read or none."""
        ...

    # ------------------------------------------------------------------ writes

    def create_comment(self, repo: str, number: int, body: str) -> Comment: ...

    def edit_comment(self, repo: str, comment_id: int, body: str) -> Comment: ...

    def delete_comment(self, repo: str, comment_id: int) -> None: ...

    def add_reaction(self, repo: str, comment_id: int, content: str) -> None: ...

    def create_check_run(
        self,
        repo: str,
        head_sha: str,
        name: str,
        conclusion: str,
        output: dict[str, str],
        annotations: Sequence[Annotation] = (),
        details_url: str | None = None,
    ) -> CheckRunResult: ...

    def add_annotations(
        self,
        repo: str,
        check_run_id: int,
        output: dict[str, str],
        annotations: Sequence[Annotation],
    ) -> None: ...

    def check_runs(self, repo: str, head_sha: str, name: str) -> list[CheckRunSeen]:
        """Our own check runs named `name` on `head_sha`, oldest first (all of them, not
        only the latest that GitHub shows)."""
        ...

    def conclude_check_run(
        self, repo: str, check_run_id: int, conclusion: str, output: dict[str, str]
    ) -> None: ...

    def create_status(
        self, repo: str, sha: str, state: str, description: str, context: str,
        target_url: str | None,
    ) -> None: ...  # fmt: skip

    def create_review(
        self,
        repo: str,
        number: int,
        commit_id: str,
        body: str,
        comments: Sequence[InlineComment],
        event: str = "COMMENT",
    ) -> int: ...

    def create_review_comment(
        self, repo: str, number: int, commit_id: str, comment: InlineComment
    ) -> int: ...

    def edit_review(self, repo: str, number: int, review_id: int, body: str) -> None:
        """Replace a submitted review's body (a submitted review cannot be deleted)."""
        ...

    def delete_review_comment(self, repo: str, comment_id: int) -> None: ...

    def update_file(
        self, repo: str, path: str, branch: str, message: str, data: bytes, blob_sha: str
    ) -> str:
        """Commit `data` as `path` on `branch` (the contents API); `blob_sha` is the file's
        blob as we read it, so a branch that moved on since is refused (409), not overwritten.
        Returns the new commit's SHA."""
        ...

    # ------------------------------------------------------------------ the audit and pushes

    def installation_repositories(self) -> list[str]:
        """The repositories this installation may see."""
        ...

    def default_branch(self, repo: str) -> tuple[str, str]:
        """The repository's default branch and the SHA it points at."""
        ...

    def open_issues(self, repo: str, creator: str) -> list[Issue]:
        """Open issues `creator` opened, oldest first (pull requests left out)."""
        ...

    def create_issue(self, repo: str, title: str, body: str) -> Issue: ...

    def edit_issue(
        self, repo: str, number: int, body: str | None = None, state: str | None = None
    ) -> Issue:
        """Change an issue's body and/or close it (`state="closed"`) or reopen it."""
        ...

    def open_pulls(self, repo: str, base: str, limit: int) -> list[OpenPull]:
        """Open pull requests into `base`, newest first, at most `limit`."""
        ...


class Gateways(Protocol):
    """Hands out a Gateway per installation (`GatewayFactory`, or a counting wrapper)."""

    def for_installation(self, installation_id: int | None) -> Gateway:
        """A gateway acting for `installation_id`; raises GitHubError when none can be had."""
        ...

    def installations(self) -> list[int]:
        """The ids of every installation of our App (none with a plain token)."""
        ...
