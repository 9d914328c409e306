"""A Gateway that hands every call on to another one, through two hooks.

Wrappers (counting calls for /metrics, fencing a stale worker's writes) override `_read`
or `_write` instead of restating each method: one method per Gateway method lives here,
so mypy checks every wrapper against the protocol and a new write cannot slip past a hook.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ParamSpec, TypeVar

from bot.github.protocol import Gateway
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

P = ParamSpec("P")
R = TypeVar("R")


class ForwardingGateway(Gateway):
    """Forwards each call to `gateway`: reads through `_read`, writes through `_write`."""

    def __init__(self, gateway: Gateway) -> None:
        self._gateway = gateway

    def _read(self, name: str, call: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        return call(*args, **kwargs)

    def _write(self, name: str, call: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        return self._read(name, call, *args, **kwargs)

    @property
    def token(self) -> str | None:
        return self._gateway.token

    @property
    def login(self) -> str:
        return self._gateway.login

    def rate_limit_remaining(self) -> int | None:
        return self._gateway.rate_limit_remaining()

    # ------------------------------------------------------------------ reads

    def pull_request(self, repo: str, number: int) -> PullRequest:
        return self._read("pull_request", self._gateway.pull_request, repo, number)

    def pull_files(self, repo: str, number: int) -> list[PullFile]:
        return self._read("pull_files", self._gateway.pull_files, repo, number)

    def merge_base(self, repo: str, base_sha: str, head_sha: str) -> str:
        return self._read("merge_base", self._gateway.merge_base, repo, base_sha, head_sha)

    def file_content(self, repo: str, path: str, ref: str) -> FileContent | None:
        return self._read("file_content", self._gateway.file_content, repo, path, ref)

    def issue_comments(self, repo: str, number: int) -> list[Comment]:
        return self._read("issue_comments", self._gateway.issue_comments, repo, number)

    def review_comments(self, repo: str, number: int) -> list[ReviewComment]:
        return self._read("review_comments", self._gateway.review_comments, repo, number)

    def reviews(self, repo: str, number: int) -> list[Review]:
        return self._read("reviews", self._gateway.reviews, repo, number)

    def permission(self, repo: str, user: str) -> str:
        return self._read("permission", self._gateway.permission, repo, user)

    # ------------------------------------------------------------------ writes

    def create_comment(self, repo: str, number: int, body: str) -> Comment:
        return self._write("create_comment", self._gateway.create_comment, repo, number, body)

    def edit_comment(self, repo: str, comment_id: int, body: str) -> Comment:
        return self._write("edit_comment", self._gateway.edit_comment, repo, comment_id, body)

    def delete_comment(self, repo: str, comment_id: int) -> None:
        self._write("delete_comment", self._gateway.delete_comment, repo, comment_id)

    def add_reaction(self, repo: str, comment_id: int, content: str) -> None:
        self._write("add_reaction", self._gateway.add_reaction, repo, comment_id, content)

    def create_check_run(
        self,
        repo: str,
        head_sha: str,
        name: str,
        conclusion: str,
        output: dict[str, str],
        annotations: Sequence[Annotation] = (),
        details_url: str | None = None,
    ) -> CheckRunResult:
        return self._write(
            "create_check_run", self._gateway.create_check_run, repo, head_sha, name,
            conclusion, output, annotations, details_url,
        )  # fmt: skip

    def add_annotations(
        self,
        repo: str,
        check_run_id: int,
        output: dict[str, str],
        annotations: Sequence[Annotation],
    ) -> None:
        self._write(
            "add_annotations", self._gateway.add_annotations, repo, check_run_id, output,
            annotations,
        )  # fmt: skip

    def check_runs(self, repo: str, head_sha: str, name: str) -> list[CheckRunSeen]:
        return self._read("check_runs", self._gateway.check_runs, repo, head_sha, name)

    def conclude_check_run(
        self, repo: str, check_run_id: int, conclusion: str, output: dict[str, str]
    ) -> None:
        self._write(
            "conclude_check_run", self._gateway.conclude_check_run, repo, check_run_id,
            conclusion, output,
        )  # fmt: skip

    def create_status(
        self, repo: str, sha: str, state: str, description: str, context: str,
        target_url: str | None,
    ) -> None:  # fmt: skip
        self._write(
            "create_status", self._gateway.create_status, repo, sha, state, description,
            context, target_url,
        )  # fmt: skip

    def create_review(
        self,
        repo: str,
        number: int,
        commit_id: str,
        body: str,
        comments: Sequence[InlineComment],
        event: str = "COMMENT",
    ) -> int:
        return self._write(
            "create_review", self._gateway.create_review, repo, number, commit_id, body,
            comments, event,
        )  # fmt: skip

    def create_review_comment(
        self, repo: str, number: int, commit_id: str, comment: InlineComment
    ) -> int:
        return self._write(
            "create_review_comment", self._gateway.create_review_comment, repo, number,
            commit_id, comment,
        )  # fmt: skip

    def edit_review(self, repo: str, number: int, review_id: int, body: str) -> None:
        self._write("edit_review", self._gateway.edit_review, repo, number, review_id, body)

    def delete_review_comment(self, repo: str, comment_id: int) -> None:
        self._write(
            "delete_review_comment", self._gateway.delete_review_comment, repo, comment_id
        )

    def update_file(
        self, repo: str, path: str, branch: str, message: str, data: bytes, blob_sha: str
    ) -> str:
        return self._write(
            "update_file", self._gateway.update_file, repo, path, branch, message, data, blob_sha
        )

    # ------------------------------------------------------------------ the audit and pushes

    def installation_repositories(self) -> list[str]:
        return self._read("installation_repositories", self._gateway.installation_repositories)

    def default_branch(self, repo: str) -> tuple[str, str]:
        return self._read("default_branch", self._gateway.default_branch, repo)

    def open_issues(self, repo: str, creator: str) -> list[Issue]:
        return self._read("open_issues", self._gateway.open_issues, repo, creator)

    def open_pulls(self, repo: str, base: str, limit: int) -> list[OpenPull]:
        return self._read("open_pulls", self._gateway.open_pulls, repo, base, limit)

    def create_issue(self, repo: str, title: str, body: str) -> Issue:
        return self._write("create_issue", self._gateway.create_issue, repo, title, body)

    def edit_issue(
        self, repo: str, number: int, body: str | None = None, state: str | None = None
    ) -> Issue:
        return self._write("edit_issue", self._gateway.edit_issue, repo, number, body, state)
