"""Fencing: a worker writes to GitHub only while it still holds its PR's lock.

A worker that stalls past its lease (a long pause, a lost connection to the store) may wake
up after another worker has taken the review over. Every write it then attempts is refused
here, before it is sent: the lock's owner token is the fencing token, checked (and renewed)
before each write. A write already in flight when a worker dies cannot be called back; the
sweep waits IN_FLIGHT_SECONDS past a lease before handing the review on (runner.sweep), and
publishing folds any duplicate of our sticky comment it still finds (github/sticky.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ParamSpec, TypeVar

from bot.github.auth import GatewayOptions
from bot.github.protocol import Gateway
from bot.github.types import (
    Annotation,
    CheckRunResult,
    Comment,
    FileContent,
    InlineComment,
    PullFile,
    PullRequest,
    ReviewComment,
)

# The longest a write sent under a lease can take to land or fail: one HTTP request's timeout.
IN_FLIGHT_SECONDS = float(GatewayOptions().timeout)

P = ParamSpec("P")
R = TypeVar("R")


class Superseded(Exception):
    """This worker no longer holds the review: another one has taken it over."""


class FencedGateway(Gateway):
    """A Gateway whose writes first ask `still_ours()`; reads pass through unchanged. One
    method per Gateway method, so mypy checks the wrapper against the protocol and a new
    write cannot slip past the fence unnoticed."""

    def __init__(self, gateway: Gateway, still_ours: Callable[[], bool]) -> None:
        self._gateway = gateway
        self._still_ours = still_ours

    def _fenced(self, name: str, call: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        if not self._still_ours():
            raise Superseded(f"lost the lock before {name}; another worker has the review")
        return call(*args, **kwargs)

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
        return self._gateway.pull_request(repo, number)

    def pull_files(self, repo: str, number: int) -> list[PullFile]:
        return self._gateway.pull_files(repo, number)

    def merge_base(self, repo: str, base_sha: str, head_sha: str) -> str:
        return self._gateway.merge_base(repo, base_sha, head_sha)

    def file_content(self, repo: str, path: str, ref: str) -> FileContent | None:
        return self._gateway.file_content(repo, path, ref)

    def issue_comments(self, repo: str, number: int) -> list[Comment]:
        return self._gateway.issue_comments(repo, number)

    def review_comments(self, repo: str, number: int) -> list[ReviewComment]:
        return self._gateway.review_comments(repo, number)

    def permission(self, repo: str, user: str) -> str:
        return self._gateway.permission(repo, user)

    # ------------------------------------------------------------------ writes

    def create_comment(self, repo: str, number: int, body: str) -> Comment:
        return self._fenced("create_comment", self._gateway.create_comment, repo, number, body)

    def edit_comment(self, repo: str, comment_id: int, body: str) -> Comment:
        return self._fenced("edit_comment", self._gateway.edit_comment, repo, comment_id, body)

    def delete_comment(self, repo: str, comment_id: int) -> None:
        self._fenced("delete_comment", self._gateway.delete_comment, repo, comment_id)

    def add_reaction(self, repo: str, comment_id: int, content: str) -> None:
        self._fenced("add_reaction", self._gateway.add_reaction, repo, comment_id, content)

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
        return self._fenced(
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
        self._fenced(
            "add_annotations", self._gateway.add_annotations, repo, check_run_id, output,
            annotations,
        )  # fmt: skip

    def create_status(
        self, repo: str, sha: str, state: str, description: str, context: str,
        target_url: str | None,
    ) -> None:  # fmt: skip
        self._fenced(
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
        return self._fenced(
            "create_review", self._gateway.create_review, repo, number, commit_id, body,
            comments, event,
        )  # fmt: skip

    def create_review_comment(
        self, repo: str, number: int, commit_id: str, comment: InlineComment
    ) -> int:
        return self._fenced(
            "create_review_comment", self._gateway.create_review_comment, repo, number,
            commit_id, comment,
        )  # fmt: skip
