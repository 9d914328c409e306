"""Gateways that count their GitHub API calls for /metrics.

A wrapper around any `Gateways`, so the gateway itself stays one documented call per
method: each call is counted once, by name and outcome (`ok` or the GitHubError type), and
the rate limit GitHub reported in its latest answer is recorded. PyGithub's transport
retries and extra pages of a list are inside one call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import ParamSpec, TypeVar

from bot import metrics
from bot.github.errors import GitHubError
from bot.github.protocol import Gateway, Gateways
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

LOG = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


class MeteredGateways(Gateways):
    """`for_installation` hands out gateways whose calls are counted."""

    def __init__(self, factory: Gateways) -> None:
        self.factory = factory

    def for_installation(self, installation_id: int | None) -> MeteredGateway:
        return MeteredGateway(self.factory.for_installation(installation_id))


class MeteredGateway(Gateway):
    """A Gateway whose calls count themselves; one method per Gateway method, so mypy
    checks the wrapper against the protocol like any other gateway."""

    def __init__(self, gateway: Gateway) -> None:
        self._gateway = gateway

    def _counted(self, name: str, call: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        outcome = "ok"
        try:
            return call(*args, **kwargs)
        except GitHubError as exc:
            outcome = type(exc).__name__
            raise
        finally:
            metrics.count_github_call(name, outcome, self.rate_limit_remaining())

    @property
    def token(self) -> str | None:
        return self._gateway.token

    @property
    def login(self) -> str:
        return self._gateway.login

    def rate_limit_remaining(self) -> int | None:
        return self._gateway.rate_limit_remaining()

    def pull_request(self, repo: str, number: int) -> PullRequest:
        return self._counted("pull_request", self._gateway.pull_request, repo, number)

    def pull_files(self, repo: str, number: int) -> list[PullFile]:
        return self._counted("pull_files", self._gateway.pull_files, repo, number)

    def merge_base(self, repo: str, base_sha: str, head_sha: str) -> str:
        return self._counted("merge_base", self._gateway.merge_base, repo, base_sha, head_sha)

    def file_content(self, repo: str, path: str, ref: str) -> FileContent | None:
        return self._counted("file_content", self._gateway.file_content, repo, path, ref)

    def issue_comments(self, repo: str, number: int) -> list[Comment]:
        return self._counted("issue_comments", self._gateway.issue_comments, repo, number)

    def review_comments(self, repo: str, number: int) -> list[ReviewComment]:
        return self._counted("review_comments", self._gateway.review_comments, repo, number)

    def permission(self, repo: str, user: str) -> str:
        return self._counted("permission", self._gateway.permission, repo, user)

    def create_comment(self, repo: str, number: int, body: str) -> Comment:
        return self._counted("create_comment", self._gateway.create_comment, repo, number, body)

    def edit_comment(self, repo: str, comment_id: int, body: str) -> Comment:
        return self._counted("edit_comment", self._gateway.edit_comment, repo, comment_id, body)

    def delete_comment(self, repo: str, comment_id: int) -> None:
        self._counted("delete_comment", self._gateway.delete_comment, repo, comment_id)

    def add_reaction(self, repo: str, comment_id: int, content: str) -> None:
        self._counted("add_reaction", self._gateway.add_reaction, repo, comment_id, content)

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
        return self._counted(
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
        self._counted(
            "add_annotations", self._gateway.add_annotations, repo, check_run_id, output,
            annotations,
        )  # fmt: skip

    def create_status(
        self, repo: str, sha: str, state: str, description: str, context: str,
        target_url: str | None,
    ) -> None:  # fmt: skip
        self._counted(
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
        return self._counted(
            "create_review", self._gateway.create_review, repo, number, commit_id, body,
            comments, event,
        )  # fmt: skip

    def create_review_comment(
        self, repo: str, number: int, commit_id: str, comment: InlineComment
    ) -> int:
        return self._counted(
            "create_review_comment", self._gateway.create_review_comment, repo, number,
            commit_id, comment,
        )  # fmt: skip
